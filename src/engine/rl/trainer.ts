// One training step: prompts -> G rollouts per prompt -> rewards -> data-side hooks -> advantages -> update -> metrics.
// Every random draw comes from a stream named after (seed, purpose, step), so a knob that changes one phase never
// shifts the random numbers of another, and two runs that differ only in the advantage variant see the same prompts.
import * as tf from '@tensorflow/tfjs';
import { mergeConfig, parseConfig, RESET_KNOBS, type RunConfig, type RunConfigInput } from '../config';
import { Rng } from '../rng';
import { getTask, resolveDifficulty } from '../tasks';
import type { Problem, Task } from '../tasks/types';
import { TransformerPolicy, modelSpec } from '../policy/model';
import { Adam, type AdamState } from '../policy/adam';
import { buildBatch } from '../policy/batch';
import { signFlipRate } from './advantages';
import { probeOracle } from './oracle';
import { activeExperts } from './experts';
import { maxNewTokens } from './rollouts';
import { isZeroVariance } from './filters';
import { collectGroups } from './step/collect';
import { applyRewardKl, meanOver } from './step/reward-kl';
import { advantageStep } from './step/advantage-groups';
import { phaseEmitter, stepSnapshot, toSnapshot } from './step/snapshot';
import { timingMetrics } from './step/timing';
import { scoreBatch } from './step/score';
import { memlAuxTerms } from './step/meml-terms';
import { anchorMetrics, anchorTerms } from './step/anchor-terms';
import { SftBuffer, type SftItem } from './meml';
import { updatePolicy } from './update';
import { evaluatePolicy, heldOutProblems } from './evaluate';
import { effectiveEntropyCoef, initialEntropyControl, updateEntropyControl, type EntropyControlState } from './entropy-control';
import { methodMetrics } from './method-metrics';
import { PromptPools } from './prompt-pools';
import { routeFailedRollouts } from './srpo';
import { thrStep } from './step/thr-step';
import { stepMetrics } from '../metrics';
import type { Metrics, PhaseEvent, ProbeSnapshot, StepReport } from './types';

export interface TrainerInit {
  config: RunConfigInput;
  /** Weights to start from (a shipped checkpoint); required when config.init is 'checkpoint'. */
  initialWeights?: Map<string, Float32Array>;
  /** Sampling early-stop check interval (0 = one readback per rollout, best on GPUs). */
  earlyStopEvery?: number;
  /** Groups per step kept for the inspector. */
  snapshotGroups?: number;
  /** Clock for timing metrics (injectable so tests can make them constant). */
  now?: () => number;
}

export { RESET_KNOBS };

/** Everything needed to continue a run elsewhere (e.g. on another backend after a device loss). */
export interface TrainerState {
  step: number;
  numTokens: number;
  weights: Map<string, Float32Array>;
  referenceWeights: Map<string, Float32Array>;
  adam: AdamState;
  /** Skywork adaptive entropy controller (absent in states saved before it existed). */
  entropyControl?: EntropyControlState;
  /** The MEML hard-example SFT buffer (absent in states from before it was saved: then it starts empty). */
  sftBuffer?: SftItem[];
}

export interface StepOptions {
  /** Called after each phase of the update with its data; awaited, so a caller can pause between phases. */
  onPhase?: (event: PhaseEvent) => void | Promise<void>;
}

export class Trainer {
  config: RunConfig;
  readonly task: Task;
  readonly policy: TransformerPolicy;
  private reference: TransformerPolicy | null = null;
  private adam: Adam;
  private heldOut: Problem[] = [];
  private heldOutIds = new Set<string>();
  private sft = new SftBuffer();
  private entropyControl: EntropyControlState = initialEntropyControl(0);
  private readonly pools: PromptPools;
  private readonly earlyStopEvery: number;
  private readonly snapshotGroups: number;
  private readonly now: () => number;
  step = 0;
  numTokens = 0;
  /** p(x) and V(x) per probe prompt at the last oracle measurement, with the group it judged there (empty before the first). */
  lastProbes: ProbeSnapshot[] = [];

  constructor(init: TrainerInit & { state?: TrainerState }) {
    this.task = getTask(parseConfig(init.config).task);
    this.pools = new PromptPools(this.task, () => this.heldOutIds);
    this.config = this.resolve(parseConfig(init.config));
    const spec = modelSpec(this.config.modelSize);
    if (this.config.init === 'checkpoint') {
      if (!init.initialWeights)
        throw new Error(`init is 'checkpoint' but no ${this.config.task}/${this.config.modelSize} checkpoint was given`);
      this.policy = new TransformerPolicy(spec, init.initialWeights);
    } else {
      this.policy = TransformerPolicy.random(this.config.modelSize, new Rng(this.config.seed, 'init'));
    }
    this.adam = new Adam({ lr: this.config.lr, epsilon: this.config.adamEpsilon, clipNorm: this.config.gradClip });
    this.adam.init(this.policy.variables());
    // Copied up front (not when KL is first switched on) so the reference is always the starting policy.
    this.reference = this.policy.clone();
    this.entropyControl = initialEntropyControl(this.config.objective.entropyCoef);
    if (init.state) this.restore(init.state);
    this.earlyStopEvery = init.earlyStopEvery ?? defaultEarlyStop();
    this.snapshotGroups = init.snapshotGroups ?? 4;
    this.now = init.now ?? (() => performance.now());
    this.refreshHeldOut();
    activeExperts(this.task, this.config); // fail fast on a bad expert list
  }

  /** Fill in task-dependent defaults (difficulty 0 = the task's default) and clamp to the task's range. */
  private resolve(cfg: RunConfig): RunConfig {
    return { ...cfg, difficulty: resolveDifficulty(this.task, cfg.difficulty) };
  }

  private refreshHeldOut(): void {
    this.heldOut = heldOutProblems(this.task, this.config.difficulty, this.config.evalSize);
    this.heldOutIds = new Set(this.heldOut.map((p) => p.id));
  }

  /** The frozen KL reference (the starting policy), used only while the KL coefficient is non-zero. */
  private ensureReference(): TransformerPolicy | null {
    return this.config.objective.klCoef > 0 ? this.reference : null;
  }

  /**
   * Apply a live patch. Knobs that need a reset are refused (listed in needsReset); the rest apply at the next step.
   */
  updateConfig(patch: RunConfigInput): { applied: boolean; needsReset: string[] } {
    const next = this.resolve(parseConfig(mergeConfig(this.config, patch)));
    const needsReset = RESET_KNOBS.filter((k) => next[k] !== this.config[k]);
    if (needsReset.length) return { applied: false, needsReset: [...needsReset] };
    activeExperts(this.task, next); // throws a readable error on a bad expert list
    const difficultyChanged = next.difficulty !== this.config.difficulty || next.evalSize !== this.config.evalSize;
    this.config = next;
    this.adam.opts.lr = next.lr;
    this.adam.opts.epsilon = next.adamEpsilon;
    this.adam.opts.clipNorm = next.gradClip;
    if (difficultyChanged) this.refreshHeldOut();
    return { applied: true, needsReset: [] };
  }

  /**
   * Greedy eval on the held-out set. eval/pass@1 and eval/format: the default (first) expert, the prompt a user
   * would deploy. With several experts configured, also each expert's pass@1 and the best-expert pass@1 (a problem
   * counts when any expert's greedy completion solves it), whether or not experts are on for training.
   */
  async evaluate(): Promise<Metrics> {
    const experts = activeExperts(this.task, { ...this.config, experts: { ...this.config.experts, enabled: true } });
    const out: Metrics = {};
    const solved = new Array<boolean>(this.heldOut.length).fill(false);
    for (const expert of experts) {
      const r = await evaluatePolicy(this.policy, this.task, {
        problems: this.heldOut,
        expert,
        maxNewTokens: maxNewTokens(this.config, this.task),
        earlyStopEvery: this.earlyStopEvery,
      });
      r.solved.forEach((ok, i) => (solved[i] ||= ok));
      if (expert.index === 0) Object.assign(out, { 'eval/pass@1': r.pass1, 'eval/format': r.format });
      if (experts.length > 1) out[`eval/expert/${expert.id}/pass@1`] = r.pass1;
    }
    if (experts.length > 1) out['eval/best_expert_pass@1'] = solved.filter(Boolean).length / Math.max(solved.length, 1);
    return out;
  }

  /**
   * Oracle metrics on the fixed probe set (the first held-out problems): each probe's true p(x) from K extra
   * samples judges this run's advantage estimator. Off the gradient path; {} when oracleSamples is 0.
   */
  async oracle(step = this.step): Promise<Metrics> {
    if (this.config.oracleSamples <= 0) return {};
    const probes =
      this.heldOut.length >= this.config.oracleProbes
        ? this.heldOut.slice(0, this.config.oracleProbes)
        : heldOutProblems(this.task, this.config.difficulty, this.config.oracleProbes);
    const r = await probeOracle(
      this.policy,
      this.task,
      this.config,
      probes,
      activeExperts(this.task, this.config),
      step,
      this.earlyStopEvery,
    );
    this.lastProbes = r.probes.map((pr, i) => ({
      ...pr,
      step,
      group: toSnapshot(r.judged[i].group, r.judged[i].advantages, false, false),
    }));
    return r.metrics;
  }

  async trainStep(options: StepOptions = {}): Promise<StepReport> {
    const cfg = this.config;
    const step = this.step + 1;
    const emit = phaseEmitter(step, this.snapshotGroups, options.onPhase);
    const t0 = this.now();
    const experts = activeExperts(this.task, cfg);

    // 1. Rollouts (with DAPO dynamic sampling: more generation batches until B informative groups).
    const { trainGroups, dropped, overflow, genBatches, hintReport, drafts, sage } = await collectGroups({
      policy: this.policy,
      task: this.task,
      cfg,
      step,
      experts,
      heldOutIds: this.heldOutIds,
      earlyStopEvery: this.earlyStopEvery,
      pools: this.pools,
      emit,
    });
    const t1 = this.now();

    // 2. Scoring: log-probs and entropies under the sampling policy (and the reference), one readback.
    const rollouts = trainGroups.flatMap((g) => g.rollouts);
    const batch = buildBatch(
      rollouts.map((r) => r.promptIds),
      rollouts.map((r) => r.completionIds),
    );
    const T = batch.completionWidth;
    const reference = this.ensureReference();
    const scored = await scoreBatch(this.policy, batch, reference);
    const meanLogp = rollouts.map((_, i) => meanOver(scored.oldLogp, batch.completionMask, i, T));
    rollouts.forEach((r, i) => (r.meanLogp = meanLogp[i]));
    if (reference && cfg.objective.klPlacement === 'reward')
      applyRewardKl(rollouts, batch.completionMask, T, scored.oldLogp, scored.refLogp!, cfg.objective);
    const t2 = this.now();

    // 3. Advantages (pure functions, shared with the inspector).
    const adv = advantageStep(trainGroups, meanLogp, cfg);
    const advantages = adv.flat;
    // SRPO: failed rollouts leave GRPO for self-distillation from the hinted policy (token advantages).
    const srpo = cfg.objective.srpo
      ? await routeFailedRollouts(this.policy, this.task, cfg.objective, {
          rollouts,
          batch,
          oldLogp: scored.oldLogp,
          advantages,
          excluded: adv.excluded,
        })
      : undefined;
    if (srpo) {
      let k2 = 0;
      trainGroups.forEach((g, gi) => g.rollouts.forEach((_, ri) => (adv.result.advantages[gi][ri] = advantages[k2++])));
    }
    const thr =
      cfg.objective.thr === 'off' ? undefined : await thrStep(this.policy, cfg.objective, { groups: trainGroups, batch, advantages });
    // From the advantages, not the reward spread: an ArenaRL group of equal rewards still gets tournament advantages.
    const zeroGroups = adv.result.advantages.filter((a) => a.every((x) => Math.abs(x) < 1e-8)).length;
    await emit(
      'advantage',
      trainGroups,
      {
        zero_std_groups: zeroGroups,
        pos_frac: advantages.length ? [...advantages].filter((a) => a > 0).length / advantages.length : 0,
      },
      adv.result.advantages,
    );
    const t3 = this.now();

    // 4. Update: mu epochs over minibatches, plus MEML-style auxiliary terms when enabled.
    const aux = memlAuxTerms(this.config, this.task, this.sft, trainGroups, experts, step);
    aux.push(...anchorTerms(cfg, this.task, [...trainGroups, ...dropped], experts));
    let update = null;
    if (rollouts.length > 0 && adv.excluded.some((e) => !e)) {
      update = await updatePolicy(
        this.policy,
        this.adam,
        {
          batch,
          oldLogp: scored.oldLogp,
          refLogp: scored.refLogp,
          advantages,
          tokenAdvantages: srpo?.tokenAdvantages ?? thr?.tokenAdvantages,
          excluded: adv.excluded,
          aux,
          maxLength: maxNewTokens(cfg, this.task),
          entropyCoef: cfg.objective.entropyAdaptive ? effectiveEntropyCoef(this.entropyControl) : undefined,
        },
        cfg,
        new Rng(cfg.seed, `minibatch/${step}`),
        step,
      );
    }
    const entropyCoefUsed = cfg.objective.entropyAdaptive ? effectiveEntropyCoef(this.entropyControl) : cfg.objective.entropyCoef;
    if (cfg.objective.entropyAdaptive && update) {
      this.entropyControl = updateEntropyControl(this.entropyControl, update.entropy, {
        target: cfg.objective.entropyTarget,
        delta: cfg.objective.entropyCoefDelta,
        min: cfg.objective.entropyCoefMin,
        max: cfg.objective.entropyCoefMax,
      });
    }
    await emit(
      'update',
      trainGroups,
      { loss: update?.loss ?? 0, grad_norm: update?.gradNorm ?? 0, optimizer_steps: update?.minibatchSteps ?? 0 },
      adv.result.advantages,
    );
    const t4 = this.now();

    // 5. Eval and metrics.
    let evalMetrics: Metrics = {};
    if (cfg.evalEvery > 0 && step % cfg.evalEvery === 0) evalMetrics = { ...(await this.evaluate()), ...(await this.oracle(step)) };
    const t5 = this.now();
    this.step = step;
    const stepTokens = rollouts.reduce((s, r) => s + r.promptIds.length + r.completionIds.length, 0);
    this.numTokens += stepTokens;
    const metrics = stepMetrics({
      groups: trainGroups,
      advantages: adv.result.advantages,
      zeroStd: adv.result.zeroStd,
      signFlipRate: signFlipRate(adv.groups, adv.result.advantages),
      entropyTokens: { values: scored.entropy, mask: batch.completionMask, width: T },
      klTokens: scored.refLogp ? { old: scored.oldLogp, ref: scored.refLogp } : undefined,
      update,
      experts,
      hint: hintReport,
      taskRewardNames: this.task.rewardNames,
    });
    Object.assign(metrics, {
      step,
      num_tokens: this.numTokens,
      learning_rate: cfg.lr,
      groups_filtered: dropped.length,
      groups_overflow: overflow.length,
      gen_batches_used: genBatches,
      pivots_excluded: cfg.data.mcPivot ? trainGroups.length : 0,
      sft_buffer_size: this.sft.size,
      ...evalMetrics,
      ...timingMetrics([t0, t1, t2, t3, t4, t5], stepTokens),
      ...thr?.metrics,
      ...anchorMetrics(cfg, aux, update),
      ...methodMetrics(cfg, {
        rollouts,
        meanLogp,
        advantages: adv.result.advantages,
        llds: update?.llds,
        entropyCoef: entropyCoefUsed,
        vas: cfg.data.vas ? { meanScore: this.pools.vas(cfg).meanScore(), coverage: this.pools.vas(cfg).coverage() } : undefined,
        srpo,
        drafts: cfg.data.igrpo ? drafts : undefined,
        sage: cfg.data.sage || cfg.data.hill ? { ...sage, groups: trainGroups.length } : undefined,
        gdro: cfg.data.gdro ? this.pools.gdro(cfg).report() : undefined,
      }),
    });
    return {
      step,
      metrics,
      groups: stepSnapshot(trainGroups, adv.result.advantages, adv.result.zeroStd, dropped, this.snapshotGroups),
      problemIds: trainGroups.map((g) => g.problem.id),
    };
  }

  /** Weights, KL reference, optimizer moments and counters: what `new Trainer({..., state})` continues from. */
  async exportState(): Promise<TrainerState> {
    return {
      step: this.step,
      numTokens: this.numTokens,
      weights: await this.policy.readValues(),
      referenceWeights: await this.reference!.readValues(),
      adam: await this.adam.exportState(this.policy.variables()),
      entropyControl: { ...this.entropyControl },
      sftBuffer: this.sft.snapshot(),
    };
  }

  private restore(state: TrainerState): void {
    this.policy.assign(state.weights);
    this.reference!.assign(state.referenceWeights);
    this.adam.importState(state.adam, this.policy.variables());
    this.sft.restore(state.sftBuffer ?? []);
    this.step = state.step;
    this.numTokens = state.numTokens;
    if (state.entropyControl) this.entropyControl = { ...state.entropyControl };
  }

  async weights(): Promise<Map<string, Float32Array>> {
    return this.policy.readValues();
  }

  dispose(): void {
    this.policy.dispose();
    this.reference?.dispose();
    this.adam.dispose();
  }
}

/**
 * On CPU-side backends a readback costs nothing, so sampling checks every 4 tokens whether all rows have ended; on
 * GPU backends a sync stalls the queue, so sampling keeps to one readback per rollout.
 */
export function defaultEarlyStop(): number {
  const b = tf.getBackend();
  return b === 'wasm' || b === 'cpu' ? 4 : 0;
}

export { isZeroVariance };
