// Run colours: the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), distinguishable with the common
// colour-vision deficiencies. Ordered so the first runs get the most distinct hues; yellow comes late because it is
// faint on a white background, and grey replaces Okabe-Ito's black so it also shows on a dark theme.
export const RUN_COLORS = [
  { name: 'blue', hex: '#0072B2' },
  { name: 'orange', hex: '#E69F00' },
  { name: 'bluish green', hex: '#009E73' },
  { name: 'vermillion', hex: '#D55E00' },
  { name: 'reddish purple', hex: '#CC79A7' },
  { name: 'sky blue', hex: '#56B4E9' },
  { name: 'yellow', hex: '#F0E442' },
  { name: 'grey', hex: '#999999' },
] as const;

/** Colour of the index-th run (cycles after 8). */
export function colorFor(index: number): string {
  const n = RUN_COLORS.length;
  const i = ((Math.trunc(index) % n) + n) % n;
  return RUN_COLORS[i].hex;
}

/**
 * SVG stroke-dasharray for the index-th run: solid for the first 8, then dashed, so runs 9+ stay distinguishable
 * from the runs that share their colour.
 */
export function dashFor(index: number): string | undefined {
  const cycle = Math.floor(Math.max(0, Math.trunc(index)) / RUN_COLORS.length);
  return cycle === 0 ? undefined : ['6 3', '2 2', '8 3 2 3'][(cycle - 1) % 3];
}

/** The first palette colour not in `used` (for a new run when some were deleted), else the cycled colour. */
export function nextColor(used: Iterable<string>): string {
  const taken = new Set([...used].map((c) => c.toUpperCase()));
  const free = RUN_COLORS.find((c) => !taken.has(c.hex.toUpperCase()));
  return free ? free.hex : colorFor(taken.size);
}

/**
 * The one check for a run colour from outside (imported runs file, IndexedDB record, UI state): only '#rgb' or
 * '#rrggbb'. Anything else (e.g. `url(//evil.example/p.gif)`) would reach a CSS background and could fetch a URL.
 */
export function isSafeRunColor(c: unknown): c is string {
  return typeof c === 'string' && /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(c);
}

/** `c` when it is a safe colour, else `fallback` (for rendering: never hand an unchecked string to CSS). */
export function safeRunColor(c: unknown, fallback: string = RUN_COLORS[RUN_COLORS.length - 1].hex): string {
  return isSafeRunColor(c) ? c : fallback;
}
