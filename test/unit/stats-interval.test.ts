import { describe, expect, it } from 'vitest';
import { formatInterval, meanInterval, pairedDifference, verdict } from '../../src/engine/stats/interval';

describe('meanInterval', () => {
  it('matches a textbook t interval (n = 5, t(0.975, 4) = 2.776445)', () => {
    // mean 3, sd sqrt(2.5): half-width 2.776445 * sqrt(2.5) / sqrt(5) = 1.963243
    const iv = meanInterval([1, 2, 3, 4, 5]);
    expect(iv.n).toBe(5);
    expect(iv.mean).toBeCloseTo(3, 12);
    expect(iv.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(iv.halfWidth).toBeCloseTo(1.963243, 5);
    expect(iv.low).toBeCloseTo(3 - 1.963243, 5);
  });
  it('uses the level: 90% with n = 10 has t(0.95, 9) = 1.833113', () => {
    const xs = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
    const iv = meanInterval(xs, 0.9);
    const sd = Math.sqrt((10 * 0.25) / 9);
    expect(iv.halfWidth).toBeCloseTo((1.833113 * sd) / Math.sqrt(10), 5);
  });
  it('has no interval for one value, and drops non-finite values', () => {
    expect(Number.isNaN(meanInterval([0.4]).halfWidth)).toBe(true);
    expect(meanInterval([1, NaN, 3, Infinity]).n).toBe(2);
    expect(meanInterval([]).n).toBe(0);
    expect(() => meanInterval([1, 2], 1.5)).toThrow(/level/);
  });
});

describe('pairedDifference', () => {
  it('is the interval of per-seed differences b - a, narrower than the unpaired spread', () => {
    const a = [0.3, 0.45, 0.52, 0.38, 0.61];
    const b = a.map((x, i) => x + 0.05 + (i % 2 ? 0.01 : -0.01));
    const d = pairedDifference(a, b);
    expect(d.mean).toBeCloseTo(0.05 + (2 * 0.01 - 3 * 0.01) / 5, 12);
    expect(d.low).toBeGreaterThan(0);
    expect(verdict(d, 'higher')).toBe('shows');
    expect(verdict(d, 'lower')).toBe('does not show');
  });
  it('calls an interval that covers 0 inconclusive, and refuses unpaired arrays', () => {
    const d = pairedDifference([1, 2, 3], [1.1, 1.9, 3.05]);
    expect(verdict(d, 'higher')).toBe('inconclusive');
    expect(verdict(pairedDifference([1], [2]), 'higher')).toBe('inconclusive');
    expect(() => pairedDifference([1, 2], [1])).toThrow(/length/);
  });
  it('formats with and without an interval', () => {
    expect(formatInterval(meanInterval([1, 2, 3, 4, 5]), 2)).toBe('3.00 ± 1.96');
    expect(formatInterval(meanInterval([0.5]))).toBe('0.500 (1 seed)');
  });
});
