// The only way a free string (preset name, expert id or prefix, reward name, anything from a link, an imported file
// or IndexedDB) may enter generated Python or YAML: as an ASCII-only quoted literal. Every character outside
// printable ASCII is written as an escape, so no input can end a string, a comment or a line (\n, \r, U+2028,
// U+0085, ...), change a file's declared encoding, or smuggle a bidi override past a reviewer.

/** `\uXXXX` escape of one UTF-16 code unit (lone surrogates included; Python and YAML read these as written). */
function unitEscape(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Escapes for a double-quoted literal that Python, JSON and YAML (1.1 and 1.2) read identically. */
function escapeQuoted(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else out += unitEscape(c);
  }
  return out;
}

/** A Python string literal: "..." with ASCII-only content. */
export function pyStr(s: string): string {
  return `"${escapeQuoted(String(s))}"`;
}

/** A YAML double-quoted scalar (same escapes; YAML 1.1 and 1.2 both define \\, \" and \uXXXX). */
export function yamlStr(s: string): string {
  return `"${escapeQuoted(String(s))}"`;
}

/**
 * A free string for a `#` comment (Python or YAML), shown quoted: the same escapes, so it stays on its line.
 * The caller must not put it on a file's first two lines (Python reads a coding declaration there).
 */
export function commentStr(s: string): string {
  return pyStr(s);
}

/** A Python identifier made from a free string (reward function names): [A-Za-z0-9_] only, never starting with a digit. */
export function pyIdent(s: string): string {
  const id = String(s).replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(id) || id === '' ? `_${id}` : id;
}

/** Any text for a `#` comment line: characters outside printable ASCII are escaped, so the comment cannot end early. */
export function commentText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0x20 && c < 0x7f ? s[i] : unitEscape(c);
  }
  return out;
}

/** A Python literal for JSON-like data: None/True/False, ints, floats with a point, escaped strings, lists, dicts. */
export function pyValue(v: unknown, indent = ''): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
    const s = String(v);
    return /[.e]/.test(s) ? s : `${s}.0`;
  }
  if (typeof v === 'string') return pyStr(v);
  const inner = `${indent}    `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every((x) => typeof x !== 'object' || x === null)) return `[${v.map((x) => pyValue(x)).join(', ')}]`;
    return `[\n${v.map((x) => `${inner}${pyValue(x, inner)},`).join('\n')}\n${indent}]`;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, x]) => `${inner}${pyStr(k)}: ${pyValue(x, inner)},`).join('\n')}\n${indent}}`;
  }
  throw new Error(`cannot write a ${typeof v} as Python`);
}
