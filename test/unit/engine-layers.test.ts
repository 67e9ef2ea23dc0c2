// Floors inside engine/: tasks/ and metrics.ts sit below policy/ and rl/ and import neither (types included).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^import[^;]*?from '([^']+)'/gms)].map((m) => m[1]);

describe('engine floors', () => {
  it('tasks/ imports nothing from policy/ or rl/', () => {
    const dir = 'src/engine/tasks';
    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files)
      for (const spec of importsOf(join(dir, f))) expect(spec, `${f} imports ${spec}`).not.toMatch(/(^|\/)(policy|rl)\//);
  });

  it('metrics.ts and step-data.ts import nothing from rl/ or policy/', () => {
    for (const f of ['src/engine/metrics.ts', 'src/engine/step-data.ts']) {
      const specs = importsOf(f);
      expect(specs.length).toBeGreaterThan(0);
      for (const spec of specs) expect(spec, `${f} imports ${spec}`).not.toMatch(/^\.\/(rl|policy)\//);
    }
  });
});
