// Guards for JSON that arrives from outside (links, imported files, stored records). Why: JSON.parse accepts
// arrays nested thousands deep, and any recursive walk over them (JSON.stringify in an error message, a deep
// compare) then throws RangeError; a 273-character link crashed the page this way.

/** True when `value` nests objects/arrays more than `maxDepth` levels deep. Iterative: cannot overflow the stack. */
export function jsonDepthExceeds(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > maxDepth) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** A short, never-throwing preview of a value for an error message: at most `max` characters. */
export function safePreview(value: unknown, max: number): string {
  let text: string;
  try {
    text = jsonDepthExceeds(value, 4) ? (Array.isArray(value) ? '[…]' : '{…}') : (JSON.stringify(value) ?? String(value));
  } catch {
    text = typeof value;
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
