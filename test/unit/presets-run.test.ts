// Every preset trains 20 steps on every task from the shipped base policies without NaN or Inf (small config).
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../helpers/tf';
import { shippedWeights } from '../helpers/checkpoints';
import { PRESETS, presetConfig } from '../../src/engine/rl/presets';
import { TASK_LIST } from '../../src/engine/tasks';
import { Trainer } from '../../src/engine/rl/trainer';

beforeAll(async () => {
  await useWasm();
});

const weights = new Map(TASK_LIST.map((t) => [t.id, shippedWeights(t.id)]));

describe('every preset x every task, 20 steps', () => {
  for (const preset of PRESETS) {
    it(`${preset.name}: all metrics finite on ${TASK_LIST.map((t) => t.id).join(', ')}`, async () => {
      for (const task of TASK_LIST) {
        const trainer = new Trainer({
          config: presetConfig(preset.name, {
            task: task.id,
            prompts: 2,
            groupSize: 4,
            evalEvery: 10,
            evalSize: 4,
            seed: 11,
            data: { maxGenBatches: 2, scafWarmup: 2 },
          }),
          initialWeights: weights.get(task.id),
          earlyStopEvery: 4,
        });
        for (let s = 1; s <= 20; s++) {
          const r = await trainer.trainStep();
          for (const [k, v] of Object.entries(r.metrics)) {
            if (!Number.isFinite(v)) throw new Error(`${preset.name} on ${task.id}, step ${s}: ${k} = ${v}`);
          }
          for (const g of r.groups) for (const x of g.rollouts) expect(Number.isFinite(x.advantage)).toBe(true);
        }
        const finalEval = await trainer.evaluate();
        expect(Number.isFinite(finalEval['eval/pass@1'])).toBe(true);
        trainer.dispose();
      }
    });
  }
});
