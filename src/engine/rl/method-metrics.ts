// Metrics of the issue-15 methods, logged only while their knob is on (so other runs' JSONL stays unchanged).
// Every value is finite: a quantity with no data this step (no right response, say) is left out, not NaN.
import type { RunConfig } from '../config';
import type { Metrics } from './types';
import type { Rollout } from './rollouts';
import { lldDiagnostic } from './llds';
import type { SrpoStepResult } from './srpo';
import type { DraftReport } from './igrpo';
import type { SageReport } from './sage';

export interface MethodMetricsInput {
  rollouts: readonly Rollout[];
  /** Mean token log-prob of each rollout under the sampling policy. */
  meanLogp: readonly number[];
  advantages: readonly (readonly number[])[];
  /** Mean LLDS value over the step's minibatches (undefined: no update ran). */
  llds?: number;
  /** The entropy coefficient the step's loss used. */
  entropyCoef: number;
  /** MMR1 pool statistics when variance-aware sampling is on. */
  vas?: { meanScore: number; coverage: number };
  /** SAGE self-hinting of the step (summed over generation batches) and the number of trained groups. */
  sage?: SageReport & { groups: number };
  /** iGRPO draft stage of each generation batch, when it is on. */
  drafts?: readonly DraftReport[];
  /** SRPO routing of the step, when it is on. */
  srpo?: SrpoStepResult;
  /** Prompt-GDRO bin weights q_b and the share of the pool in each bin, when it is on. */
  gdro?: { weights: readonly number[]; occupancy: readonly number[]; allocation: ReadonlyArray<{ bin: number; g: number }> };
}

export function methodMetrics(cfg: RunConfig, inp: MethodMetricsInput): Metrics {
  const m: Metrics = {};
  if (cfg.objective.lldsCoef > 0) {
    // The LLD diagnostic: log-likelihood of right and of wrong responses over training.
    const d = lldDiagnostic(
      inp.meanLogp,
      inp.rollouts.map((r) => r.components.correct >= 1),
    );
    if (Number.isFinite(d.right)) m['lld/logp_right'] = d.right;
    if (Number.isFinite(d.wrong)) m['lld/logp_wrong'] = d.wrong;
    m['llds/loss'] = inp.llds ?? 0;
  }
  if (cfg.objective.entropyAdaptive) m.entropy_coef = inp.entropyCoef;
  if (inp.vas) {
    m['vas/mean_ovs'] = inp.vas.meanScore;
    m['vas/pool_coverage'] = inp.vas.coverage;
  }
  if (inp.sage) {
    m['sage/hinted_frac'] = inp.sage.hinted / Math.max(inp.sage.groups, 1);
    if (inp.sage.hinted > 0) {
      m['sage/rescued_frac'] = inp.sage.rescued / inp.sage.hinted;
      m['sage/hint_right_frac'] = inp.sage.hintRight / inp.sage.hinted;
    }
    if (cfg.data.hill && inp.sage.hinted > 0) m['hill/reward'] = inp.sage.rewardSum / inp.sage.hinted;
    if (cfg.data.hill && inp.sage.relianceCount > 0) m['hill/reliance'] = inp.sage.relianceSum / inp.sage.relianceCount;
  }
  if (inp.drafts?.length) {
    const prompts = inp.drafts.reduce((a, d) => a + d.prompts, 0);
    if (prompts > 0) {
      m['igrpo/best_draft_correct'] = inp.drafts.reduce((a, d) => a + d.bestCorrect, 0) / prompts;
      m['igrpo/best_draft_reward'] = inp.drafts.reduce((a, d) => a + d.bestReward * d.prompts, 0) / prompts;
    }
  }
  if (inp.srpo) {
    m['srpo/distill_frac'] = inp.srpo.routedFrac;
    m['srpo/teacher_entropy'] = inp.srpo.teacherEntropy;
    m['srpo/weight'] = inp.srpo.meanWeight;
    m['srpo/teacher_gain'] = inp.srpo.teacherGain;
  }
  if (inp.gdro) {
    inp.gdro.weights.forEach((q, b) => (m[`gdro/q/${b}`] = q));
    inp.gdro.occupancy.forEach((o, b) => (m[`gdro/pool/${b}`] = o));
    if (cfg.data.gdroRollouts)
      inp.gdro.weights.forEach((_, b) => {
        const gs = inp.gdro!.allocation.filter((a) => a.bin === b).map((a) => a.g);
        if (gs.length) m[`gdro/g/${b}`] = gs.reduce((x, y) => x + y, 0) / gs.length; // mean G of the bin's prompts
      });
  }
  if (cfg.advantage.dagrpoDelta > 0) {
    // Of the sample pairs whose rewards differ, the share the DaGRPO mask leaves out (low distinctiveness).
    let differing = 0;
    let masked = 0;
    let k = 0;
    for (const a of inp.advantages) {
      const r = inp.rollouts.slice(k, k + a.length).map((x) => x.total);
      k += a.length;
      for (let i = 0; i < r.length; i++)
        for (let j = i + 1; j < r.length; j++) {
          const d = Math.abs(r[i] - r[j]);
          if (!(d > 1e-12)) continue;
          differing++;
          if (d < cfg.advantage.dagrpoDelta) masked++;
        }
    }
    if (differing > 0) m['dagrpo/masked_pair_frac'] = masked / differing;
  }
  if (cfg.advantage.g2rpo || cfg.advantage.arena) {
    const flat = inp.advantages.flat();
    if (flat.length) {
      m['adv/max'] = Math.max(...flat);
      m['adv/min'] = Math.min(...flat);
    }
  }
  return m;
}
