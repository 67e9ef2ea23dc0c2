// The live charts' drawing (src/ui/charts/plotGeometry.ts) over the rows chartData builds: a long run is drawn
// through at most four points per pixel column, the drawn line keeps each column's lowest and highest value, and
// the rows (what the readout shows and the point count reports) keep every step.
import { describe, expect, it } from 'vitest';
import { CHARTS, chartData, type Row } from '../../src/ui/charts/chartSpecs';
import { bandPath, linePoints, nearestRow, pathOf, plotScales, thinToPixels } from '../../src/ui/charts/plotGeometry';
import type { HistoryPoint } from '../../src/ui/state/types';

const reward = CHARTS.find((c) => c.id === 'reward')!;
// A run whose reward has a single spike at step 123 and a single dip at step 432, on a plot 50 px wide: about ten
// steps per pixel column.
const history: HistoryPoint[] = Array.from({ length: 500 }, (_, i) => {
  const step = i + 1;
  const r = step === 123 ? 5 : step === 432 ? -5 : Math.sin(step / 20);
  return { step, metrics: { reward: r, reward_std: 0.1 } };
});
const box = { width: 100, height: 132, left: 40, right: 10, top: 6, bottom: 30 };

describe('live chart drawing', () => {
  it('keeps every step in the rows and draws at most four points per pixel column', () => {
    const data = chartData(reward, [{ id: 'a', name: 'a', color: '#000', history, current: true }], 0);
    expect(data.points).toBe(500);
    expect(data.rows.filter((r) => typeof r.s0__raw === 'number')).toHaveLength(500);
    const { sx, sy } = plotScales(box, data.xDomain, data.yDomain);
    const pts = linePoints(data.rows, 's0__raw', sx, sy);
    const columns = box.width - box.left - box.right + 1;
    expect(pts.length).toBeLessThanOrEqual(4 * columns);
    expect(pts.length).toBeLessThan(500);
    // The drawn line reaches the same highest and lowest pixel as the rows' values.
    const ys = pts.map((p) => p[1]);
    const values = data.rows.map((r) => r.s0__raw).filter((v): v is number => typeof v === 'number');
    expect(Math.min(...ys)).toBeCloseTo(sy(Math.max(...values)), 9);
    expect(Math.max(...ys)).toBeCloseTo(sy(Math.min(...values)), 9);
    // One path command per drawn point.
    expect(pathOf(pts).split(/[ML]/).filter(Boolean)).toHaveLength(pts.length);
  });

  it('keeps a lone spike that the stride thinning of the rows would drop', () => {
    const rows: Row[] = Array.from({ length: 1000 }, (_, i) => ({ x: i, v: i === 501 ? 10 : 0 }));
    const { sx, sy } = plotScales(box, [0, 999], [0, 10]);
    const pts = linePoints(rows, 'v', sx, sy);
    expect(pts.some((p) => p[1] === sy(10))).toBe(true);
    expect(pts.length).toBeLessThan(rows.length);
  });

  it('thins only where several points share a column, in order', () => {
    const few = [
      [0.2, 5],
      [3.5, 1],
      [7.9, 2],
    ] as const;
    expect(thinToPixels(few)).toEqual(few);
    const col = [
      [1.1, 3],
      [1.2, 9],
      [1.3, 1],
      [1.4, 4],
      [1.5, 6],
      [2.0, 0],
    ] as const;
    expect(thinToPixels(col)).toEqual([col[0], col[1], col[2], col[4], col[5]]);
  });

  it('skips rows without a value (lines connect across gaps) and closes the band', () => {
    const rows: Row[] = [{ x: 0, v: 1, band: [0, 2] }, { x: 1 }, { x: 2, v: 3, band: [2, 4] }];
    const sx = (x: number) => x * 10;
    const sy = (y: number) => -y;
    expect(pathOf(linePoints(rows, 'v', sx, sy))).toBe('M0,-1L20,-3');
    expect(bandPath(rows, sx, sy)).toBe('M0,-2L20,-4L20,-2L0,0Z');
    expect(bandPath([{ x: 0 }], sx, sy)).toBe('');
  });

  it('finds the row nearest to the pointer', () => {
    const rows: Row[] = [{ x: 1 }, { x: 4 }, { x: 10 }];
    expect([0, 2.4, 2.6, 7.1, 99].map((x) => nearestRow(rows, x))).toEqual([0, 0, 1, 2, 2]);
    expect(nearestRow([], 3)).toBe(-1);
  });
});
