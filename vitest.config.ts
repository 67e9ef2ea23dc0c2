import { defineConfig } from 'vitest/config';

// Node-side tests run the engine on the tfjs WASM backend (fast here) in forked processes.
export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    include: ['test/unit/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
