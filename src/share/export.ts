// Export all runs at once (TensorBoard only does one run at a time, tensorboard#1232): CSV for spreadsheets and
// pandas, JSON for re-import. Metric names are the engine's, which are TRL's where TRL has one (algorithms.md 3.1),
// so an exported run lines up with a TRL run's logs.
//
// CSV, wide form: one row per (run, step); columns run, step, then every metric name of any run, sorted.
// CSV, long form: one row per (run, step, metric): columns run, step, metric, value (tidy data, for plotting tools).
// Missing and non-finite values are empty cells. Written by papaparse: RFC 4180 quoting, CRLF line ends, and
// formula escaping (a run name such as `=HYPERLINK(...)` from an imported file is not run by a spreadsheet).
// JSON: {format: 'grpo-playground-runs/1', runs: [{name, config, metrics: [{step, ...}]}]}; non-finite values are
// written as null (JSON has no NaN) and read back as NaN.
import Papa from 'papaparse';
import { z } from 'zod';
import { validateConfig, type RunConfig } from '../engine/config';
import { isSafeRunColor } from './run-colors';

export const RUNS_FORMAT = 'grpo-playground-runs/1';

/** One step's metrics; `step` is the 1-based training step. */
export type MetricRow = { step: number } & Record<string, number>;

export interface RunData {
  name: string;
  config: RunConfig;
  metrics: MetricRow[];
  /** Optional display colour (kept by the JSON round-trip). */
  color?: string;
}

export interface CsvOptions {
  form?: 'wide' | 'long';
  /** Leave out wall-clock metrics (step_time, timing/*, ...) given by this predicate, e.g. isWallClockMetric. */
  exclude?: (metric: string) => boolean;
}

function numberCell(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
}

/** Every metric name of any run (not `step`), sorted, minus the excluded ones. */
export function metricColumns(runs: readonly RunData[], exclude?: (m: string) => boolean): string[] {
  const names = new Set<string>();
  for (const r of runs) for (const row of r.metrics) for (const k of Object.keys(row)) if (k !== 'step') names.add(k);
  return [...names].filter((n) => !exclude?.(n)).sort();
}

function sortedRows(run: RunData): MetricRow[] {
  return [...run.metrics].sort((a, b) => a.step - b.step);
}

export function runsToCsv(runs: readonly RunData[], opts: CsvOptions = {}): string {
  const cols = metricColumns(runs, opts.exclude);
  const wide = (opts.form ?? 'wide') === 'wide';
  const fields = wide ? ['run', 'step', ...cols] : ['run', 'step', 'metric', 'value'];
  const data: string[][] = [];
  for (const run of runs) {
    for (const row of sortedRows(run)) {
      if (wide) data.push([run.name, String(row.step), ...cols.map((c) => numberCell(row[c]))]);
      else for (const c of cols) if (c in row) data.push([run.name, String(row.step), c, numberCell(row[c])]);
    }
  }
  return `${Papa.unparse({ fields, data }, { newline: '\r\n', escapeFormulae: true })}\r\n`;
}

export interface RunsFile {
  format: typeof RUNS_FORMAT;
  exportedAt?: string;
  runs: Array<{ name: string; color?: string; config: RunConfig; metrics: Array<Record<string, number | null>> }>;
}

export function runsToJsonObject(runs: readonly RunData[], exportedAt: Date = new Date()): RunsFile {
  return {
    format: RUNS_FORMAT,
    exportedAt: exportedAt.toISOString(),
    runs: runs.map((r) => ({
      name: r.name,
      ...(r.color ? { color: r.color } : {}),
      config: r.config,
      metrics: sortedRows(r).map((row) => {
        const out: Record<string, number | null> = {};
        for (const [k, v] of Object.entries(row)) out[k] = Number.isFinite(v) ? v : null;
        return out;
      }),
    })),
  };
}

export function runsToJson(runs: readonly RunData[], exportedAt?: Date): string {
  return JSON.stringify(runsToJsonObject(runs, exportedAt), null, 1);
}

const rowSchema = z.object({ step: z.number().int().min(0) }).catchall(z.union([z.number(), z.null()]));

const fileSchema = z.object({
  format: z.string(),
  exportedAt: z.string().optional(),
  runs: z.array(
    z.object({
      name: z.string().min(1).max(200),
      color: z.string().max(32).optional(),
      config: z.unknown(),
      metrics: z.array(rowSchema),
    }),
  ),
});

export type ParseRunsResult = { ok: true; runs: RunData[] } | { ok: false; errors: string[] };

/**
 * Read a runs JSON file (text or parsed). Every problem is reported with its path ("runs[1].config.groupSize: ..."),
 * never thrown. Configs are validated with the RunConfig schema, so missing knobs get today's defaults.
 */
export function parseRunsJson(input: string | unknown): ParseRunsResult {
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (e) {
      return { ok: false, errors: [`Not JSON: ${(e as Error).message}`] };
    }
  }
  if (typeof data === 'object' && data !== null && 'format' in data && (data as { format: unknown }).format !== RUNS_FORMAT) {
    return { ok: false, errors: [`format: expected "${RUNS_FORMAT}", got ${JSON.stringify((data as { format: unknown }).format)}`] };
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${formatPath(i.path) || 'file'}: ${i.message}`) };
  }
  if (parsed.data.format !== RUNS_FORMAT) return { ok: false, errors: [`format: expected "${RUNS_FORMAT}"`] };
  const errors: string[] = [];
  const runs: RunData[] = [];
  parsed.data.runs.forEach((r, i) => {
    const { config, errors: cfgErrors } = validateConfig(r.config);
    if (!config) {
      errors.push(...cfgErrors.map((e) => (e.startsWith('config:') ? `runs[${i}].${e}` : `runs[${i}].config.${e}`)));
      return;
    }
    const metrics = r.metrics.map((row) => {
      const out: Record<string, number> = {};
      for (const [k, v] of Object.entries(row)) out[k] = v === null ? NaN : (v as number);
      return out as MetricRow;
    });
    // Only a safe colour syntax is kept (a CSS url() would fetch a remote file); otherwise the run gets a palette colour.
    runs.push({ name: r.name, config, metrics, ...(isSafeRunColor(r.color) ? { color: r.color } : {}) });
  });
  return errors.length ? { ok: false, errors } : { ok: true, runs };
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '');
}

/** A file name for a download: grpo-playground-runs-2026-03-01T12-30.csv */
export function exportFileName(ext: 'csv' | 'json', at: Date = new Date()): string {
  return `grpo-playground-runs-${at.toISOString().slice(0, 16).replace(/:/g, '-')}.${ext}`;
}
