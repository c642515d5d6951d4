import { describe, expect, it } from 'vitest';
import {
  formatChange,
  formatDecimal,
  formatMoney,
  formatShare,
  formatUnitCost,
  formatWeekRange,
  ratioOf,
  sumDecimals,
} from '../../../../lambdas/domain/report/format.ts';

describe('Domain: report number formats', () => {
  it('rounds exact decimal text half up and groups thousands', () => {
    expect(formatDecimal('1234567.125000000000', 2)).toBe('1,234,567.13');
    expect(formatDecimal('0.004999999999', 2)).toBe('0.00');
    expect(formatDecimal('-1000.005', 2)).toBe('−1,000.01');
    // beyond a double's precision: 2^53 + 1 stays exact
    expect(formatDecimal('9007199254740993.5', 0)).toBe('9,007,199,254,740,994');
  });

  it('puts the currency symbol or code where finance expects it', () => {
    expect(formatMoney('17.230381', 'USD')).toBe('$17.23');
    expect(formatMoney('-3.5', 'EUR')).toBe('−€3.50');
    expect(formatMoney('12', 'CHF')).toBe('12.00 CHF');
    expect(formatMoney(null, 'USD')).toBe('–');
  });

  it('shows unit costs below 10 with four decimals and larger ones with two', () => {
    expect(formatUnitCost('0.023312345', 'USD')).toBe('$0.0233');
    expect(formatUnitCost('9.99996', 'USD')).toBe('$10.0000');
    expect(formatUnitCost('12.345', 'USD')).toBe('$12.35');
  });

  it('formats shares and signed changes', () => {
    expect(formatShare('0.984')).toBe('98.4%');
    expect(formatChange('0.186')).toBe('+18.6%');
    expect(formatChange(-0.0183)).toBe('−1.8%');
    expect(formatChange('0.0000001')).toBe('0.0%');
    expect(formatChange(null)).toBe('–');
  });

  it('sums decimal texts of different scales exactly and divides them', () => {
    // 0.1 + 0.2 + 0.000000000001 = 0.300000000001 (a double gives 0.30000000000100003)
    expect(sumDecimals(['0.1', '0.2', '0.000000000001', null])).toBe('0.300000000001');
    expect(sumDecimals(['-1.50', '1'])).toBe('-0.50');
    // 17.23 x 0.9843 = 16.959489; the remaining 0.000511 / 17.23 = 0.00002966
    expect(ratioOf('16.96', '17.23')).toBeCloseTo(0.98432966, 7);
    expect(ratioOf('1', '0')).toBeNull();
  });

  it('writes ISO weeks as their Monday-to-Sunday dates, across year ends', () => {
    // 2026-01-01 is a Thursday, so week 1 of 2026 starts on Monday 2025-12-29
    expect(formatWeekRange('2026-W22')).toBe('25–31 May 2026');
    expect(formatWeekRange('2026-W05')).toBe('26 Jan – 1 Feb 2026');
    expect(formatWeekRange('2026-W01')).toBe('29 Dec 2025 – 4 Jan 2026');
  });
});
