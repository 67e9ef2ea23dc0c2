// The typed boundary between the UI (main thread) and the training worker. Both directions are discriminated
// unions on `type`, validated with zod where they are received: the worker validates commands, the client
// validates events. Payloads are plain data (structured clone), never classes or tensors.
//
// UI -> worker
//   init     {runId, config, backend, checkpointBase}  (re)build the trainer for a new run; also used for reset
//   start / pause                                      run the step loop / stop after the current step
//   step     {n}                                        run n steps, then stop
//   update   {patch}                                    live knob change, applied at the next step
//   speed    {delayMs}                                  pause between steps of the loop
//   simulate-failure                                    make the next step fail as a lost GPU device would (tests)
//   dispose
// worker -> UI
//   ready {runId, backend}; state {runId, status, step}; report {runId, step, metrics, groups, numTensors};
//   updated {runId, applied, needsReset, error?}; backend-changed {runId, from, to, resumedAtStep, reason};
//   error {runId, code, message}
import { z } from 'zod';
import { BACKENDS } from '../engine/config';
import type { Metrics, GroupSnapshot } from '../engine/rl/types';
import type { BackendInfo } from '../engine/backend';

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

export const commandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    runId: z.number().int(),
    /** A full RunConfig; the worker validates it with the engine's schema. */
    config: z.record(z.string(), z.unknown()),
    backend: backendPref,
    /** URL prefix of the shipped checkpoints ("/checkpoints/"). */
    checkpointBase: z.string(),
  }),
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('step'), n: z.number().int().min(1).max(10_000) }),
  z.object({ type: z.literal('update'), patch: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('speed'), delayMs: z.number().min(0).max(60_000) }),
  z.object({ type: z.literal('simulate-failure') }),
  z.object({ type: z.literal('dispose') }),
]);

export const RUN_STATUSES = ['initializing', 'idle', 'running', 'paused', 'error'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const ERROR_CODES = ['bad-command', 'bad-config', 'checkpoint-missing', 'checkpoint-invalid', 'backend', 'step-failed', 'protocol', 'worker-crashed'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const eventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), runId: z.number(), backend: backendInfoSchema }),
  z.object({ type: z.literal('state'), runId: z.number(), status: z.enum(RUN_STATUSES), step: z.number() }),
  z.object({
    type: z.literal('report'),
    runId: z.number(),
    step: z.number(),
    metrics: z.record(z.string(), num),
    groups: z.array(groupSnapshotSchema),
    numTensors: z.number(),
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
]);

export type WorkerCommand = z.infer<typeof commandSchema>;
export type WorkerEvent = z.infer<typeof eventSchema>;
export type ReportEvent = Extract<WorkerEvent, { type: 'report' }>;

// The protocol's shapes must stay assignable to the engine's (a compile-time check, no runtime cost).
type Assert<T extends true> = T;
export type _GroupsMatch = Assert<z.infer<typeof groupSnapshotSchema> extends GroupSnapshot ? true : false>;
export type _MetricsMatch = Assert<ReportEvent['metrics'] extends Metrics ? true : false>;
export type _BackendMatch = Assert<z.infer<typeof backendInfoSchema> extends BackendInfo ? true : false>;

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
