// Geometry of the live charts' SVG (SvgPlot.tsx): the plot box, linear scales, and the path strings of lines and
// bands. Drawing only: the rows (chartSpecs.ts chartData) keep their values for the readout and exports; where more
// than four points fall in one pixel column, the line is drawn through four of them (the first, lowest, highest and
// last), which covers the same pixels.
import { bisector } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { Row } from './chartSpecs';

/** Pixels around the plot inside the SVG (the y axis labels sit in `left`, the x axis labels in `bottom`). */
export interface PlotBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export type Scale = (v: number) => number;

/** Linear map of `domain` onto `range` (d3-scale; a flat domain maps to the middle of the range). */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): Scale {
  if (!(Math.abs(d1 - d0) > 0)) return () => (r0 + r1) / 2;
  return scaleLinear([d0, d1], [r0, r1]);
}

/** The plot's x and y scales (y grows upwards). */
export function plotScales(box: PlotBox, xDomain: readonly [number, number], yDomain: readonly [number, number]): { sx: Scale; sy: Scale } {
  return {
    sx: linearScale(xDomain, [box.left, box.width - box.right]),
    sy: linearScale(yDomain, [box.height - box.bottom, box.top]),
  };
}

/**
 * Keep at most four points per pixel column (first, min, max, last, in their order): the drawn polyline covers
 * the same pixels as the full one. Points must be sorted by x.
 */
export function thinToPixels(pts: ReadonlyArray<readonly [number, number]>): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  let i = 0;
  while (i < pts.length) {
    const col = Math.floor(pts[i][0]);
    let j = i;
    let lo = i;
    let hi = i;
    while (j + 1 < pts.length && Math.floor(pts[j + 1][0]) === col) {
      j++;
      if (pts[j][1] < pts[lo][1]) lo = j;
      if (pts[j][1] > pts[hi][1]) hi = j;
    }
    for (const k of [...new Set([i, lo, hi, j])].sort((a, b) => a - b)) out.push(pts[k]);
    i = j + 1;
  }
  return out;
}

/** Pixel points of one line: the rows' values under `key` (rows without one are skipped: the line connects across them). */
export function linePoints(rows: readonly Row[], key: string, sx: Scale, sy: Scale): Array<readonly [number, number]> {
  const pts: Array<readonly [number, number]> = [];
  for (const r of rows) {
    const v = r[key];
    if (typeof v === 'number' && Number.isFinite(v)) pts.push([sx(r.x as number), sy(v)]);
  }
  return thinToPixels(pts);
}

// d3-shape's line generator, coordinates rounded to a tenth of a pixel (the path strings stay short).
const polyline = line<readonly [number, number]>().digits(1);

/** SVG path data through the points ('' when there are none). */
export function pathOf(pts: ReadonlyArray<readonly [number, number]>): string {
  return pts.length ? (polyline(pts) ?? '') : '';
}

/** The closed area between the rows' `band` pairs [low, high] (rows without a band are skipped). */
export function bandPath(rows: readonly Row[], sx: Scale, sy: Scale): string {
  const hi: Array<readonly [number, number]> = [];
  const lo: Array<readonly [number, number]> = [];
  for (const r of rows) {
    const b = r.band;
    if (!Array.isArray(b) || !Number.isFinite(b[0]) || !Number.isFinite(b[1])) continue;
    const x = sx(r.x as number);
    hi.push([x, sy(b[1])]);
    lo.push([x, sy(b[0])]);
  }
  if (!hi.length) return '';
  return `${pathOf(thinToPixels(hi))}L${pathOf(thinToPixels(lo).reverse()).slice(1)}Z`;
}

const byX = bisector((r: Row) => r.x as number);

/** Index of the row whose x is nearest to `x` (rows sorted by x; -1 when there are none). */
export function nearestRow(rows: readonly Row[], x: number): number {
  return rows.length ? byX.center(rows, x) : -1;
}
