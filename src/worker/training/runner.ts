// The worker's one piece of state: the current run (session), its id and status, the backend guard, the scheduler
// and the step-through hold, with the operations the dispatcher (training.worker.ts) calls.
import * as tf from '@tensorflow/tfjs';
import { mergeConfig, parseConfig, validateConfig, type RunConfig, type RunConfigInput } from '../../engine/config';
import { DEFAULT_PAIRED_METRICS, PairedRun } from '../../engine/compare';
import { encodeCheckpoint } from '../../engine/policy/checkpoint';
import type { PhaseEvent, StepReport } from '../../engine/rl/types';
import type { ErrorCode, RunStatus, WorkerCommand } from '../protocol';
import { loadCheckpoint } from './checkpoint-fetch';
import { DeviceGuard } from './device-recovery';
import { post } from './env';
import { PhaseHold, Scheduler } from './scheduler';
import { disposeSession, makeTrainer, MAX_SNAPSHOT_GROUPS, type Session } from './session';

type StepOutcome = 'done' | 'recovered' | 'failed';

export class TrainingRunner {
  session: Session | null = null;
  runId = 0;
  status: RunStatus = 'initializing';
  readonly device = new DeviceGuard();
  readonly scheduler = new Scheduler();
  readonly hold = new PhaseHold();

  setStatus(s: RunStatus): void {
    this.status = s;
    post({ type: 'state', runId: this.runId, status: s, step: this.session?.trainers[0]?.step ?? 0 });
  }

  fail(code: ErrorCode, message: string): void {
    post({ type: 'error', runId: this.runId, code, message });
  }

  dropSession(): void {
    if (this.session) disposeSession(this.session);
    this.session = null;
  }

  async init(cmd: Extract<WorkerCommand, { type: 'init' }>): Promise<void> {
    this.scheduler.stepsLeft = 0;
    this.runId = cmd.runId;
    this.setStatus('initializing');
    this.dropSession();
    this.device.saved = null;
    const { config, errors } = validateConfig(cmd.config);
    if (!config) return this.initFailed('bad-config', `The run settings are invalid: ${errors.join('; ')}`);
    // Every variant's resolved config (a single run is one variant with an empty patch).
    const patches: RunConfigInput[] = cmd.variants ? cmd.variants.map((v) => v.patch as RunConfigInput) : [{}];
    const configs: RunConfig[] = [];
    for (const [i, p] of patches.entries()) {
      const v = validateConfig(mergeConfig(config, p));
      if (!v.config) return this.initFailed('bad-config', `Variant ${cmd.variants?.[i]?.name ?? i + 1} is invalid: ${v.errors.join('; ')}`);
      configs.push(v.config);
    }
    try {
      await this.device.ensure(cmd.backend);
    } catch (e) {
      return this.initFailed('backend', `No tfjs backend could be started: ${(e as Error).message}`);
    }
    post({ type: 'ready', runId: this.runId, backend: this.device.info! });
    // Starting weights per (task, model size): variants may differ in model size.
    const weights = new Map<string, Map<string, Float32Array>>();
    for (const c of configs) {
      const key = `${c.task}-${c.modelSize}`;
      if (c.init !== 'checkpoint' || weights.has(key)) continue;
      const ck = await loadCheckpoint(c, cmd.checkpointBase);
      if (ck === 'missing')
        return this.initFailed(
          'checkpoint-missing',
          `No shipped base policy for ${c.task} / ${c.modelSize} (${cmd.checkpointBase}${key}.json is missing).`,
        );
      if (typeof ck === 'string') return this.initFailed('checkpoint-invalid', ck);
      weights.set(key, ck);
    }
    const weightsFor = (c: RunConfig) => (c.init === 'checkpoint' ? weights.get(`${c.task}-${c.modelSize}`) : undefined);
    let session: Session;
    try {
      if (cmd.variants) {
        const paired = new PairedRun({
          base: config,
          variants: cmd.variants.map((v) => ({ name: v.name, patch: v.patch as RunConfigInput })),
          initialWeights: weightsFor,
          snapshotGroups: Math.min(config.prompts, MAX_SNAPSHOT_GROUPS),
        });
        session = { trainers: [...paired.trainers], paired, names: paired.names, patches };
        this.session = session;
        post({
          type: 'paired-ready',
          runId: this.runId,
          names: paired.names,
          crn: paired.crn,
          metrics: [...(paired.metrics ?? DEFAULT_PAIRED_METRICS)],
        });
      } else {
        session = { trainers: [makeTrainer(config, weightsFor(config))], paired: null, names: ['A'], patches };
        this.session = session;
      }
    } catch (e) {
      return this.initFailed('bad-config', (e as Error).message);
    }
    await this.device.snapshot(session);
    this.setStatus('idle');
  }

  private initFailed(code: ErrorCode, message: string): void {
    this.fail(code, message);
    this.setStatus('error');
  }

  private postReport(variant: number, report: StepReport): void {
    // The oracle ran this step (it reports oracle/p_mean): send its probes' p(x) for the inspector.
    const probes = Number.isFinite(report.metrics['oracle/p_mean']) ? this.session?.trainers[variant]?.lastProbes : undefined;
    post({
      type: 'report',
      runId: this.runId,
      variant,
      step: report.step,
      metrics: report.metrics,
      groups: report.groups,
      numTensors: tf.memory().numTensors,
      ...(probes ? { probes } : {}),
    });
  }

  async stepOnce(through = false): Promise<StepOutcome> {
    const s = this.session;
    if (!s) return 'failed';
    const id = this.runId;
    try {
      this.device.check();
      if (s.paired) {
        const r = await s.paired.step();
        if (id !== this.runId || s !== this.session) return 'failed';
        r.reports.forEach((rep, i) => this.postReport(i, rep));
        post({ type: 'paired', runId: this.runId, step: r.step, diffs: r.diffs, samePrompts: r.samePrompts });
      } else {
        const onPhase = through
          ? async (e: PhaseEvent) => {
              post({ type: 'phase', runId: id, ...e });
              await this.hold.wait();
            }
          : undefined;
        const report = await s.trainers[0].trainStep({ onPhase });
        if (id !== this.runId || s !== this.session) return 'failed'; // a reset happened meanwhile (cannot, with the queue; belt and braces)
        this.postReport(0, report);
      }
      await this.device.snapshot(s);
      return 'done';
    } catch (e) {
      const r = await this.device.recover(e as Error, s, this.runId, (c, m) => this.fail(c, m), post);
      if (r === 'session-lost') this.session = null;
      return r === 'recovered' ? 'recovered' : 'failed';
    } finally {
      this.hold.reset();
    }
  }

  /** Run steps while the scheduler has some left; a pause takes effect after the current one. */
  async loop(): Promise<void> {
    const r = await this.scheduler.loop(
      () => this.stepOnce(),
      () => this.session !== null,
    );
    if (r === 'busy') return;
    if (r === 'failed') {
      this.setStatus(this.session ? 'paused' : 'error');
      return;
    }
    if (this.session && this.status === 'running' && this.scheduler.stepsLeft === 0) this.setStatus('paused');
  }

  async stepThrough(): Promise<void> {
    const s = this.session;
    if (!s) return;
    if (s.paired) {
      this.fail('bad-command', 'Step-through runs on a single run; stop the comparison first.');
      return;
    }
    this.hold.holding = true;
    const outcome = await this.stepOnce(true);
    if (outcome === 'failed') this.setStatus(this.session ? 'paused' : 'error');
    else this.setStatus('paused');
  }

  /** Live edits for every variant; a refused change leaves all of them as they were. */
  async update(patch: RunConfigInput): Promise<void> {
    const s = this.session;
    if (!s) {
      post({ type: 'updated', runId: this.runId, applied: false, needsReset: [], error: 'No run to update yet.' });
      return;
    }
    try {
      const nexts = s.trainers.map((_, i) => mergeConfig(patch, s.patches[i]));
      for (const [i, t] of s.trainers.entries()) parseConfig(mergeConfig(t.config, nexts[i]));
      let result = { applied: true, needsReset: [] as string[] };
      for (const [i, t] of s.trainers.entries()) {
        const r = t.updateConfig(nexts[i]);
        if (!r.applied) result = r;
      }
      post({ type: 'updated', runId: this.runId, applied: result.applied, needsReset: result.needsReset });
    } catch (e) {
      post({ type: 'updated', runId: this.runId, applied: false, needsReset: [], error: (e as Error).message });
    }
  }

  async exportWeights(requestId: number, variant: number): Promise<void> {
    const s = this.session;
    const t = s?.trainers[variant];
    if (!s || !t) {
      this.fail('export-failed', 'There is no trained policy to export (the run is not loaded in the worker).');
      return;
    }
    try {
      const values = await t.weights();
      const c = t.config;
      const ck = encodeCheckpoint(t.policy.spec, values, {
        task: c.task,
        difficulty: c.difficulty,
        note: `GRPO Playground run: ${c.preset}, seed ${c.seed}, after ${t.step} step${t.step === 1 ? '' : 's'}${s.paired ? ` (variant ${s.names[variant]})` : ''}`,
        step: t.step,
        preset: c.preset,
        seed: c.seed,
      });
      const variantPart = s.paired ? `-${s.names[variant].replace(/[^A-Za-z0-9.]+/g, '_').slice(0, 24)}` : '';
      post({
        type: 'weights',
        runId: this.runId,
        requestId,
        variant,
        fileName: `grpo-playground-${c.task}-${c.modelSize}${variantPart}-step${t.step}.json`,
        json: JSON.stringify(ck),
      });
    } catch (e) {
      this.fail('export-failed', `The weights could not be read: ${(e as Error).message}`);
    }
  }
}
