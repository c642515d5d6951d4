import { describe, expect, it } from 'vitest';
import { decimalToPico, numberToDecimalString, picoToDecimal } from '../../../lambdas/domain/money.ts';

describe('Money: exact decimals', () => {
  it.each([
    [0, '0'],
    [0.1, '0.1'],
    [1.5e-7, '0.00000015'],
    [-2.5e-10, '-0.00000000025'],
    [1e21, '1000000000000000000000'],
    [123.456, '123.456'],
  ])('writes the JSON number %s as the decimal %s', (value, text) => {
    expect(numberToDecimalString(value)).toBe(text);
  });

  it('converts decimal text to pico-units and back without loss', () => {
    // 0.0000015 USD = 1.5e-6 × 1e12 pico = 1,500,000 pico.
    expect(decimalToPico('0.0000015')).toBe(1_500_000n);
    expect(picoToDecimal(1_500_000n)).toBe('0.0000015');
    expect(picoToDecimal(decimalToPico('-12.340'))).toBe('-12.34');
  });

  it('throws on more than 12 decimals rather than rounding', () => {
    expect(() => decimalToPico('0.0000000000001')).toThrow(/more than 12 decimals/);
  });
});
