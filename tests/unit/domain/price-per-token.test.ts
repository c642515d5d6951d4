import { describe, expect, it } from 'vitest';
import { fitsPriceColumn, pricePerToken } from '../../../lambdas/domain/price-per-token.ts';

describe('Domain: price per token', () => {
  it('divides exactly to 24 decimals', () => {
    // 2.50 / 1,000,000 = 0.0000025
    expect(pricePerToken('2.50', 1_000_000)).toBe('0.000002500000000000000000');
    // 5.00 / 1,000 = 0.005
    expect(pricePerToken('5.00', 1000)).toBe('0.005000000000000000000000');
    expect(pricePerToken('0.000000000001', 1_000_000)).toBe('0.000000000000000001000000');
  });

  it('rounds half up beyond 24 decimals', () => {
    // 1 / 3 = 0.333..., 24th decimal 3 then 3: down; 2 / 3 = 0.666...: up
    expect(pricePerToken('1', 3)).toBe('0.333333333333333333333333');
    expect(pricePerToken('2', 3)).toBe('0.666666666666666666666667');
  });

  it('accepts prices of at most 12 decimals and throws otherwise', () => {
    expect(fitsPriceColumn('0.123456789012')).toBe(true);
    expect(fitsPriceColumn('0.1234567890123')).toBe(false);
    expect(() => pricePerToken('0.1234567890123', 1)).toThrow(RangeError);
  });
});
