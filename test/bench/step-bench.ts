// npm run bench [-- --backend wasm|cpu|webgpu --steps N --size tiny|nano --vs-torch --python PATH --without a,b]
// WebGPU kernel counts: npm run bench -- --backend webgpu --size nano (headless Chromium, SwiftShader; counts only;
// --node-webgpu runs the whole bench on Node's WebGPU instead, which is very slow here)
// Figures for one standard training step (test/bench/workload.ts), not pass/fail. Two trainers run interleaved,
// step by step, in this one process: "main" with every fast path switched off (today's main's code path, op for
// op) and "fast" with them on, so their ratios come from the same minutes of this shared machine. Absolute times
// are noise here; the paired ratios (median and min-max over the steps) are the figure.
// --vs-torch adds the same workload in PyTorch (test/bench/torch_step.py, CPU, one thread), stepped in the same
// loop, with and without a KV cache in its sampler. --without heapCopies,simdMatMul adds a third trainer with
// those switches off (the rest on), so one switch's gain is a paired ratio too.
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/engine/backend';
import { Trainer } from '../../src/engine/rl/trainer';
import { readbackCount } from '../../src/engine/policy/counters';
import { setFastPaths, type FastPaths } from '../../src/engine/policy/fast-paths';
import { BACKENDS, type Backend } from '../../src/engine/config';
import type { ModelSize } from '../../src/engine/policy/model';
import { benchConfig, fmtRatio, median, pairedRatio, PHASES, type Phase } from './workload';
import { TorchStepper } from './torch-stepper';
import { exposeNodeWebGpu } from './node-webgpu';
import { ALL_OFF, ALL_ON } from './fast-path-sets';
import { benchClock, countStepKernels, formatKernelCount, type KernelCount } from './kernel-count';
import { printPageResult, webgpuKernels } from './webgpu-kernels';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    steps: { type: 'string', default: '10' },
    size: { type: 'string', default: 'tiny' },
    'vs-torch': { type: 'boolean', default: false },
    python: { type: 'string', default: process.env.BENCH_PYTHON ?? 'python3' },
    'node-webgpu': { type: 'boolean', default: false },
    without: { type: 'string', default: '' },
  },
});
const backend = values.backend as Backend;
if (!BACKENDS.includes(backend)) throw new Error(`--backend must be one of ${BACKENDS.join(', ')}`);
const steps = Number(values.steps);
if (!Number.isInteger(steps) || steps < 1) throw new Error(`--steps must be a positive integer, got ${values.steps}`);
const size = values.size as ModelSize;
if (!['nano', 'tiny', 'small'].includes(size)) throw new Error(`--size must be nano, tiny or small, got ${values.size}`);

const without = values.without ? values.without.split(',') : [];
for (const name of without)
  if (!(name in ALL_ON)) throw new Error(`--without: unknown switch ${name}; switches: ${Object.keys(ALL_ON).join(', ')}`);

if (backend === 'webgpu' && !values['node-webgpu']) {
  // kernel counts only, in headless Chromium (Node's WebGPU is too slow here): test/bench/webgpu-kernels.ts
  printPageResult(await webgpuKernels(size, 'webgpu', 'main,fast', without.join(',')));
  process.exit(0);
}

if (backend === 'webgpu') await exposeNodeWebGpu();
const info = await initBackend(backend);
if (info.backend !== backend && backend !== 'auto') throw new Error(`--backend ${backend} did not initialise: ${info.reason}`);
console.log(`backend ${info.backend} (${info.reason})`);
const config = benchConfig(size);

interface Side {
  name: string;
  paths: FastPaths;
  trainer: Trainer;
  times: Record<Phase, number[]>;
  readbacks: number[];
  kernels: KernelCount | null;
}

function makeSide(name: string, paths: FastPaths): Side {
  setFastPaths(paths); // the optimizer picks its layout when it is built
  const trainer = new Trainer({ config, earlyStopEvery: 0, now: benchClock });
  return { name, paths, trainer, times: { rollout: [], scoring: [], advantages: [], update: [], total: [] }, readbacks: [], kernels: null };
}

async function step(side: Side, record: boolean): Promise<void> {
  setFastPaths(side.paths);
  const before = readbackCount();
  const r = await side.trainer.trainStep();
  if (!record) return;
  side.readbacks.push(readbackCount() - before);
  side.times.rollout.push(r.metrics['timing/rollout_ms']);
  side.times.scoring.push(r.metrics['timing/scoring_ms']);
  side.times.advantages.push(r.metrics['timing/advantages_ms']);
  side.times.update.push(r.metrics['timing/update_ms']);
  side.times.total.push(r.metrics.step_time * 1000);
}

const sides = [makeSide('main (fast paths off)', ALL_OFF), makeSide('fast (this branch)', ALL_ON)];
if (without.length)
  sides.push(makeSide(`fast without ${without.join('+')}`, { ...ALL_ON, ...Object.fromEntries(without.map((k) => [k, false])) }));
const torch = values['vs-torch'] ? await TorchStepper.start(values.python, size, config) : null;
if (torch) console.log(`torch ${torch.info}`);

// warm-up: kernel/shader compilation, allocator growth
for (let i = 0; i < 2; i++) {
  for (const s of sides) await step(s, false);
  if (torch) await torch.step();
}
for (let i = 0; i < steps; i++) {
  // alternate which side goes first, so neither always runs right after the other's allocations
  for (const s of i % 2 ? [...sides].reverse() : sides) await step(s, true);
  if (torch) await torch.step(true);
}
for (const s of sides) {
  setFastPaths(s.paths);
  s.kernels = await countStepKernels(s.trainer);
}
setFastPaths(ALL_ON);
const numTensors = tf.memory().numTensors;

const head = `${`median over ${steps} interleaved steps, ms`.padEnd(34)}${PHASES.map((p) => p.slice(0, 8).padStart(10)).join('')}   kernels readbacks`;
console.log(`\n${head}`);
for (const s of sides) {
  console.log(
    s.name.padEnd(34) +
      PHASES.map((p) => median(s.times[p]).toFixed(1).padStart(10)).join('') +
      String(s.kernels!.total).padStart(10) +
      String(median(s.readbacks)).padStart(10),
  );
}
const [main, fast] = sides;
console.log(`\nspeed-up of this branch over main (paired per step: median [min-max]), ${info.backend}:`);
for (const p of ['rollout', 'scoring', 'update', 'total'] as const) {
  console.log(`  ${(p === 'total' ? 'step' : p).padEnd(10)} ${fmtRatio(pairedRatio(main.times[p], fast.times[p]))}`);
}
for (const s of sides) console.log(formatKernelCount(s.name, s.kernels!));
if (sides[2]) {
  console.log(`\nspeed-up of fast over ${sides[2].name} (paired per step: median [min-max]):`);
  for (const p of ['rollout', 'scoring', 'update', 'total'] as const)
    console.log(`  ${(p === 'total' ? 'step' : p).padEnd(10)} ${fmtRatio(pairedRatio(sides[2].times[p], fast.times[p]))}`);
}
console.log(
  `kernels per step on ${info.backend}: main ${main.kernels!.total}, fast ${fast.kernels!.total} (${(main.kernels!.total / fast.kernels!.total).toFixed(2)}x fewer); numTensors ${numTensors}`,
);

if (torch) {
  const rows = [
    ['torch, no KV cache', torch.times.plain],
    ['torch, KV cache', torch.times.cached],
  ] as const;
  for (const [name, t] of rows)
    console.log(name.padEnd(34) + PHASES.map((p) => (t[p].length ? median(t[p]).toFixed(1) : '-').padStart(10)).join(''));
  console.log(`\nslower than PyTorch-CPU (${torch.info}) on the same work, paired per step: median [min-max]`);
  for (const [name, t] of rows) {
    for (const s of sides) {
      const cells = (['rollout', 'scoring', 'update', 'total'] as const).map(
        (p) => `${p === 'total' ? 'step' : p} ${fmtRatio(pairedRatio(s.times[p], t[p]))}`,
      );
      console.log(`  ${s.name} vs ${name}: ${cells.join(', ')}`);
    }
  }
  await torch.stop();
}
for (const s of sides) s.trainer.dispose();
