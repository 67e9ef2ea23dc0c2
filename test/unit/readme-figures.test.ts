// The README's base-policy table quotes the manifest: every row must match it, and every shipped policy has a row.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Entry {
  task: string;
  size: string;
  pass1: number;
  pass8: number;
  perExpertPass1: Record<string, number>;
}
const manifest = JSON.parse(readFileSync('public/checkpoints/manifest.json', 'utf8')) as { checkpoints: Entry[] };
const readme = readFileSync('README.md', 'utf8');

/** Rows of the README table: | task | size | difficulty | pass@1 | pass@8 | per expert |. */
function tableRows(): string[][] {
  const start = readme.indexOf('| task | size | difficulty | pass@1 | pass@8 | per expert |');
  if (start < 0) throw new Error('README: the base-policy table header is missing');
  const lines = readme.slice(start).split('\n').slice(2);
  const rows: string[][] = [];
  for (const line of lines) {
    if (!line.trim().startsWith('|')) break;
    rows.push(
      line
        .trim()
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
  }
  return rows;
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const expertText = (v: number) => (v === 1 ? '100' : (v * 100).toFixed(1));

describe('README base-policy table', () => {
  const rows = tableRows();
  it('has a row for every shipped policy, with the manifest figures', () => {
    for (const e of manifest.checkpoints) {
      const row = rows.find((r) => r[0] === e.task && r[1] === e.size);
      expect(row, `README row for ${e.task}/${e.size}`).toBeDefined();
      expect(row![3], `${e.task}/${e.size} pass@1`).toBe(percent(e.pass1));
      expect(row![4], `${e.task}/${e.size} pass@8`).toBe(percent(e.pass8));
      const experts = Object.entries(e.perExpertPass1)
        .map(([k, v]) => `${k} ${expertText(v)}`)
        .join(', ');
      expect(row![5], `${e.task}/${e.size} per expert`).toBe(experts);
    }
  });
  it('says "not shipped yet" only for policies the manifest lacks', () => {
    for (const r of rows.filter((x) => x[3] === 'not shipped yet')) {
      expect(
        manifest.checkpoints.some((e) => e.task === r[0] && e.size === r[1]),
        `${r[0]}/${r[1]}`,
      ).toBe(false);
    }
  });
});
