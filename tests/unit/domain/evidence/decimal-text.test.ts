import { describe, expect, it } from 'vitest';
import {
  canonicalDecimal,
  decimalOf,
  shiftDecimal,
} from '../../../../lambdas/domain/evidence/decimal-text.ts';

describe('Codec: exact decimal text', () => {
  it.each([
    ['0.00000080000', '0.0000008'],
    ['-2.61370000000', '-2.6137'],
    ['0.631720430107000', '0.631720430107'], // 15 decimals: more than pico-units hold
    ['500000.0', '500000'],
    ['+1.50', '1.5'],
    ['-0.000', '0'],
    ['007.10', '7.1'],
    ['.5', '0.5'],
    ['1.5E-7', '0.00000015'],
    ['2.5e3', '2500'],
  ])('writes %s as %s', (text, canonical) => {
    expect(canonicalDecimal(text)).toBe(canonical);
  });

  it.each(['', 'abc', '1,234.00', '12,50', '1.2.3', 'NaN', '1e'])('rejects %j', (text) => {
    expect(canonicalDecimal(text)).toBeUndefined();
  });

  it.each([
    ['123.45', -2, '1.2345'],
    ['5', -2, '0.05'],
    ['0.5', -2, '0.005'],
    ['-250', -2, '-2.5'],
    ['1.5', 3, '1500'],
  ])('shifts %s by %i places to %s', (text, places, shifted) => {
    expect(shiftDecimal(text, places)).toBe(shifted);
  });

  it('keeps a JSON number as its shortest exact text', () => {
    expect([decimalOf(0.06), decimalOf(1e-7), decimalOf(0.1 + 0.2), decimalOf('0.75')]).toEqual([
      '0.06',
      '0.0000001',
      '0.30000000000000004',
      '0.75',
    ]);
  });
});
