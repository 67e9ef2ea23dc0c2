// The typed boundary between the UI (main thread) and the training worker. Both directions are discriminated
// unions on `type`, validated with zod where they are received: the worker validates commands, the client
// validates events. Payloads are plain data (structured clone), never classes or tensors.
//
// UI -> worker
//   init     {runId, config, backend, checkpointBase, variants?}
//                                                      (re)build the trainer for a new run; also used for reset.
//                                                      With 2-4 variants: a PairedRun (same seed, lockstep, CRN),
//                                                      each variant = config merged with its patch.
//   start / pause                                      run the step loop / stop after the current step
//   step     {n}                                        run n steps, then stop
//   step-through                                       one step that holds after each of its five phases
//   next-phase {finish}                                release the held phase (finish: run the rest without holding)
//   update   {patch}                                    live knob change, applied at the next step (every variant)
//   speed    {delayMs}                                  pause between steps of the loop
//   export-weights {requestId, variant}                the variant's current weights as a checkpoint JSON
//   simulate-failure                                    make the next step fail as a lost GPU device would (tests)
//   dispose
// worker -> UI
//   ready {runId, backend}; state {runId, status, step};
//   report {runId, variant, step, metrics, groups, numTensors, probes?}  (one per variant per step; probes: p(x)
//          per oracle probe prompt, after a step that measured it);
//   paired-ready {runId, names, crn, metrics}; paired {runId, step, diffs, samePrompts}  (after the reports);
//   phase {runId, phase, step, groups, values}  (step-through; the worker then waits for next-phase);
//   weights {runId, requestId, variant, fileName, json};
//   updated {runId, applied, needsReset, error?}; backend-changed {runId, from, to, resumedAtStep, reason};
//   error {runId, code, message}
import { z } from 'zod';
import { BACKENDS } from '../engine/config';
import type { Metrics, GroupSnapshot, PhaseEvent, ProbeSnapshot } from '../engine/rl/types';
import type { BackendInfo } from '../engine/backend';
import type { CrnPair, PairedDiff } from '../engine/compare';

/** Any JS number, NaN and +-Infinity included (zod 4's z.number() rejects them; metrics may carry them). */
const num = z.custom<number>((v) => typeof v === 'number', 'expected a number');

const backendPref = z.enum(BACKENDS);
const concreteBackend = z.enum(['webgpu', 'wasm', 'webgl', 'cpu']);

export const backendInfoSchema = z.object({
  backend: concreteBackend,
  reason: z.string(),
  adapter: z.string().optional(),
  softwareAdapter: z.boolean().optional(),
  threads: z.number().optional(),
  threadsWhy: z.string().optional(),
});

const rolloutSchema = z.object({
  prompt: z.string(),
  prefix: z.string(),
  hint: z.string(),
  expertId: z.string(),
  hintLevel: num,
  completion: z.string(),
  rewards: z.record(z.string(), num),
  total: num,
  advantage: num,
  excluded: z.boolean(),
  truncated: z.boolean(),
  meanLogp: num,
});

export const groupSnapshotSchema = z.object({
  problemId: z.string(),
  question: z.string(),
  answer: z.string(),
  rollouts: z.array(rolloutSchema),
  zeroAdvantage: z.boolean(),
  filtered: z.boolean(),
});

const probeSchema = z.object({ problemId: z.string(), p: num, value: num, step: z.number(), group: groupSnapshotSchema });

export const commandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    runId: z.number().int(),
    /** A full RunConfig; the worker validates it with the engine's schema. */
    config: z.record(z.string(), z.unknown()),
    backend: backendPref,
    /** URL prefix of the shipped checkpoints ("/checkpoints/"). */
    checkpointBase: z.string(),
    /** 2-4 variants for a paired run (absent: a single run). Patches are merged over `config`. */
    variants: z
      .array(z.object({ name: z.string().min(1).max(80), patch: z.record(z.string(), z.unknown()) }))
      .min(2)
      .max(4)
      .optional(),
  }),
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('step'), n: z.number().int().min(1).max(10_000) }),
  z.object({ type: z.literal('update'), patch: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('speed'), delayMs: z.number().min(0).max(60_000) }),
  z.object({ type: z.literal('step-through') }),
  z.object({ type: z.literal('next-phase'), finish: z.boolean() }),
  z.object({ type: z.literal('export-weights'), requestId: z.number().int(), variant: z.number().int().min(0).max(3) }),
  z.object({ type: z.literal('simulate-failure') }),
  z.object({ type: z.literal('dispose') }),
]);

export const RUN_STATUSES = ['initializing', 'idle', 'running', 'paused', 'error'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const ERROR_CODES = [
  'bad-command',
  'bad-config',
  'checkpoint-missing',
  'checkpoint-invalid',
  'backend',
  'step-failed',
  'protocol',
  'worker-crashed',
  'export-failed',
  'non-finite',
] as const;

export const PHASES = ['sample', 'score', 'filter', 'advantage', 'update'] as const;

const crnPairSchema = z.object({
  variant: z.number(),
  name: z.string(),
  samePrompts: z.boolean(),
  sameUniforms: z.boolean(),
  sameStep1Rollouts: z.boolean(),
  notes: z.array(z.string()),
});

const pairedDiffSchema = z.object({ variant: z.number(), name: z.string(), deltas: z.record(z.string(), num) });

const phaseEventSchema = z.object({
  phase: z.enum(PHASES),
  step: z.number(),
  groups: z.array(groupSnapshotSchema),
  values: z.record(z.string(), num),
});
export type ErrorCode = (typeof ERROR_CODES)[number];

export const eventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), runId: z.number(), backend: backendInfoSchema }),
  z.object({ type: z.literal('state'), runId: z.number(), status: z.enum(RUN_STATUSES), step: z.number() }),
  z.object({
    type: z.literal('report'),
    runId: z.number(),
    /** Variant index in a paired run; 0 for a single run. */
    variant: z.number().int().min(0).max(3),
    step: z.number(),
    metrics: z.record(z.string(), num),
    groups: z.array(groupSnapshotSchema),
    numTensors: z.number(),
    /** After a step that ran the oracle: each probe prompt's p(x) and the group it judged (for the inspector). */
    probes: z.array(probeSchema).optional(),
  }),
  z.object({
    type: z.literal('updated'),
    runId: z.number(),
    applied: z.boolean(),
    needsReset: z.array(z.string()),
    error: z.string().optional(),
  }),
  z.object({
    type: z.literal('backend-changed'),
    runId: z.number(),
    from: concreteBackend,
    to: backendInfoSchema,
    resumedAtStep: z.number(),
    reason: z.string(),
  }),
  z.object({ type: z.literal('error'), runId: z.number(), code: z.enum(ERROR_CODES), message: z.string() }),
  z.object({
    type: z.literal('paired-ready'),
    runId: z.number(),
    names: z.array(z.string()),
    /** Which common-random-number guarantees hold between variant 0 and each other variant. */
    crn: z.array(crnPairSchema),
    /** Metrics whose paired differences are reported. */
    metrics: z.array(z.string()),
  }),
  z.object({
    type: z.literal('paired'),
    runId: z.number(),
    step: z.number(),
    diffs: z.array(pairedDiffSchema),
    samePrompts: z.boolean(),
  }),
  phaseEventSchema.extend({ type: z.literal('phase'), runId: z.number() }),
  z.object({
    type: z.literal('weights'),
    runId: z.number(),
    requestId: z.number(),
    variant: z.number(),
    fileName: z.string(),
    /** The checkpoint (engine/policy/checkpoint.ts format) as JSON text. */
    json: z.string(),
  }),
]);

export type WorkerCommand = z.infer<typeof commandSchema>;
export type WorkerEvent = z.infer<typeof eventSchema>;
export type ReportEvent = Extract<WorkerEvent, { type: 'report' }>;

// The protocol's shapes must stay assignable to the engine's (a compile-time check, no runtime cost).
type Assert<T extends true> = T;
export type _GroupsMatch = Assert<z.infer<typeof groupSnapshotSchema> extends GroupSnapshot ? true : false>;
export type _MetricsMatch = Assert<ReportEvent['metrics'] extends Metrics ? true : false>;
export type _BackendMatch = Assert<z.infer<typeof backendInfoSchema> extends BackendInfo ? true : false>;
export type _PhaseMatch = Assert<z.infer<typeof phaseEventSchema> extends PhaseEvent ? true : false>;
export type _PhaseBack = Assert<PhaseEvent extends z.infer<typeof phaseEventSchema> ? true : false>;
export type _ProbeMatch = Assert<z.infer<typeof probeSchema> extends ProbeSnapshot ? true : false>;
export type _CrnMatch = Assert<z.infer<typeof crnPairSchema> extends CrnPair ? true : false>;
export type _DiffMatch = Assert<z.infer<typeof pairedDiffSchema> extends PairedDiff ? true : false>;
export type PhaseMessage = Extract<WorkerEvent, { type: 'phase' }>;
export type UpdatePhaseName = (typeof PHASES)[number];

/** Validate a received command; a readable error string when it is malformed. */
export function parseCommand(data: unknown): { ok: true; command: WorkerCommand } | { ok: false; error: string } {
  const r = commandSchema.safeParse(data);
  return r.success ? { ok: true, command: r.data } : { ok: false, error: z.prettifyError(r.error) };
}

/** Validate a received event; a readable error string when it is malformed. */
export function parseEvent(data: unknown): { ok: true; event: WorkerEvent } | { ok: false; error: string } {
  const r = eventSchema.safeParse(data);
  return r.success ? { ok: true, event: r.data } : { ok: false, error: z.prettifyError(r.error) };
}
