// One reading of a typed number for the form, the comparison knob list and the CLI: plain decimal or exponent
// notation only. Number() alone would take "0x10" as 16, "0b1" as 1, "" as 0 and " " as 0.
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** The number `text` spells in decimal notation, or null when it is not one (hex, binary, empty, Infinity, ...). */
export function parseDecimal(text: string): number | null {
  const t = text.trim();
  if (!DECIMAL.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}
