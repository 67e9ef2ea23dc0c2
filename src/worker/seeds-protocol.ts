// The typed boundary between the UI and the seeds worker (seeds.worker.ts), which runs a multi-seed paired
// comparison headless-style (engine/seeds.ts) while the training worker keeps the current run. Validated with zod
// on both sides, as protocol.ts does for the training worker.
//
// UI -> worker
//   run {id, base, variants, seeds, steps, backend, checkpointBase}   train every variant on every seed
// worker -> UI
//   ready {id, backend}                                  the backend is up; training starts
//   step {id, seed, variant, step, metrics}              one step of one run (seed and variant are indices)
//   run {id, seed, variant, rows}                        a run is complete: its rows, closing eval included
//   done {id}                                            every run is complete
//   error {id, message}
// Stopping a comparison terminates the worker: what arrived stays on screen.
import { z } from 'zod';
import { BACKENDS } from '../engine/config';
import { COMPARE_LIMITS } from '../share/compare-link';
import { backendInfoSchema } from './protocol';

const num = z.custom<number>((v) => typeof v === 'number', 'expected a number');
const rowSchema = z.record(z.string(), num);

export const seedsCommandSchema = z.object({
  type: z.literal('run'),
  id: z.number().int(),
  /** A full RunConfig; the worker validates it. */
  base: z.record(z.string(), z.unknown()),
  variants: z
    .array(z.object({ name: z.string().min(1).max(COMPARE_LIMITS.maxNameChars), patch: z.record(z.string(), z.unknown()) }))
    .min(2)
    .max(COMPARE_LIMITS.maxVariants),
  seeds: z.array(z.number().int().min(0)).min(1).max(COMPARE_LIMITS.maxSeeds),
  steps: z.number().int().min(1).max(COMPARE_LIMITS.maxSteps),
  backend: z.enum(BACKENDS),
  checkpointBase: z.string(),
});

export const seedsEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), id: z.number(), backend: backendInfoSchema }),
  z.object({
    type: z.literal('step'),
    id: z.number(),
    seed: z.number().int(),
    variant: z.number().int(),
    step: z.number(),
    metrics: rowSchema,
  }),
  z.object({ type: z.literal('run'), id: z.number(), seed: z.number().int(), variant: z.number().int(), rows: z.array(rowSchema) }),
  z.object({ type: z.literal('done'), id: z.number() }),
  z.object({ type: z.literal('error'), id: z.number(), message: z.string() }),
]);

export type SeedsCommand = z.infer<typeof seedsCommandSchema>;
export type SeedsEvent = z.infer<typeof seedsEventSchema>;

export function parseSeedsCommand(data: unknown): { ok: true; command: SeedsCommand } | { ok: false; error: string } {
  const r = seedsCommandSchema.safeParse(data);
  return r.success ? { ok: true, command: r.data } : { ok: false, error: z.prettifyError(r.error) };
}

export function parseSeedsEvent(data: unknown): { ok: true; event: SeedsEvent } | { ok: false; error: string } {
  const r = seedsEventSchema.safeParse(data);
  return r.success ? { ok: true, event: r.data } : { ok: false, error: z.prettifyError(r.error) };
}
