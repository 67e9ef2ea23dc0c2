// All-runs export: CSV that a real CSV parser reads back with every step of every run, JSON that round-trips.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/engine/config';
import { isWallClockMetric } from '../../src/engine/metrics';
import { presetConfig } from '../../src/engine/rl/presets';
import { exportFileName, parseRunsJson, runsToCsv, runsToJson, RUNS_FORMAT, type RunData } from '../../src/share/export';

const runs: RunData[] = [
  {
    name: 'grpo, "baseline"\nseed 1', // comma, quotes and a newline: all need RFC 4180 quoting
    config: parseConfig(presetConfig('grpo')),
    color: '#0072B2',
    metrics: [
      { step: 2, reward: 0.5, 'rewards/correct/mean': 0.4, step_time: 0.12 },
      { step: 1, reward: 0.25, 'rewards/correct/mean': 0.2, frac_reward_zero_std: 0.5, step_time: 0.1 },
      { step: 3, reward: NaN, 'rewards/correct/mean': 1 / 3, step_time: 0.11 },
    ],
  },
  {
    name: 'dapo',
    config: parseConfig(presetConfig('dapo', { task: 'countdown' })),
    metrics: [1, 2, 3, 4].map((step) => ({ step, reward: step / 10, groups_filtered: step % 2, 'timing/rollout_ms': 5 })),
  },
];

describe('runsToCsv', () => {
  it('wide form parses back with every step of every run and a stable column order', () => {
    const csv = runsToCsv(runs);
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([
      'run',
      'step',
      'frac_reward_zero_std',
      'groups_filtered',
      'reward',
      'rewards/correct/mean',
      'step_time',
      'timing/rollout_ms',
    ]);
    expect(parsed.data.map((r) => [r.run, Number(r.step)])).toEqual([
      [runs[0].name, 1],
      [runs[0].name, 2],
      [runs[0].name, 3],
      ['dapo', 1],
      ['dapo', 2],
      ['dapo', 3],
      ['dapo', 4],
    ]);
    expect(Number(parsed.data[0]['rewards/correct/mean'])).toBe(0.2);
    expect(Number(parsed.data[2]['rewards/correct/mean'])).toBe(1 / 3); // full precision
    expect(parsed.data[2].reward).toBe(''); // NaN -> empty cell
    expect(parsed.data[3].frac_reward_zero_std).toBe(''); // metric this run never logged
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('long form has one row per logged value and can drop wall-clock metrics', () => {
    const csv = runsToCsv(runs, { form: 'long', exclude: isWallClockMetric });
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual(['run', 'step', 'metric', 'value']);
    expect(parsed.data.some((r) => r.metric === 'step_time' || r.metric.startsWith('timing/'))).toBe(false);
    expect(parsed.data.filter((r) => r.run === 'dapo')).toHaveLength(8); // 4 steps x {reward, groups_filtered}
    expect(parsed.data.filter((r) => r.run === runs[0].name)).toHaveLength(7);
  });

  it('quotes per RFC 4180 and escapes spreadsheet formulae in names', () => {
    const odd = (name: string): RunData => ({ ...runs[1], name });
    const names = ['plain', 'a,b', 'say "hi"', 'two\nlines', '=HYPERLINK("http://x")', '+1', '-cmd', '@SUM(A1)'];
    const csv = runsToCsv(names.map(odd));
    expect(csv).toContain('\r\nplain,');
    expect(csv).toContain('\r\n"a,b",');
    expect(csv).toContain('\r\n"say ""hi""",');
    expect(csv).toContain('\r\n"two\nlines",');
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    const seen = [...new Set(parsed.data.map((r) => r.run))];
    expect(seen.slice(0, 4)).toEqual(names.slice(0, 4));
    // A leading = + - @ is prefixed with ' so a spreadsheet shows the name instead of evaluating it.
    expect(seen.slice(4)).toEqual(names.slice(4).map((n) => `'${n}`));
  });
});

describe('runs JSON', () => {
  it('round-trips names, colours, configs and metrics (NaN via null)', () => {
    const text = runsToJson(runs, new Date('2026-01-02T03:04:05Z'));
    const obj = JSON.parse(text);
    expect(obj.format).toBe(RUNS_FORMAT);
    expect(obj.runs[0].metrics[2].reward).toBeNull();
    const back = parseRunsJson(text);
    if (!back.ok) throw new Error(back.errors.join('\n'));
    expect(back.runs.map((r) => r.name)).toEqual([runs[0].name, 'dapo']);
    expect(back.runs[0].color).toBe('#0072B2');
    expect(back.runs[1].config).toEqual(runs[1].config);
    expect(back.runs[0].metrics.map((m) => m.step)).toEqual([1, 2, 3]);
    expect(back.runs[0].metrics[2].reward).toBeNaN();
    expect(back.runs[1].metrics).toEqual(runs[1].metrics);
  });

  it('gives clear errors instead of throwing', () => {
    expect(parseRunsJson('{nope')).toMatchObject({ ok: false, errors: [expect.stringMatching(/^Not JSON/)] });
    expect(parseRunsJson({ format: 'other/1', runs: [] })).toEqual({
      ok: false,
      errors: ['format: expected "grpo-playground-runs/1", got "other/1"'],
    });
    const bad = parseRunsJson({
      format: RUNS_FORMAT,
      runs: [
        { name: 'a', config: { groupSize: 0 }, metrics: [{ step: 1, reward: 1 }] },
        { name: 'b', config: {}, metrics: [{ step: 'x' }, { step: 2, reward: 'high' }] },
      ],
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.some((e) => e.startsWith('runs[1].metrics[0].step'))).toBe(true);
    expect(bad.errors.some((e) => e.startsWith('runs[1].metrics[1].reward'))).toBe(true);
    const cfg = parseRunsJson({ format: RUNS_FORMAT, runs: [{ name: 'a', config: { groupSize: 0 }, metrics: [] }] });
    expect(cfg).toEqual({ ok: false, errors: [expect.stringMatching(/^runs\[0\]\.config\.groupSize: /)] });
  });

  it('names download files by date', () => {
    expect(exportFileName('csv', new Date('2026-01-02T03:04:05Z'))).toBe('grpo-playground-runs-2026-01-02T03-04.csv');
  });
});
