// NTHR / THR (src/engine/rl/thr.ts). NTHR: fixture from a public VERL example's own compute_nthr_group
// (test/fixtures/gen/methods_fixtures.py). THR: its equation was not found, so the tests check what the playground
// derives it from: under logits = W h, a step on one token's term moves the right responses' log-likelihood by
// A * s (first order), so the sign of THR is the sign of that change. Then the weights, and one short preset run.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../helpers/tf';
import { shippedWeights } from '../helpers/checkpoints';
import { thrGroupScores, thrWeights, type ThrRow } from '../../src/engine/rl/thr';
import { parseConfig, validateConfig } from '../../src/engine/config';
import { presetConfig } from '../../src/engine/rl/presets';
import { Trainer } from '../../src/engine/rl/trainer';
import { methodCharts } from '../../src/ui/charts/methodCharts';

const fx = JSON.parse(readFileSync(new URL('../fixtures/methods.json', import.meta.url), 'utf8'));

interface NthrCase {
  rewards: number[];
  ids: number[][];
  probs: number[][];
  hidden: number[][];
  vocab: number;
  dModel: number;
  active: boolean;
  eta: number;
  tau: number | null;
  scores: number[][];
  selected: boolean[][];
}

beforeAll(async () => {
  await useWasm();
});

function rowsOf(c: NthrCase): ThrRow[] {
  return c.ids.map((ids, i) => ({ ids, probs: Float32Array.from(c.probs[i]), hidden: Float32Array.from(c.hidden[i]) }));
}

describe('NTHR: fixture from the public kernel compute_nthr_group', () => {
  const cases: NthrCase[] = fx.nthr.cases;

  it('has mixed groups, a non-mixed one, and selected wrong tokens to compare', () => {
    expect(cases.some((c) => !c.active)).toBe(true);
    expect(cases.flatMap((c) => c.selected.flat()).filter(Boolean).length).toBeGreaterThan(0);
  });

  it.each(cases.map((c, i) => [i, c] as const))('case %i: scores, tau, eta and the softened tokens', (_, c) => {
    const right = c.rewards.map((r) => r >= 0.5);
    const g = thrGroupScores(rowsOf(c), right, c.vocab, c.dModel);
    expect(g.active).toBe(c.active);
    expect(g.eta).toBeCloseTo(c.eta, 9);
    if (!c.active) return;
    // upstream accumulates in float32; here in float64 from float32 inputs
    expect(Math.abs(g.tau - (c.tau as number))).toBeLessThan(1e-4 * Math.max(1, Math.abs(c.tau as number)));
    g.scores.forEach((s, i) =>
      s.forEach((x, k) => expect(Math.abs(x - c.scores[i][k])).toBeLessThan(1e-4 * Math.max(1, Math.abs(c.scores[i][k])))),
    );
    const adv = c.rewards.map((r) => (r >= 0.5 ? 1 : -1));
    const w = thrWeights(g, adv, right, { mode: 'nthr', p: 0, beta: 1, dominantOnly: false });
    const softened = w.weights.map((row, i) => row.map((x, k) => !right[i] && g.scores[i][k] > g.tau && x === g.eta));
    expect(softened).toEqual(c.selected);
    w.weights.forEach((row, i) => row.forEach((x, k) => expect(x).toBe(c.selected[i][k] ? c.eta : 1)));
  });
});

// logits = W h (the paper's unconstrained-features model): probabilities, and ln pi of a token.
function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}
const logitsOf = (W: number[][], h: number[]) => W.map((w) => w.reduce((a, wi, e) => a + wi * h[e], 0));

describe('THR: sign and size of the influence on the right responses (the derivation the playground uses)', () => {
  const V = 3;
  const d = 2;
  const W = [
    [0.3, -0.2],
    [-0.1, 0.4],
    [0.2, 0.1],
  ];
  // rows 0 and 1 right, row 2 wrong; every vocabulary id is sampled, so V* is the whole vocabulary
  const ids = [[0, 1], [2], [1, 0]];
  const hs = [
    [
      [1, 0.5],
      [0.2, -1],
    ],
    [[0.7, 0.3]],
    [
      [0.9, 0.4],
      [-0.5, 0.8],
    ],
  ];
  const right = [true, true, false];
  const rows: ThrRow[] = ids.map((row, i) => ({
    ids: row,
    probs: Float32Array.from(hs[i].flatMap((h) => softmax(logitsOf(W, h)))),
    hidden: Float32Array.from(hs[i].flat()),
  }));
  const rightLogLik = (Wx: number[][]) =>
    ids.reduce((acc, row, i) => (right[i] ? acc + row.reduce((a, y, k) => a + Math.log(softmax(logitsOf(Wx, hs[i][k]))[y]), 0) : acc), 0);

  it('A * s is the first-order change of the right log-likelihood from a step on that one token', () => {
    const g = thrGroupScores(rows, right, V, d);
    expect(g.active).toBe(true);
    const adv = [0.8, 0.8, -1.2];
    const eps = 1e-6;
    for (let i = 0; i < ids.length; i++) {
      for (let k = 0; k < ids[i].length; k++) {
        // gradient of A ln pi(y_i,k) with respect to W: A (e_y - pi) h^T
        const p = softmax(logitsOf(W, hs[i][k]));
        const W2 = W.map((w, c) => w.map((x, e) => x + eps * adv[i] * ((c === ids[i][k] ? 1 : 0) - p[c]) * hs[i][k][e]));
        const change = (rightLogLik(W2) - rightLogLik(W)) / eps;
        expect(change).toBeCloseTo(adv[i] * g.scores[i][k], 4);
      }
    }
  });

  it('weights 1 + p and 1 - p by the sign of THR above the threshold; the rest 1, or 0 for dominant tokens only', () => {
    const g = thrGroupScores(rows, right, V, d);
    const adv = [0.8, 0.8, -1.2];
    const tau = Math.min(Math.abs(adv[0] * g.rowMeans[0]), Math.abs(adv[1] * g.rowMeans[1]));
    const thr = g.scores.map((s, i) => s.map((x) => adv[i] * x));
    for (const p of [0.5, -0.5]) {
      const w = thrWeights(g, adv, right, { mode: 'thr', p, beta: 1, dominantOnly: false });
      thr.forEach((row, i) => row.forEach((t, k) => expect(w.weights[i][k]).toBeCloseTo(Math.abs(t) > tau ? 1 + p * Math.sign(t) : 1, 12)));
      expect(w.scored).toBe(5);
      expect(w.positive + w.negative).toBe(thr.flat().filter((t) => Math.abs(t) > tau).length);
    }
    const dom = thrWeights(g, adv, right, { mode: 'thr', p: 0.5, beta: 1, dominantOnly: true });
    expect(dom.weights.flat().filter((x) => x === 0).length).toBe(thr.flat().filter((t) => Math.abs(t) <= tau).length);
    // the example has both kinds, so the checks above can fail
    expect(thr.flat().some((t) => Math.abs(t) > tau)).toBe(true);
    expect(thr.flat().some((t) => Math.abs(t) <= tau)).toBe(true);
  });

  it('a group with no right (or no wrong) response is left alone', () => {
    for (const flags of [
      [false, false, false],
      [true, true, true],
    ]) {
      const g = thrGroupScores(rows, flags, V, d);
      expect(g.active).toBe(false);
      const w = thrWeights(g, [1, 1, 1], flags, { mode: 'thr', p: 0.5, beta: 1, dominantOnly: true });
      expect(w.weights.flat().every((x) => x === 1)).toBe(true);
    }
  });
});

describe('THR in the trainer', () => {
  it('refuses THR together with SRPO (both write the token advantages)', () => {
    const errors = validateConfig({ objective: { thr: 'thr', srpo: true } }).errors.join();
    expect(errors).toMatch(/objective\.thr: THR reweights .* turn one of them off/);
  });

  it('the thr preset logs positive and negative token shares and shows its chart', async () => {
    const cfg = presetConfig('thr', { task: 'add', prompts: 2, groupSize: 4, evalEvery: 0 });
    const t = new Trainer({ config: cfg, initialWeights: shippedWeights('add'), earlyStopEvery: 4 });
    const seen: Record<string, number>[] = [];
    for (let k = 0; k < 3; k++) seen.push((await t.trainStep()).metrics);
    t.dispose();
    for (const m of seen) {
      expect(Number.isFinite(m.loss)).toBe(true);
      if (m['thr/pos_frac'] === undefined) continue;
      expect(m['thr/pos_frac'] + m['thr/neg_frac']).toBeLessThanOrEqual(1);
    }
    expect(seen.some((m) => m['thr/active_groups'] > 0 && m['thr/pos_frac'] + m['thr/neg_frac'] > 0)).toBe(true);
    expect(methodCharts(parseConfig(cfg)).map((c) => c.id)).toEqual(['thr']);
  });
});
