import { defineConfig } from 'vitest/config';

// Node-side tests run the engine on the tfjs WASM backend (fast here) in forked processes.
export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    include: ['test/unit/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    // Generous on purpose: no test may fail because the machine is slow or busy (a preset x task test took 241 s at
    // load 30 on 2 cores). A real hang still ends the run well inside CI's 90 minutes.
    testTimeout: 900_000,
    hookTimeout: 900_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
