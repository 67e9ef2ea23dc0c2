// The WGSL kernels in CI: the WebGPU bench page (test/bench/webgpu/) in headless Chromium on the software adapter.
// Node has no usable WebGPU here, so this is the only place the WGSL kernels are compared with the op chains they
// replace. It also guards issue 13's acceptance line for WebGPU: one standard nano step (8 x 8) under 400 kernel
// launches, with no WebGPU validation error (a refused shader or binding leaves a stale buffer without throwing).
// The count is deterministic (no timing): a change that adds launches on WebGPU fails here, not in a later bench.
import { describe, expect, it } from 'vitest';
import { webgpuKernels } from '../bench/webgpu-kernels';
import { TEST_MS } from './harness';

// Largest difference from the op chain seen on SwiftShader is 3.1e-5 (attention's parameter gradients); WebGPU's
// numbers are not pinned bit for bit, so the bound is float rounding with room, not equality.
const TOLERANCE = 1e-4;

describe('WebGPU kernels (SwiftShader)', () => {
  it(
    'every WGSL kernel matches its op chain, and a nano step launches fewer than 400 kernels',
    async () => {
      const r = await webgpuKernels('nano', 'webgpu', 'fast');
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
      expect(r.sides).toHaveLength(1);
      const [fast] = r.sides;
      expect(fast.validation).toBe('none');
      expect(fast.count.total).toBeLessThan(400);
      expect(fast.dispatches).toBeGreaterThan(0);
    },
    TEST_MS,
  );
});
