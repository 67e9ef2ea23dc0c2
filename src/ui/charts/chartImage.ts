// Charts as PNG: each chart's SVG (the live charts' own, the compare dialog's Recharts) is cloned with its computed styles inlined (CSS classes and var(--x) colours
// do not survive serialisation), drawn onto a canvas through an <img>, and saved. One chart, or every chart of the
// grid on one image with a title line and the runs' legend.
import { download } from '../app/download';

const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-opacity',
  'stroke-width',
  'stroke-dasharray',
  'opacity',
  'font-size',
  'font-family',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
];

/** The chart's SVG as standalone markup (styles inlined), with its size. */
export function serializeSvg(svg: SVGSVGElement): { markup: string; width: number; height: number } {
  const box = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const dst = [clone, ...Array.from(clone.querySelectorAll('*'))];
  src.forEach((el, i) => {
    const d = dst[i] as SVGElement | undefined;
    if (!d || !('style' in d)) return;
    const cs = getComputedStyle(el);
    for (const p of STYLE_PROPS) {
      const v = cs.getPropertyValue(p);
      if (v) d.style.setProperty(p, v);
    }
  });
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return { markup: new XMLSerializer().serializeToString(clone), width, height };
}

function loadImage(markup: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('The chart could not be drawn as an image'));
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
  });
}

function toBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
const SCALE = 2;
const PAD = 12;
const TITLE_H = 22;

interface Cell {
  title: string;
  sub: string;
  svg: SVGSVGElement;
}

function cellOf(figure: HTMLElement, fallbackTitle: string): Cell | null {
  const svg = figure.querySelector<SVGSVGElement>('svg.chart-svg, svg.recharts-surface');
  if (!svg) return null;
  const title = figure.querySelector('.chart-title')?.textContent?.replace('★', '').trim() || fallbackTitle;
  const select = figure.querySelector<HTMLSelectElement>('.chart-metric');
  const sub = select ? select.value : (figure.querySelector('.chart-sub')?.textContent?.trim() ?? '');
  return { title, sub, svg };
}

/** Render cells on one canvas (columns x rows) with an optional header (title and run legend). */
export async function renderPng(
  cells: Cell[],
  header?: { title: string; legend: Array<{ name: string; color: string }> },
  columns = 3,
): Promise<Blob> {
  const items = await Promise.all(cells.map(async (c) => ({ ...c, ...serializeSvg(c.svg) })));
  const images = await Promise.all(items.map((i) => loadImage(i.markup)));
  const cellW = Math.max(200, ...items.map((i) => i.width)) + PAD;
  const cellH = Math.max(100, ...items.map((i) => i.height)) + TITLE_H + PAD;
  const cols = Math.min(columns, Math.max(1, items.length));
  const rows = Math.ceil(items.length / cols);
  const legendRows = header ? Math.ceil(header.legend.length / 3) : 0;
  const headH = header ? 30 + legendRows * 18 + 6 : 0;
  const width = PAD + cols * cellW;
  const height = PAD + headH + rows * cellH;
  const canvas = document.createElement('canvas');
  canvas.width = width * SCALE;
  canvas.height = height * SCALE;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas in this browser');
  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = 'top';
  if (header) {
    ctx.fillStyle = '#1d2330';
    ctx.font = `600 15px ${FONT}`;
    ctx.fillText(header.title, PAD, PAD);
    ctx.font = `12px ${FONT}`;
    const colW = (width - 2 * PAD) / 3;
    header.legend.forEach((l, i) => {
      const x = PAD + (i % 3) * colW;
      const y = PAD + 26 + Math.floor(i / 3) * 18;
      ctx.fillStyle = l.color;
      ctx.fillRect(x, y + 3, 12, 8);
      ctx.fillStyle = '#1d2330';
      ctx.fillText(l.name.length > 48 ? `${l.name.slice(0, 47)}…` : l.name, x + 18, y);
    });
  }
  items.forEach((item, i) => {
    const x = PAD + (i % cols) * cellW;
    const y = PAD + headH + Math.floor(i / cols) * cellH;
    ctx.fillStyle = '#1d2330';
    ctx.font = `600 12px ${FONT}`;
    ctx.fillText(item.title, x, y);
    if (item.sub) {
      const w = ctx.measureText(item.title).width;
      ctx.fillStyle = '#687083';
      ctx.font = `11px ${FONT}`;
      ctx.fillText(item.sub, x + w + 8, y + 1);
    }
    ctx.drawImage(images[i], x, y + TITLE_H - 4, item.width, item.height);
  });
  return toBlob(canvas);
}

function fileSafe(s: string): string {
  return (
    s
      .replace(/[^A-Za-z0-9@.]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'chart'
  );
}

/** One chart figure (the .chart element) as a PNG download. */
export async function downloadChartPng(figure: HTMLElement, title: string): Promise<void> {
  const cell = cellOf(figure, title);
  if (!cell) return;
  const blob = await renderPng([cell], undefined, 1);
  download(`grpo-playground-${fileSafe(title)}.png`, blob);
}

/** Every chart under `root` on one PNG, with the runs' legend. */
export async function chartsPng(root: ParentNode, legend: Array<{ name: string; color: string }>, title: string): Promise<Blob> {
  const cells = Array.from(root.querySelectorAll<HTMLElement>('.chart'))
    .map((f) => cellOf(f, 'chart'))
    .filter((c): c is Cell => c !== null);
  if (!cells.length) throw new Error('No chart to export yet');
  return renderPng(cells, { title, legend });
}
