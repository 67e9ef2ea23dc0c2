// Reference objective math (algorithms.md sections 1.2-1.5, 2.3, 2.12, 2.13).
import { describe, it, expect } from 'vitest';
import {
  aggregateTokenLosses,
  clipRatio,
  clipRegion,
  clippedSurrogateGradLogRatio,
  clippedSurrogateLoss,
  gspoSequenceRatio,
  klEstimate,
  klPenalizedReward,
  opmdLossScale,
  opmdTokenLoss,
  overlongPenalty,
  recMask,
  recTokenGradLogp,
  recTokenLoss,
  safeRatio,
  sequenceLogRatio,
  sequenceSumRatio,
  tokenRatios,
} from '../../src/engine/rl/surrogate-math';

const TOL = 1e-4;
const close = (a: number, b: number, tol = TOL) => expect(Math.abs(a - b)).toBeLessThan(tol);

describe('clipped surrogate (1.2)', () => {
  const o = { epsLow: 0.2, epsHigh: 0.28 };

  it('A=+1, rho=1.3 -> clipped at 1.28, loss -1.28, zero gradient', () => {
    close(clippedSurrogateLoss(1.3, 1, o), -1.28);
    expect(clippedSurrogateGradLogRatio(1.3, 1, o)).toBe(0);
    expect(clipRegion(1.3, 1, 0.2, 0.28)).toBe('high');
  });

  it('A=-1, rho=0.7 -> clipped at 0.8, loss 0.8, zero gradient', () => {
    close(clippedSurrogateLoss(0.7, -1, o), 0.8);
    expect(clippedSurrogateGradLogRatio(0.7, -1, o)).toBe(0);
    expect(clipRegion(0.7, -1, 0.2, 0.28)).toBe('low');
  });

  it('A=-1, rho=5, dual-clip c=3 -> loss 3, zero gradient; plain clip gives 5', () => {
    const dual = { ...o, mode: 'dual-clip' as const, dualClipC: 3 };
    close(clippedSurrogateLoss(5, -1, dual), 3);
    expect(clippedSurrogateGradLogRatio(5, -1, dual)).toBe(0);
    close(clippedSurrogateLoss(5, -1, o), 5);
    expect(clippedSurrogateGradLogRatio(5, -1, o)).toBe(5);
  });

  it('inside the band the gradient flows: d/dlog rho = -A rho', () => {
    close(clippedSurrogateLoss(1.1, 2, o), -2.2);
    close(clippedSurrogateGradLogRatio(1.1, 2, o), -2.2);
    expect(clipRegion(1.1, 2, 0.2, 0.28)).toBeNull();
  });

  it('unfavourable side is never clipped (A>0, rho<1-eps; A<0, rho>1+eps)', () => {
    close(clippedSurrogateLoss(0.5, 1, o), -0.5);
    close(clippedSurrogateGradLogRatio(0.5, 1, o), -0.5);
    close(clippedSurrogateLoss(1.5, -1, o), 1.5);
    expect(clipRegion(0.5, 1, 0.2, 0.28)).toBeNull();
  });

  it('mode none is -rho A; clipRatio bounds', () => {
    close(clippedSurrogateLoss(3, 1, { ...o, mode: 'none' }), -3);
    expect(clipRatio(2, 0.2, 0.28)).toBe(1.28);
    expect(clipRatio(0.1, 0.2, 0.28)).toBe(0.8);
  });

  it('two-sided delta caps the unclipped branch for A<0', () => {
    // A=-1, rho=5, delta=4: max(-A min(rho,delta), -A clip) = max(4, 1.28) = 4, no gradient.
    close(clippedSurrogateLoss(5, -1, { ...o, delta: 4 }), 4);
    expect(clippedSurrogateGradLogRatio(5, -1, { ...o, delta: 4 })).toBe(0);
  });

  it('verl log-ratio guard clamps to [-20, 20]', () => {
    close(safeRatio(100), Math.exp(20), 1);
    close(safeRatio(-100), Math.exp(-20), 1e-12);
  });
});

describe('GSPO sequence ratio (1.3, 2.13)', () => {
  const lr = [0.1, -0.05, 0.2];

  it('mean log-ratio 0.083333, s = 1.086904, token ratios', () => {
    close(sequenceLogRatio(lr), 0.083333, 1e-6);
    close(gspoSequenceRatio(lr), 1.086904, 1e-6);
    const t = tokenRatios(lr);
    close(t[0], 1.105171, 1e-6);
    close(t[1], 0.951229, 1e-6);
    close(t[2], 1.221403, 1e-6);
  });

  it('with A=+1 and eps_high 4e-4 the sequence ratio clips at 1.0004', () => {
    close(clippedSurrogateLoss(gspoSequenceRatio(lr), 1, { epsLow: 3e-4, epsHigh: 4e-4 }), -1.0004, 1e-9);
  });

  it('verl clamp at 10 on the mean log-ratio; RLOO sum ratio', () => {
    close(gspoSequenceRatio([50, 50], 10), Math.exp(10), 1e-6);
    close(sequenceSumRatio(lr), Math.exp(0.25), 1e-9);
    expect(sequenceLogRatio([])).toBe(0);
  });
});

describe('REC / OPMD (2.12)', () => {
  it('one-side mask keeps the improving side only', () => {
    expect(recMask(1.1, 1, 'one-side', 0.2, 0.2)).toBe(1);
    expect(recMask(1.3, 1, 'one-side', 0.2, 0.2)).toBe(0);
    expect(recMask(0.5, 1, 'one-side', 0.2, 0.2)).toBe(1);
    expect(recMask(0.7, -1, 'one-side', 0.2, 0.2)).toBe(0);
    expect(recMask(1.5, -1, 'one-side', 0.2, 0.2)).toBe(1);
  });

  it('two-side mask is the band', () => {
    expect(recMask(0.5, 1, 'two-side', 0.2, 0.2)).toBe(0);
    expect(recMask(1.5, -1, 'two-side', 0.2, 0.2)).toBe(0);
    expect(recMask(1.1, -1, 'two-side', 0.2, 0.2)).toBe(1);
  });

  it('token loss -A w logp M with and without IS', () => {
    const noIs = { mode: 'one-side' as const, epsLow: 0.2, epsHigh: 0.2, importanceWeights: false };
    const is = { ...noIs, importanceWeights: true };
    close(recTokenLoss(-0.5, 1.1, 2, noIs), 1);
    close(recTokenLoss(-0.5, 1.1, 2, is), 1.1);
    close(recTokenGradLogp(1.1, 2, noIs), -2);
    close(recTokenGradLogp(1.1, 2, is), -2.2);
    expect(recTokenLoss(-0.5, 1.3, 2, noIs)).toBeCloseTo(0, 12);
  });

  it('OPMD scale 1/(1+tau) = 1/2 at tau 1', () => {
    expect(opmdLossScale(1)).toBe(0.5);
    close(opmdTokenLoss(-0.5, 0.6426, 1), 0.16065);
  });
});

describe('aggregation (1.4)', () => {
  const losses = [
    [1, 1],
    [-1, -1, -1, -1],
  ];

  it('fixture: -0.3333 / 0 / -1 / -0.125 / -0.25', () => {
    close(aggregateTokenLosses(losses, 'token-mean'), -0.3333);
    close(aggregateTokenLosses(losses, 'seq-mean-token-mean'), 0);
    close(aggregateTokenLosses(losses, 'seq-mean-token-sum'), -1);
    close(aggregateTokenLosses(losses, 'constant', { maxLength: 8 }), -0.125);
    close(aggregateTokenLosses(losses, 'seq-mean-token-sum-norm', { lossScaleFactor: 8 }), -0.25);
  });

  it('defaults L_max to the longest sequence; empty inputs give 0', () => {
    close(aggregateTokenLosses(losses, 'constant'), -2 / (2 * 4));
    expect(aggregateTokenLosses([], 'token-mean')).toBe(0);
    expect(aggregateTokenLosses([[], []], 'token-mean')).toBe(0);
    expect(aggregateTokenLosses([[], [2]], 'seq-mean-token-mean')).toBe(1);
  });
});

describe('KL estimators (1.5)', () => {
  it('fixture logp -1, ref -1.2: k1 0.2, k2 0.02, k3 0.018731, abs 0.2', () => {
    close(klEstimate(-1, -1.2, 'k1'), 0.2);
    close(klEstimate(-1, -1.2, 'k2'), 0.02);
    close(klEstimate(-1, -1.2, 'k3'), 0.018731, 1e-6);
    close(klEstimate(-1.2, -1, 'abs'), 0.2);
  });

  it('k3 is non-negative and verl clamps it to 10; openrlhf clamps every estimator', () => {
    expect(klEstimate(-30, 0, 'k3')).toBe(10);
    expect(klEstimate(-30, 0, 'k3', 'none')).toBeGreaterThan(1e12);
    expect(klEstimate(-30, 0, 'k1', 'openrlhf')).toBe(-10);
    expect(klEstimate(-30, 0, 'k2', 'openrlhf')).toBe(10);
    for (const d of [-3, -0.1, 0, 0.1, 3]) expect(klEstimate(d, 0, 'k3')).toBeGreaterThanOrEqual(0);
  });

  it('KL in the reward: r - beta sum(old - ref)', () => {
    close(klPenalizedReward(1, [-1, -2], [-1.5, -2.5], 0.1), 0.9);
  });
});

describe('DAPO overlong shaping (2.3)', () => {
  it('toy fixture L_max 16, L_cache 4', () => {
    expect(overlongPenalty(10, 16, 4)).toBe(0);
    expect(overlongPenalty(12, 16, 4)).toBe(0);
    close(overlongPenalty(14, 16, 4), -0.5);
    close(overlongPenalty(16, 16, 4), -1);
    expect(overlongPenalty(17, 16, 4)).toBe(-1);
  });

  it('TRL docstring check: L_max 100, L_cache 20, |y| 90 -> -0.5', () => {
    close(overlongPenalty(90, 100, 20), -0.5);
  });
});
