// The export actions: every run's metrics as CSV or JSON (TRL metric names, wall-clock metrics included), the
// chart grid as one PNG, the current policy's weights as a checkpoint file (encoded in the worker), and runs JSON
// read back in (parseRunsJson validates every run).
import { exportFileName, parseRunsJson, runsToCsv, runsToJson } from '../../share/export';
import { chartsPng } from '../charts/chartImage';
import { download } from '../app/download';
import type { PlaygroundStore } from '../state/store';

export function metricsText(store: PlaygroundStore, kind: 'csv' | 'json'): string {
  const runs = store.runsForExport();
  return kind === 'csv' ? runsToCsv(runs) : runsToJson(runs);
}

export function exportMetrics(store: PlaygroundStore, kind: 'csv' | 'json'): void {
  download(exportFileName(kind), metricsText(store, kind), kind === 'csv' ? 'text/csv' : 'application/json');
}

export async function exportCharts(store: PlaygroundStore): Promise<void> {
  const grid = document.querySelector('[data-testid="chart-grid"]');
  if (!grid) throw new Error('No charts on the page');
  const s = store.getSnapshot();
  const legend = s.runs.filter((r) => r.visible).map((r) => ({ name: r.name, color: r.color }));
  const blob = await chartsPng(
    grid,
    legend,
    `GRPO Playground · ${legend.length} run${legend.length === 1 ? '' : 's'} · smoothing ${s.smoothing.toFixed(2)} · x: ${s.xAxis}`,
  );
  download(
    exportFileName('csv')
      .replace(/-runs-/, '-charts-')
      .replace(/\.csv$/, '.png'),
    blob,
  );
}

export async function exportWeights(store: PlaygroundStore, variant = 0): Promise<void> {
  const { fileName, json } = await store.requestWeights(variant);
  download(fileName, json, 'application/json');
}

export async function importRunsFile(store: PlaygroundStore, file: File): Promise<void> {
  const r = parseRunsJson(await file.text());
  if (!r.ok) {
    store.notify(
      'import',
      'error',
      `${file.name} could not be imported: ${r.errors.slice(0, 4).join('; ')}${r.errors.length > 4 ? ` (+${r.errors.length - 4} more)` : ''}`,
    );
    return;
  }
  store.importRuns(r.runs);
  store.notify('import', 'info', `Imported ${r.runs.length} run${r.runs.length === 1 ? '' : 's'} from ${file.name}.`);
}
