// The WGSL kernels in CI: the WebGPU bench page (test/bench/webgpu/) in headless Chromium on the software adapter.
// Node has no usable WebGPU here, so this is the only place the WGSL kernels are compared with the op chains they
// replace. It also guards issue 13's acceptance line for WebGPU: one standard nano step (8 x 8) under 400 kernel
// launches, with no WebGPU validation error (a refused shader or binding leaves a stale buffer without throwing).
// The count is deterministic (no timing): a change that adds launches on WebGPU fails here, not in a later bench.
// main's code path (every fast path off) runs too: it once reported a stale gradient norm on WebGPU (a 19-input
// addN over the device's 8 storage buffers), so both sides must pass validation and agree on the step's metrics.
import { describe, expect, it } from 'vitest';
import { webgpuKernels } from '../bench/webgpu-kernels';
import { TEST_MS } from './harness';

// Largest difference from the op chain seen on SwiftShader is 3.1e-5 (attention's parameter gradients); WebGPU's
// numbers are not pinned bit for bit, so the bound is float rounding with room, not equality.
const TOLERANCE = 1e-4;

describe('WebGPU kernels (SwiftShader)', () => {
  it(
    "every WGSL kernel matches its op chain; a nano step launches fewer than 400 kernels, and main's code path agrees",
    async () => {
      const r = await webgpuKernels('nano', 'webgpu', 'main,fast');
      expect(r.backend).toBe('webgpu');
      expect(r.checksValidation).toBe('none');
      const checks = Object.entries(r.diffs);
      expect(checks.length).toBeGreaterThanOrEqual(9);
      for (const [name, diffs] of checks) {
        if (name.startsWith('update checks')) {
          // [norm vs host, probe of finite weights (0), probe with a NaN, probe with an Inf (both NaN)]
          const [norm, finite, nan, inf] = diffs;
          expect(norm, name).toBeLessThan(TOLERANCE);
          expect(finite, name).toBe(0);
          expect(Number.isNaN(nan) && Number.isNaN(inf), `${name}: the probe must turn NaN and Inf into NaN`).toBe(true);
          continue;
        }
        for (const d of diffs) expect(d, name).toBeLessThan(TOLERANCE); // also fails on NaN
        if (name.startsWith('pick'))
          expect(
            diffs.every((d) => d === 0),
            `${name}: no row may pick another token`,
          ).toBe(true);
      }
      expect(r.sides).toHaveLength(2);
      const [main, fast] = r.sides;
      for (const side of r.sides) expect(side.validation, side.name).toBe('none');
      expect(fast.count.total).toBeLessThan(400);
      expect(main.count.total).toBeGreaterThan(fast.count.total);
      expect(fast.dispatches).toBeGreaterThan(0);
      for (const k of ['loss', 'grad_norm', 'entropy', 'kl', 'reward'])
        expect(Math.abs(main.count.metrics[k] - fast.count.metrics[k]), k).toBeLessThan(TOLERANCE);
    },
    TEST_MS,
  );
});
