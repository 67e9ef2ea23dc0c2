// Advantage math of the GRPO family as pure functions on number arrays (no tfjs).
// Spec: /work/shared/research/algorithms.md (sections 0.4, 1.1, 2.x, 4, 5). Section numbers below refer to it.
//
// Conventions (section 0.4), applied everywhere:
// - NaN (unscorable) rewards are left out of every statistic, get advantage 0 and are flagged excluded.
// - A group (or expert sub-group) with at most one scorable reward carries no signal: advantage 0 (TRL, not verl).
// - An all-equal group gets advantage 0 and counts as zero-std. By design the exceptions are:
//   NGRPO (the virtual r_max samples give all-wrong groups negative advantages), baseline 'none' (no centring:
//   plain REINFORCE keeps the raw reward), a non-zero AsymRE baselineShift (every sample moves by -delta) and
//   global whitening (which re-centres over the whole batch).
// - A scale denominator is skipped (treated as 1) when the statistics it is computed from have zero spread or it is
//   not positive, so uncentred baselines do not blow up by 1/epsilon and epsilon = 0 never divides by zero.
//
// The code lives in ./advantage/, one file per stage; this module re-exports all of it so callers import one place.
export * from './advantage/statistics';
export * from './advantage/baselines';
export * from './advantage/scales';
export * from './advantage/group-norm';
export * from './advantage/transforms';
export * from './advantage/mc-grpo';
export * from './advantage/process';
export * from './advantage/compose';
export * from './advantage/diagnostics';
