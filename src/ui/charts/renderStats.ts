// How often each chart was committed (redrawn): read by `npm run bench:ui` and the e2e test (through the test hook) to check that
// a chart renders at most once per arriving step. A counter per chart id; counting costs one Map update.
const counts = new Map<string, number>();

export function countRender(chartId: string): void {
  counts.set(chartId, (counts.get(chartId) ?? 0) + 1);
}

export function renderCounts(): Record<string, number> {
  return Object.fromEntries(counts);
}
