// Import boundaries: tfjs (and every module that loads it) only in src/engine and src/worker; the UI, share/ and
// the worker protocol never pull it in. Two checks: the module graph (test/tools/boundaries.ts) and the linter's
// direct-import rule (biome.json, noRestrictedImports), each shown to fail on a deliberate violation.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tfjsReach } from '../tools/boundaries';

const root = resolve(import.meta.dirname, '../..');
const tsFiles = (dir: string) =>
  readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => join(dir, f));

describe('module graph: no tfjs outside engine/ and worker/', () => {
  it('the app entry (main thread) never loads tfjs', async () => {
    const r = await tfjsReach(join(root, 'src/main.tsx'));
    expect(r.via).toEqual([]);
    expect(r.tfjsModules).toEqual([]);
  }, 60_000);
  it('no module of share/ and not the worker protocol', async () => {
    for (const f of [...tsFiles('src/share'), 'src/worker/protocol.ts']) {
      const r = await tfjsReach(join(root, f));
      expect({ f, via: r.via }).toEqual({ f, via: [] });
    }
  }, 120_000);
  it('catches a deliberate violation made through a pure-looking engine module', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'boundary-'));
    try {
      const probe = join(dir, 'probe.ts');
      writeFileSync(
        probe,
        `import { TransformerPolicy } from '${join(root, 'src/engine/policy/model')}';\nexport const x = TransformerPolicy;\n`,
      );
      const r = await tfjsReach(probe);
      expect(r.tfjsModules.length).toBeGreaterThan(0);
      expect(r.via.some((p) => p.includes('src/engine/'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('linter: direct tfjs imports are refused in ui/, share/ and the protocol', () => {
  const lint = (dir: string, rel: string, source: string): number => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), source);
    try {
      execFileSync(join(root, 'node_modules/.bin/biome'), ['lint', '--config-path', dir, join(dir, rel)], { cwd: dir, stdio: 'pipe' });
      return 0;
    } catch (e) {
      return (e as { status: number }).status;
    }
  };
  it('fails on a tfjs import in src/ui and passes the same file in src/engine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-'));
    try {
      const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8'));
      delete config.$schema;
      delete config.vcs;
      writeFileSync(join(dir, 'biome.json'), JSON.stringify(config));
      const source = "import * as tf from '@tensorflow/tfjs';\nexport const x = tf;\n";
      expect(lint(dir, 'src/ui/Violation.ts', source)).not.toBe(0);
      expect(lint(dir, 'src/worker/protocol.ts', source)).not.toBe(0);
      expect(lint(dir, 'src/engine/allowed.ts', source)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
