// Non-finite numbers stop training at the step where they appear. update.ts reads the loss, the gradient norm and
// whether every weight is finite with the minibatch's other stats, before the optimizer step, and refuses a
// non-finite one, so the weights stay the last good ones; this error then names the cause for the CLI and the app.

export type NonFiniteCause = 'loss' | 'gradient' | 'weights';

export class NonFiniteError extends Error {
  readonly code = 'non-finite';
  constructor(
    readonly step: number,
    readonly reason: NonFiniteCause,
    readonly value: number,
  ) {
    super(
      reason === 'weights'
        ? `Step ${step}: the weights hold NaN or infinity, so the update was not applied. Check the starting checkpoint or state, or lower the learning rate.`
        : `Step ${step}: the ${reason === 'loss' ? 'loss' : 'gradient norm'} is ${value}, so the update was not applied and the weights are the last good ones. ` +
            'Usually a learning rate or epsilon that is too large or too small.',
    );
    this.name = 'NonFiniteError';
  }
}

/** Which check failed, from the read-back loss, gradient norm and weights probe (sum of w * 0: 0 or NaN). */
export function nonFiniteCause(loss: number, gradNorm: number, weightsProbe: number): NonFiniteCause | null {
  if (!Number.isFinite(loss)) return 'loss';
  if (!Number.isFinite(gradNorm)) return 'gradient';
  if (!Number.isFinite(weightsProbe)) return 'weights';
  return null;
}

export function isNonFiniteError(e: unknown): e is NonFiniteError {
  return e instanceof Error && (e as Partial<NonFiniteError>).code === 'non-finite';
}
