// SAGE (arXiv:2602.03143; code BaohaoLiao/SAGE, whose hint writer is an LLM prompt the toy cannot run): the toy's
// self-written hint and the group replacement, on one short run of the preset from a policy that fails often.
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../helpers/tf';
import { shippedWeights } from '../helpers/checkpoints';
import { parseConfig, validateConfig } from '../../src/engine/config';
import { presetConfig } from '../../src/engine/rl/presets';
import { Trainer } from '../../src/engine/rl/trainer';
import { methodCharts } from '../../src/ui/charts/methodCharts';
import { bestHintIndex, meanReliance } from '../../src/engine/rl/hill';

beforeAll(async () => {
  await useWasm();
});

describe('SAGE self-hinting (toy reading; UNVERIFIED details in docs/algorithms/sage.md)', () => {
  it('all-wrong groups are resampled with a self-written hint; the kept rollouts carry it; metrics and chart appear', async () => {
    // Countdown: the task where whole groups are wrong most often.
    const cfg = presetConfig('sage', { task: 'countdown', prompts: 4, groupSize: 4, evalEvery: 0, seed: 2 });
    const t = new Trainer({ config: cfg, initialWeights: shippedWeights('countdown'), earlyStopEvery: 4, snapshotGroups: 4 });
    let hinted = 0;
    for (let s = 0; s < 2; s++) {
      const r = await t.trainStep();
      expect(r.metrics['sage/hinted_frac']).toBeGreaterThanOrEqual(0);
      expect(r.metrics['sage/hinted_frac']).toBeLessThanOrEqual(1);
      hinted += r.metrics['sage/hinted_frac'];
      for (const g of r.groups) {
        // A hinted group is hinted as a whole, at one level, with one hint text (a masked answer ending in ';').
        const levels = new Set(g.rollouts.map((x) => x.hintLevel));
        expect(levels.size).toBe(1);
        if (g.rollouts[0].hintLevel > 0) expect(new Set(g.rollouts.map((x) => x.hint)).size).toBe(1);
      }
    }
    t.dispose();
    expect(hinted).toBeGreaterThan(0);
    expect(methodCharts(parseConfig(cfg)).map((c) => c.id)).toEqual(['sage']);
    expect(validateConfig({ data: { sage: true, scafHints: true } }).errors).toEqual([
      'data: sage/hill and scafHints both rescue all-wrong groups; turn on only one',
    ]);
  });
});

describe('HiLL hint choice on the SAGE machinery (reward and reliance fixture-tested in methods.fixtures)', () => {
  it('the best hint is the highest reward, the first on ties; reliance averages the right rollouts only', () => {
    expect(bestHintIndex([0, 0.25, 0.1, 0.25])).toBe(1);
    expect(bestHintIndex([0, 0, 0])).toBe(0);
    expect(meanReliance([-1, 5, -0.5], [true, false, true])).toBe(-0.75);
    expect(meanReliance([1, 2], [false, false])).toBeUndefined();
  });
  it('the hill preset hints all-wrong groups and logs the chosen hints’ reward; both charts show', async () => {
    const cfg = presetConfig('hill', { task: 'countdown', prompts: 4, groupSize: 4, evalEvery: 0, seed: 2 });
    const t = new Trainer({ config: cfg, initialWeights: shippedWeights('countdown'), earlyStopEvery: 4 });
    const seen: Record<string, number>[] = [];
    for (let s = 0; s < 2; s++) seen.push((await t.trainStep()).metrics);
    t.dispose();
    const hinted = seen.filter((m) => m['sage/hinted_frac'] > 0);
    expect(hinted.length).toBeGreaterThan(0);
    for (const m of hinted) expect(m['hill/reward']).toBeGreaterThanOrEqual(0);
    expect(methodCharts(parseConfig(cfg)).map((c) => c.id)).toEqual(['sage', 'hill']);
  });
});
