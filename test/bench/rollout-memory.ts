// npx tsx test/bench/rollout-memory.ts [--size small] [--task countdown] [--rollouts 64,256,1024]: memory of one
// training step by rollouts per step, to size the validation limit (config-rules.ts ROLLOUT_LIMITS). Figures, not
// pass/fail. Each size runs in a fresh process so one step's peak does not hide another's (wasm memory only grows).
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/engine/backend';
import { Trainer } from '../../src/engine/rl/trainer';
import { presetConfig } from '../../src/engine/rl/presets';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'small' },
    task: { type: 'string', default: 'countdown' },
    rollouts: { type: 'string', default: '64,256,1024' },
    one: { type: 'string' },
  },
});

if (values.one) {
  const n = Number(values.one);
  const prompts = Math.min(64, Math.max(1, Math.round(Math.sqrt(n))));
  await initBackend('wasm');
  // The limit check itself would refuse sizes above it: measure through the trainer's own config path anyway.
  const config = presetConfig('grpo', {
    task: values.task as 'countdown',
    modelSize: values.size as 'small',
    init: 'random',
    prompts,
    groupSize: n / prompts,
    evalEvery: 0,
    seed: 1,
  });
  const t0 = Date.now();
  const trainer = new Trainer({ config, earlyStopEvery: 4 });
  await trainer.trainStep();
  const wasmBytes = (tf.memory() as { numBytesInGPU?: number; numBytes: number }).numBytes;
  console.log(
    JSON.stringify({
      rollouts: n,
      prompts,
      groupSize: n / prompts,
      seconds: (Date.now() - t0) / 1000,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      tfNumBytesMiB: Math.round(wasmBytes / 2 ** 20),
    }),
  );
  trainer.dispose();
} else {
  const self = fileURLToPath(import.meta.url);
  console.log(`one step, ${values.task}, ${values.size} model, wasm; peak RSS of a fresh process per size`);
  for (const n of values.rollouts!.split(',').map(Number)) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--one', String(n), '--size', values.size!, '--task', values.task!], {
      encoding: 'utf8',
    });
    process.stdout.write(r.stdout || `${r.stderr.split('\n').slice(-3).join('\n')}\n`);
  }
}
