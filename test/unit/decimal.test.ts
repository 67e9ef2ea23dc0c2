// Typed numbers: decimal and exponent notation only, so "0x10" is an error, not 16.
import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../src/share/decimal';

describe('parseDecimal', () => {
  it('reads decimal and exponent notation', () => {
    expect([' 8 ', '-0.5', '+.25', '3e-4', '1E2', '2.'].map(parseDecimal)).toEqual([8, -0.5, 0.25, 3e-4, 100, 2]);
  });
  it('refuses hex, binary, octal, empty and non-finite text', () => {
    for (const t of ['0x10', '0b1', '0o7', '', ' ', 'Infinity', 'NaN', '1e999', '1,5', '12abc']) expect(parseDecimal(t), t).toBeNull();
  });
});
