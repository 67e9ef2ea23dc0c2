// DaGRPO's pair mask (arXiv:2512.06337; no public code, so formula tests of the playground's reading in
// src/engine/rl/advantage/baselines.ts): the mean baseline written as a sum over sample pairs, with the pairs whose
// rewards differ by less than delta left out; then the knob's validation and a short preset run.
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../helpers/tf';
import { shippedWeights } from '../helpers/checkpoints';
import { meanCentered, pairMaskedCentered } from '../../src/engine/rl/advantage/baselines';
import { computeAdvantages } from '../../src/engine/rl/advantages';
import { parseConfig, validateConfig } from '../../src/engine/config';
import { presetConfig } from '../../src/engine/rl/presets';
import { Trainer } from '../../src/engine/rl/trainer';
import { methodCharts } from '../../src/ui/charts/methodCharts';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

describe('DaGRPO pair mask (formula as read; UNVERIFIED details in docs/algorithms/dagrpo.md)', () => {
  it('delta 0 is the mean baseline: r_i - mean = (1/G) sum_j (r_i - r_j)', () => {
    const rng = new Rng(2, 'dagrpo');
    for (let t = 0; t < 50; t++) {
      const r = Array.from({ length: 2 + Math.floor(rng.next() * 8) }, () => Math.round(rng.next() * 4) / 4);
      pairMaskedCentered(r, 0).forEach((x, i) => expect(x).toBeCloseTo(meanCentered(r)[i], 12));
    }
  });

  it('pairs closer than delta are left out; pairs exactly delta apart are kept', () => {
    // right+format, right, wrong+format, wrong: the format-only pairs (0.1 apart) are masked at delta 0.5
    const r = [1.1, 1.0, 0.1, 0.0];
    const c = pairMaskedCentered(r, 0.5);
    const expected = [(1.0 + 1.1) / 4, (0.9 + 1.0) / 4, (-1.0 - 0.9) / 4, (-1.1 - 1.0) / 4];
    c.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 12));
    expect(meanCentered(r)[0]).toBeCloseTo(0.55, 12); // differs from the masked 0.525, so the check can fail
    expect(pairMaskedCentered([1, 0.5, 0], 0.5)).toEqual([(0.5 + 1) / 3, (0.5 - 0.5) / 3, (-1 - 0.5) / 3]);
  });

  it('goes through the advantage stage with the group-std scale', () => {
    const r = [1.1, 1.0, 0.1, 0.0];
    const cfg = parseConfig({ advantage: { baseline: 'mean', scale: 'group-std', dagrpoDelta: 0.5 } }).advantage;
    const out = computeAdvantages([{ rewards: r }], cfg);
    const mean = r.reduce((a, b) => a + b, 0) / r.length;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1)) + cfg.epsilon;
    pairMaskedCentered(r, 0.5).forEach((x, i) => expect(out.advantages[0][i]).toBeCloseTo(x / sd, 9));
  });

  it('refuses the mask with a baseline other than mean', () => {
    const errors = validateConfig({ advantage: { baseline: 'median', dagrpoDelta: 0.5 } }).errors.join();
    expect(errors).toMatch(/advantage\.dagrpoDelta: .* baseline is median/);
  });

  it('the dagrpo preset logs the masked pair share and shows its chart', async () => {
    const cfg = presetConfig('dagrpo', { task: 'add', prompts: 2, groupSize: 4, evalEvery: 0 });
    const t = new Trainer({ config: cfg, initialWeights: shippedWeights('add'), earlyStopEvery: 4 });
    const seen: Record<string, number>[] = [];
    for (let k = 0; k < 4; k++) seen.push((await t.trainStep()).metrics);
    t.dispose();
    const fracs = seen.map((m) => m['dagrpo/masked_pair_frac']).filter((x) => x !== undefined);
    expect(fracs.length).toBeGreaterThan(0);
    for (const f of fracs) expect(f >= 0 && f <= 1).toBe(true);
    expect(methodCharts(parseConfig(cfg)).map((c) => c.id)).toEqual(['dagrpo', 'anchor']);
  });
});
