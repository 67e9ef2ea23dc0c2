// TensorBoard's scalar smoothing: a debiased exponential moving average, the same formula behind TensorBoard's
// smoothing slider and W&B's default "time-weighted EMA" (anchors.md 2.1, 2.3), so a curve smoothed here at 0.6
// looks like the same curve in TensorBoard at 0.6.
//
//   last_t = w * last_{t-1} + (1 - w) * y_t        (last_0 = 0, finite points only)
//   smoothed_t = last_t / (1 - w^n_t)              (n_t = finite points seen so far; removes the pull toward 0)
//
// Non-finite or missing points are gaps: they stay NaN in the output and do not advance the average.
// A constant series is returned as is (TensorBoard does this too, to avoid float drift on flat lines).

/** Largest weight accepted: TensorBoard's slider tops out at 0.999; w = 1 would freeze the curve at its start. */
export const MAX_SMOOTHING = 0.999;

export function clampWeight(weight: number): number {
  if (!Number.isFinite(weight) || weight <= 0) return 0;
  return Math.min(weight, MAX_SMOOTHING);
}

/** Smoothed copy of `values` (same length). `weight` in [0, 1): 0 = no smoothing. */
export function smooth(values: ReadonlyArray<number | null | undefined>, weight: number): number[] {
  const w = clampWeight(weight);
  const ys = values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN));
  const finite = ys.filter((y) => !Number.isNaN(y));
  if (w === 0 || finite.length === 0 || finite.every((y) => y === finite[0])) return ys;
  let last = 0;
  let n = 0;
  return ys.map((y) => {
    if (Number.isNaN(y)) return NaN;
    last = w * last + (1 - w) * y;
    n++;
    return last / (1 - w ** n);
  });
}

/** Smooth one metric of step rows ({step, ...metrics}); rows without it are gaps. */
export function smoothMetric<R extends Record<string, unknown>>(rows: readonly R[], key: string, weight: number): number[] {
  return smooth(
    rows.map((r) => (typeof r[key] === 'number' ? (r[key] as number) : undefined)),
    weight,
  );
}
