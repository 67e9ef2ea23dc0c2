// Phase 1 of a step: sample B groups of G rollouts, score them, run the data-side hooks (Scaf hints, filters) and,
// with DAPO dynamic sampling, draw more generation batches until B informative groups are kept.
import type { RunConfig } from '../../config';
import { Rng } from '../../rng';
import type { Task } from '../../tasks/types';
import type { TransformerPolicy } from '../../policy/model';
import type { ActiveExpert } from '../experts';
import { drawProblems, groupRequests, groupsFrom, runRollouts, type Group } from '../rollouts';
import { applyScafHints, type HintReport } from '../hints';
import { filterGroups } from '../filters';
import type { PromptPools } from '../prompt-pools';
import { draftConditionedRequests, type DraftReport } from '../igrpo';
import { addSageReports, applySelfHints, EMPTY_SAGE_REPORT, type SageReport } from '../sage';
import type { EmitPhase } from './snapshot';

export interface CollectInput {
  policy: TransformerPolicy;
  task: Task;
  cfg: RunConfig;
  step: number;
  experts: ActiveExpert[];
  heldOutIds: Set<string>;
  earlyStopEvery: number;
  /** The fixed prompt pools of MMR1 VAS and Prompt-GDRO (used only when one of them is on). */
  pools: PromptPools;
  emit: EmitPhase;
}

export interface Collected {
  /** The B groups trained on. */
  trainGroups: Group[];
  /** Groups a data-side filter removed. */
  dropped: Group[];
  /** Informative groups beyond B (dynamic sampling drew more than needed). */
  overflow: Group[];
  genBatches: number;
  hintReport: HintReport;
  /** iGRPO draft stage of each generation batch (empty when off). */
  drafts: DraftReport[];
  /** SAGE / HiLL self-hinting, summed over generation batches. */
  sage: SageReport;
}

export async function collectGroups(input: CollectInput): Promise<Collected> {
  const { policy, task, cfg, step, experts, emit } = input;
  const promptRng = new Rng(cfg.seed, `prompts/${step}`);
  const kept: Group[] = [];
  const dropped: Group[] = [];
  let genBatches = 0;
  let hintReport: HintReport = { attempted: 0, used: 0, levels: [] };
  const drafts: DraftReport[] = [];
  let sage: SageReport = EMPTY_SAGE_REPORT;
  const maxBatches = cfg.data.dynamicSampling ? cfg.data.maxGenBatches : 1;
  while (genBatches < maxBatches && kept.length < cfg.prompts) {
    genBatches++;
    const pooled = input.pools.active(cfg);
    const problems = pooled ? pooled.draw(cfg.prompts, promptRng) : drawProblems(task, cfg, promptRng, cfg.prompts, input.heldOutIds);
    // Rollout-GDRO: the same B x G rollouts, a G per prompt by its difficulty bin
    const sizes = cfg.data.gdroRollouts
      ? input.pools.gdro(cfg).groupSizes(problems, cfg.prompts * cfg.groupSize, cfg.data.gdroMinG, cfg.data.gdroMaxG)
      : undefined;
    let requests = groupRequests(problems, experts, cfg, (genBatches - 1) * cfg.prompts, sizes);
    if (cfg.data.igrpo) {
      const d = await draftConditionedRequests(
        policy,
        task,
        cfg,
        requests,
        new Rng(cfg.seed, `igrpo-drafts/${step}/${genBatches}`),
        input.earlyStopEvery,
      );
      requests = d.requests;
      drafts.push(d.report);
    }
    const rollouts = await runRollouts(
      policy,
      task,
      cfg,
      requests,
      new Rng(cfg.seed, `sampling/${step}/${genBatches}`),
      input.earlyStopEvery,
    );
    const groups = groupsFrom(rollouts);
    if (genBatches === 1) {
      await emit('sample', groups, {
        rollouts: rollouts.length,
        mean_length: rollouts.reduce((a, r) => a + r.completionIds.length, 0) / Math.max(rollouts.length, 1),
      });
      const correct = rollouts.filter((r) => r.components.correct >= 1).length;
      await emit('score', groups, {
        correct_frac: correct / Math.max(rollouts.length, 1),
        mean_reward: rollouts.reduce((a, r) => a + r.total, 0) / Math.max(rollouts.length, 1),
      });
    }
    if (cfg.data.scafHints && step > cfg.data.scafWarmup) {
      const r = await applyScafHints(policy, task, cfg, groups, new Rng(cfg.seed, `hints/${step}/${genBatches}`), input.earlyStopEvery);
      hintReport = {
        attempted: hintReport.attempted + r.attempted,
        used: hintReport.used + r.used,
        levels: [...hintReport.levels, ...r.levels],
      };
    }
    if (cfg.data.sage || cfg.data.hill) {
      sage = addSageReports(
        sage,
        await applySelfHints(policy, task, cfg, groups, new Rng(cfg.seed, `sage/${step}/${genBatches}`), input.earlyStopEvery),
      );
    }
    const { keep, drop } = filterGroups(groups, cfg);
    kept.push(...keep);
    dropped.push(...drop);
  }
  const trainGroups = kept.slice(0, cfg.prompts);
  if (cfg.data.vas)
    for (const g of trainGroups)
      input.pools.vas(cfg).observe(
        g.problem.id,
        g.rollouts.map((r) => r.components.correct >= 1),
      );
  if (cfg.data.gdro)
    input.pools
      .gdro(cfg)
      .observe(trainGroups.map((g) => ({ problemId: g.problem.id, correct: g.rollouts.map((r) => r.components.correct >= 1) })));
  await emit(
    'filter',
    trainGroups,
    { kept: trainGroups.length, dropped: dropped.length, gen_batches: genBatches, hints_used: hintReport.used },
    undefined,
    dropped,
  );
  return { trainGroups, dropped, overflow: kept.slice(cfg.prompts), genBatches, hintReport, drafts, sage };
}
