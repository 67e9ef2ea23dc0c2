// GRPO process supervision (section 2.1).
// Part of the advantage math (pure functions on number arrays, no tfjs); conventions in ../advantages.ts.
import { type StdType, standardize } from './statistics';

/** One scored reasoning step: `end` is the 1-based token index of the step's last token. */
export interface StepReward {
  end: number;
  reward: number;
}

/**
 * GRPO process supervision (section 2.1): normalise all step rewards of all G outputs together
 * `(r - mean(R))/(std(R) + eps)`, then token t of output i gets the sum of normalised rewards of steps ending at or
 * after t: `A_{i,t} = sum_{end_j >= t} r~_{i,j}`. `lengths[i]` = |o_i|; returns one array of |o_i| values per output.
 */
export function processAdvantages(
  steps: readonly StepReward[][],
  lengths: readonly number[],
  stdType: StdType = 'sample',
  eps = 0,
): number[][] {
  const flat = standardize(
    steps.flatMap((s) => s.map((x) => x.reward)),
    stdType,
    eps,
  );
  let k = 0;
  const norm = steps.map((s) => s.map((x) => ({ end: x.end, value: flat[k++] })));
  return lengths.map((len, i) =>
    Array.from({ length: len }, (_, t) => norm[i].filter((s) => s.end >= t + 1).reduce((acc, s) => acc + s.value, 0)),
  );
}
