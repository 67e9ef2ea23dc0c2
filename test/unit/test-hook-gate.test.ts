// The test hook (window.__grpo) and the simulated GPU failure ship only in test builds (VITE_TEST_HOOK=1, which
// test/e2e/harness.ts sets) and the dev server. Checked on bundles of the app entry and the worker made with the
// flags Vite replaces at build time: a production bundle leaves them out, a test bundle keeps them.
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

async function bundle(entry: string, testBuild: boolean): Promise<{ inputs: string[]; text: string }> {
  const result = await build({
    entryPoints: [resolve(root, entry)],
    bundle: true,
    write: false,
    metafile: true,
    minifySyntax: true,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
    // tfjs is irrelevant here and slow to bundle
    external: ['@tensorflow/*'],
    loader: { '.css': 'empty', '.png': 'empty', '.svg': 'empty', '.wasm': 'empty' },
    define: {
      'import.meta.env.DEV': 'false',
      'import.meta.env.VITE_TEST_HOOK': testBuild ? '"1"' : 'undefined',
      'import.meta.env.BASE_URL': '"/"',
    },
  });
  return { inputs: Object.keys(result.metafile.inputs), text: result.outputFiles.map((f) => f.text).join('\n') };
}

describe('test hook and simulated failure: test builds only', () => {
  it('the production app entry does not load the test hook; a test build does', async () => {
    const prod = await bundle('src/main.tsx', false);
    expect(prod.inputs.filter((p) => p.endsWith('testHook.ts'))).toEqual([]);
    expect(prod.text).not.toContain('__grpo');
    expect(prod.text).not.toContain('simulate-failure"}');
    const test = await bundle('src/main.tsx', true);
    expect(test.inputs.some((p) => p.endsWith('src/ui/app/testHook.ts'))).toBe(true);
    expect(test.text).toContain('__grpo');
  }, 60_000);

  it('the production worker ignores a simulated failure; a test build obeys it', async () => {
    const arm = /failNext = (true|!0)/;
    expect((await bundle('src/worker/training.worker.ts', false)).text).not.toMatch(arm);
    expect((await bundle('src/worker/training.worker.ts', true)).text).toMatch(arm);
  }, 60_000);
});
