// The trainer's reliability (issue 8 items 6, 7, 9): a non-finite step is caught and not applied, the SFT buffer is
// bounded and travels in the trainer state (resume = straight run), and generated valid configs each run a step.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { useWasm, withoutWallClock } from '../helpers/tf';
import { Trainer } from '../../src/engine/rl/trainer';
import { isNonFiniteError } from '../../src/engine/rl/finite-guard';
import { validateConfig, BASELINES, SCALES, CLIP_MODES, AGGREGATIONS, TASK_IDS, type RunConfigInput } from '../../src/engine/config';

beforeAll(async () => {
  await useWasm();
});

const NANO: RunConfigInput = { task: 'add', modelSize: 'nano', init: 'random', prompts: 2, groupSize: 4, evalEvery: 0, evalSize: 2 };

describe('non-finite steps', () => {
  it('one NaN weight: the step throws naming the cause, applies nothing, and does not advance', async () => {
    const trainer = new Trainer({ config: { ...NANO, seed: 2 } });
    await trainer.trainStep();
    const weights = await trainer.weights();
    const [name, first] = [...weights.entries()].find(([n]) => n.includes('emb'))!;
    const poisoned = new Map(weights);
    poisoned.set(
      name,
      Float32Array.from(first, (x, i) => (i === 0 ? NaN : x)),
    );
    trainer.policy.assign(poisoned);
    const tensorsBefore = tf.memory().numTensors;
    let error: unknown;
    try {
      await trainer.trainStep();
    } catch (e) {
      error = e;
    }
    expect(isNonFiniteError(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^Step 2: the ((loss|gradient norm) is NaN|weights hold NaN or infinity), so the update was not applied/,
    );
    expect(trainer.step).toBe(1);
    expect(tf.memory().numTensors).toBe(tensorsBefore); // the refused step leaks nothing
    const after = await trainer.weights();
    for (const [n, v] of poisoned) expect([...after.get(n)!], n).toEqual([...v]); // untouched: NaN spread nowhere
    trainer.dispose();
  });
});

describe('no leak through the guarded update', () => {
  it('numTensors is flat from step 2 to step 6 with KL, both MEML terms, 2 epochs x 2 minibatches', async () => {
    const trainer = new Trainer({
      config: {
        ...NANO,
        objective: { klCoef: 0.05 },
        innerEpochs: 2,
        minibatches: 2,
        experts: { enabled: true, mutualLambda: 0.1, sftLambda: 0.1, sftBufferSize: 2, sftWrongThreshold: 0 },
      },
    });
    await trainer.trainStep();
    await trainer.trainStep();
    const at2 = tf.memory().numTensors;
    for (let s = 0; s < 4; s++) await trainer.trainStep();
    expect(tf.memory().numTensors).toBe(at2);
    trainer.dispose();
  });
});

describe('SFT buffer', () => {
  const MEML: RunConfigInput = {
    ...NANO,
    seed: 4,
    experts: { enabled: true, allocation: 'split', mutualLambda: 0.2, sftLambda: 0.5, sftBufferSize: 16, sftWrongThreshold: 0 },
  };

  it('never holds more than sftBufferSize items', async () => {
    const trainer = new Trainer({ config: { ...MEML, prompts: 4, experts: { ...MEML.experts, sftBufferSize: 2 } } });
    let seen = 0;
    for (let s = 0; s < 4; s++) {
      const r = await trainer.trainStep();
      seen = Math.max(seen, r.metrics.sft_buffer_size);
      expect(r.metrics.sft_buffer_size).toBeLessThanOrEqual(2);
      expect((await trainer.exportState()).sftBuffer!.length).toBeLessThanOrEqual(2);
    }
    trainer.dispose();
  });

  it('resume with experts and the SFT buffer on gives the same numbers as a straight run', async () => {
    const straight = new Trainer({ config: MEML });
    const straightMetrics: Record<string, number>[] = [];
    for (let s = 0; s < 5; s++) straightMetrics.push(withoutWallClock((await straight.trainStep()).metrics));
    straight.dispose();

    const first = new Trainer({ config: MEML });
    await first.trainStep();
    const state = await first.exportState();
    first.dispose();
    expect(state.sftBuffer!.length).toBeGreaterThan(0); // the resume really carries a non-empty buffer
    const resumed = new Trainer({ config: MEML, state });
    const resumedMetrics = [straightMetrics[0]];
    for (let s = 1; s < 5; s++) resumedMetrics.push(withoutWallClock((await resumed.trainStep()).metrics));
    resumed.dispose();
    // The buffer filled and was trained on after the resume point (its size fell back), so it mattered.
    expect(straightMetrics.some((m, i) => i > 1 && m.sft_buffer_size < straightMetrics[i - 1].sft_buffer_size)).toBe(true);
    expect(resumedMetrics).toEqual(straightMetrics);
  });
});

describe('every valid small config runs a step', () => {
  const cfg = fc.record({
    task: fc.constantFrom(...TASK_IDS),
    difficulty: fc.integer({ min: 0, max: 8 }),
    prompts: fc.integer({ min: 1, max: 2 }),
    groupSize: fc.integer({ min: 1, max: 3 }),
    maxCompletionLength: fc.constantFrom(0, 1, 6),
    hintLevel: fc.integer({ min: 0, max: 3 }),
    innerEpochs: fc.integer({ min: 1, max: 2 }),
    minibatches: fc.integer({ min: 1, max: 2 }),
    temperature: fc.constantFrom(0.01, 1, 5),
    advantage: fc.record({
      baseline: fc.constantFrom(...BASELINES),
      scale: fc.constantFrom(...SCALES),
      gdpo: fc.boolean(),
      globalWhiten: fc.boolean(),
    }),
    objective: fc.record({
      clipMode: fc.constantFrom(...CLIP_MODES),
      aggregation: fc.constantFrom(...AGGREGATIONS),
      klCoef: fc.constantFrom(0, 0.1),
      entropyCoef: fc.constantFrom(0, 0.01),
    }),
    data: fc.record({
      dynamicSampling: fc.boolean(),
      maxGenBatches: fc.integer({ min: 1, max: 2 }),
      overlongShaping: fc.boolean(),
      maskTruncated: fc.boolean(),
      mcPivot: fc.boolean(),
      dropAllCorrect: fc.boolean(),
      scafHints: fc.boolean(),
      scafWarmup: fc.constant(0),
    }),
    experts: fc.record({
      enabled: fc.boolean(),
      allocation: fc.constantFrom('per-expert', 'split'),
      baselineScope: fc.constantFrom('per-expert', 'group'),
      mutualLambda: fc.constantFrom(0, 0.3),
      sftLambda: fc.constantFrom(0, 0.3),
      sftBufferSize: fc.integer({ min: 1, max: 3 }),
      sftWrongThreshold: fc.constantFrom(0, 0.5),
    }),
  });

  it('generated configs that pass validation each train one step on nano without throwing', async () => {
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(cfg, fc.integer({ min: 0, max: 1000 }), async (c, seed) => {
        const input = { ...c, seed, modelSize: 'nano', init: 'random', evalEvery: 1, evalSize: 2 } as RunConfigInput;
        if (!validateConfig(input).config) return; // only valid configs make a promise
        ran++;
        const t = new Trainer({ config: input });
        try {
          const r = await t.trainStep();
          expect(r.step).toBe(1);
        } finally {
          t.dispose();
        }
      }),
      { seed: 81, numRuns: 24 },
    );
    expect(ran).toBeGreaterThan(12);
  });
});
