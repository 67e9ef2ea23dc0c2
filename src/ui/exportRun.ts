// Export the current run with the shared exporters (src/share/export.ts): CSV (wide, TRL metric names) or the
// runs JSON that the compare view can read back.
import type { RunConfig } from '../engine/config';
import { exportFileName, runsToCsv, runsToJson, type RunData } from '../share/export';
import type { HistoryPoint } from './store';

export function runData(config: RunConfig, history: readonly HistoryPoint[]): RunData {
  return {
    name: `${config.task}-${config.preset}-seed${config.seed}`,
    config,
    metrics: history.map((h) => ({ ...h.metrics, step: h.step })),
  };
}

export function exportRun(kind: 'csv' | 'json', config: RunConfig, history: readonly HistoryPoint[]): void {
  const run = runData(config, history);
  if (kind === 'csv') download(exportFileName('csv'), runsToCsv([run]), 'text/csv');
  else download(exportFileName('json'), runsToJson([run]), 'application/json');
}

export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
