// Issue 13's kernel line on WASM, guarded where it cannot drift unseen: one standard step (8 prompts x G 8, tiny,
// 8 sampled tokens; the bench's workload) launches fewer than 700 kernels, and every fast path together launches
// several times fewer than main's code path. Counts are deterministic (tf.profile's list, no timing). The fused
// kernels' inner stock kernels are counted too, so the test also notices if that counter stops working.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../helpers/tf';
import { setFastPaths } from '../../src/engine/policy/fast-paths';
import { Trainer } from '../../src/engine/rl/trainer';
import { benchConfig } from '../bench/workload';
import { benchClock, countStepKernels, KERNEL_PHASES } from '../bench/kernel-count';
import { ALL_OFF, ALL_ON } from '../bench/fast-path-sets';

beforeAll(async () => {
  await useWasm();
});

afterEach(() => {
  setFastPaths(ALL_ON);
});

async function countSecondStep(): Promise<Awaited<ReturnType<typeof countStepKernels>>> {
  const trainer = new Trainer({ config: benchConfig('tiny'), earlyStopEvery: 0, now: benchClock });
  try {
    await trainer.trainStep();
    return await countStepKernels(trainer);
  } finally {
    trainer.dispose();
  }
}

describe('kernels per standard step on WASM (issue 13)', () => {
  it('the fast paths launch fewer than 700 kernels a step, several times fewer than main code path', async () => {
    setFastPaths(ALL_ON);
    const fast = await countSecondStep();
    expect(fast.total).toBeLessThan(700);
    expect(KERNEL_PHASES.reduce((s, p) => s + fast.phases[p], 0)).toBe(fast.total);
    expect(fast.inner).toBeGreaterThan(0); // fused kernels run stock kernels inside: the bench prints both
    expect(fast.passes).toBeGreaterThan(fast.total); // each fused launch counts the stock kernels it ran
    setFastPaths(ALL_OFF);
    const main = await countSecondStep();
    expect(main.inner).toBe(0);
    expect(main.passes).toBe(main.total);
    expect(main.total).toBeGreaterThan(4 * fast.total);
  });
});
