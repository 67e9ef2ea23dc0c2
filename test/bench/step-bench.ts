// npm run bench [-- --backend wasm|cpu --steps N]: figures for one standard training step, not pass/fail.
// Standard config: 8 prompts x G=8, tiny model, 8-token completions, GRPO, from random init (so completions
// run to full length). Prints median ms per phase, kernels launched and GPU-to-CPU readbacks per step, numTensors.
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/engine/backend';
import { Trainer } from '../../src/engine/rl/trainer';
import { presetConfig } from '../../src/engine/rl/presets';
import { readbackCount } from '../../src/engine/policy/counters';
import { BACKENDS, type Backend } from '../../src/engine/config';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, steps: { type: 'string', default: '10' } } });
const backend = values.backend as Backend;
if (!BACKENDS.includes(backend)) throw new Error(`--backend must be one of ${BACKENDS.join(', ')}`);
const steps = Number(values.steps);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const info = await initBackend(backend);
console.log(`backend ${info.backend} (${info.reason})`);
const config = presetConfig('grpo', { task: 'add', modelSize: 'tiny', init: 'random', prompts: 8, groupSize: 8, maxCompletionLength: 8, evalEvery: 0, seed: 1 });

async function measure(earlyStopEvery: number) {
  const trainer = new Trainer({ config, earlyStopEvery });
  await trainer.trainStep(); // warm-up: kernel/shader compilation
  await trainer.trainStep();
  const phases: Record<string, number[]> = { rollout: [], scoring: [], advantages: [], update: [], total: [] };
  const readbacks: number[] = [];
  for (let i = 0; i < steps; i++) {
    const before = readbackCount();
    const r = await trainer.trainStep();
    readbacks.push(readbackCount() - before);
    phases.rollout.push(r.metrics['timing/rollout_ms']);
    phases.scoring.push(r.metrics['timing/scoring_ms']);
    phases.advantages.push(r.metrics['timing/advantages_ms']);
    phases.update.push(r.metrics['timing/update_ms']);
    phases.total.push(r.metrics.step_time * 1000);
  }
  const profile = await tf.profile(async () => {
    await trainer.trainStep();
  });
  const numTensors = tf.memory().numTensors;
  trainer.dispose();
  return { phases, readbacks: median(readbacks), kernels: profile.kernels.length, numTensors };
}

const strict = await measure(0);
const early = await measure(4);
const row = (name: string, r: Awaited<ReturnType<typeof measure>>) =>
  `${name.padEnd(34)} ${['rollout', 'scoring', 'advantages', 'update', 'total'].map((p) => median(r.phases[p]).toFixed(1).padStart(9)).join('')}` +
  `${String(r.kernels).padStart(9)}${String(r.readbacks).padStart(10)}${String(r.numTensors).padStart(11)}`;
console.log(`\nmedian over ${steps} steps, ms                rollout  scoring  advant.   update    total  kernels readbacks numTensors`);
console.log(row('one readback per rollout', strict));
console.log(row('early-stop check every 4 tokens', early));
console.log(`\nratios: update/rollout ${(median(strict.phases.update) / median(strict.phases.rollout)).toFixed(2)}, ` +
  `early-stop speed-up ${(median(strict.phases.total) / median(early.phases.total)).toFixed(2)}x ` +
  `(random init runs to full length, so early stop gains little here; a trained policy stops after ~4 tokens)`);
