// SAGE (arXiv:2602.03143; code BaohaoLiao/SAGE, whose hint writer is an LLM prompt the toy cannot run): the toy's
// self-written hint and the group replacement, on one short run of the preset from a policy that fails often.
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../helpers/tf';
import { shippedWeights } from '../helpers/checkpoints';
import { parseConfig, validateConfig } from '../../src/engine/config';
import { presetConfig } from '../../src/engine/rl/presets';
import { Trainer } from '../../src/engine/rl/trainer';
import { methodCharts } from '../../src/ui/methodCharts';

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
    expect(validateConfig({ data: { sage: true, scafHints: true } }).errors).toEqual(['data: sage and scafHints both rescue all-wrong groups; turn on only one']);
  });
});
