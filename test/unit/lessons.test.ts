// Every lesson's configs validate, run 3 steps headless from the shipped checkpoints without NaN, and name charts
// the engine really logs.
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../helpers/tf';
import { shippedWeights } from '../helpers/checkpoints';
import { validateConfig } from '../../src/engine/config';
import { PairedRun } from '../../src/engine/compare';
import { Trainer } from '../../src/engine/rl/trainer';
import { getLesson, lessonConfigs, LESSONS } from '../../src/share/lessons';
import { isEvalTimeMetric } from '../../src/engine/metrics';

beforeAll(async () => {
  await useWasm();
});

describe('lessons', () => {
  it('have unique ids, cite arXiv, and fit a laptop', () => {
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    expect(LESSONS).toHaveLength(8);
    for (const l of LESSONS) {
      expect(l.sources.length, l.id).toBeGreaterThan(0);
      for (const s of l.sources) expect(s).toMatch(/^arXiv:\d{4}\.\d{5}$/);
      expect(
        l.watch.every((w) => l.charts.includes(w.chart)),
        `${l.id}: every watched chart is highlighted`,
      ).toBe(true);
      // 20 is the least budget a lesson's claims are checked at (npm run lessons must fit 60 minutes for all).
      expect(l.suggestedSteps, l.id).toBeGreaterThanOrEqual(20);
      expect(l.suggestedSteps).toBeLessThanOrEqual(60);
      if (l.variants) expect(l.variants.length, l.id).toBeGreaterThanOrEqual(2);
      if (l.variants) expect(l.variants.length, l.id).toBeLessThanOrEqual(3);
      for (const c of lessonConfigs(l)) {
        expect(validateConfig(c).errors, l.id).toEqual([]);
        expect(c.prompts).toBeGreaterThanOrEqual(4);
        expect(c.prompts).toBeLessThanOrEqual(8);
        expect(c.groupSize).toBeLessThanOrEqual(8);
        expect(c.modelSize).toBe('tiny');
      }
    }
    expect(getLesson('dr-grpo-bias')?.title).toMatch(/Dr\. GRPO/);
    expect(getLesson('nope')).toBeUndefined();
  });

  for (const l of LESSONS) {
    it(`${l.id}: 3 steps without NaN, and its charts are logged`, async () => {
      const configs = lessonConfigs(l);
      const weights = shippedWeights(configs[0].task);
      const seen = new Set<string>();
      const check = (metrics: Record<string, number>, who: string, step: number) => {
        for (const [k, v] of Object.entries(metrics)) {
          if (!Number.isFinite(v)) throw new Error(`${l.id} / ${who}, step ${step}: ${k} = ${v}`);
          seen.add(k);
        }
      };
      if (l.variants) {
        const run = new PairedRun({ base: l.config, variants: l.variants, initialWeights: weights, earlyStopEvery: 4 });
        try {
          for (let s = 1; s <= 3; s++) {
            const r = await run.step();
            r.reports.forEach((rep, i) => check(rep.metrics, run.names[i], s));
            expect(r.samePrompts || configs.some((c) => c.data.dynamicSampling || c.data.dropAllCorrect)).toBe(true);
          }
        } finally {
          run.dispose();
        }
      } else {
        const t = new Trainer({ config: l.config, initialWeights: weights, earlyStopEvery: 4 });
        for (let s = 1; s <= 3; s++) check((await t.trainStep()).metrics, 'run', s);
        t.dispose();
      }
      for (const c of l.charts.filter((c) => !isEvalTimeMetric(c))) expect(seen.has(c), `${l.id}: chart ${c} is logged`).toBe(true);
    });
  }
});
