import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../lambdas/domain/errors.ts';
import {
  addMonths,
  formatReconciliationTable,
  reconciliationScope,
  roundMoney,
} from '../../../lambdas/domain/reconciliation.ts';
import { SettingsSchema } from '../../../lambdas/domain/settings.ts';

const DEFAULTS = SettingsSchema.parse({}).reconciliation;

describe('Rule: reconciliation scope', () => {
  it('covers the lookback months up to the as-of month, May still open three days into June', () => {
    // Defaults: 3 months, a period closes 5 days after it ends (May: 06-01 + 5 days = 06-06).
    const scope = reconciliationScope(new Date('2026-06-03T12:00:00Z'), DEFAULTS);

    expect(scope).toEqual({
      periodFrom: '2026-04',
      periodTo: '2026-06',
      periods: ['2026-04', '2026-05', '2026-06'],
      dayFrom: '2026-04-01',
      dayTo: '2026-06-30',
      dtFrom: '2026-04-01',
      dtTo: '2026-06-30',
      openPeriodFrom: '2026-05',
    });
  });

  it('closes a period at exactly close_after_days after its end', () => {
    expect(reconciliationScope(new Date('2026-06-05T23:59:59.999Z'), DEFAULTS).openPeriodFrom).toBe(
      '2026-05',
    );
    expect(reconciliationScope(new Date('2026-06-06T00:00:00Z'), DEFAULTS).openPeriodFrom).toBe('2026-06');
  });

  it('keeps several months open when bills close later than a month', () => {
    // 40 days: April ends 05-01, + 40 days = 06-10, after 06-03.
    const scope = reconciliationScope(new Date('2026-06-03T00:00:00Z'), {
      ...DEFAULTS,
      close_after_days: 40,
    });

    expect(scope.openPeriodFrom).toBe('2026-04');
  });

  it('reconciles one given period and reads bills up to the as-of month for its corrections', () => {
    const scope = reconciliationScope(new Date('2026-06-10T00:00:00Z'), DEFAULTS, '2026-02');

    // February 2026 has 28 days.
    expect(scope).toEqual(
      expect.objectContaining({
        periods: ['2026-02'],
        dayFrom: '2026-02-01',
        dayTo: '2026-02-28',
        dtFrom: '2026-02-01',
        dtTo: '2026-06-30',
      }),
    );
  });

  it('crosses a year boundary', () => {
    expect(reconciliationScope(new Date('2026-01-15T00:00:00Z'), DEFAULTS).periods).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
    ]);
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-01', -13)).toBe('2024-12');
  });

  it.each(['2026-5', '2026-13', '2026-00', 'May'])('rejects the period "%s", naming the option', (period) => {
    expect(() => reconciliationScope(new Date('2026-06-10T00:00:00Z'), DEFAULTS, period)).toThrow(
      InvalidInputError,
    );
    expect(() => reconciliationScope(new Date('2026-06-10T00:00:00Z'), DEFAULTS, period)).toThrow(/--period/);
  });
});

describe('Format: reconciliation table', () => {
  it('rounds money half away from zero to cents, by decimal text', () => {
    expect(roundMoney('0.005')).toBe('0.01');
    expect(roundMoney('-1.005')).toBe('-1.01');
    expect(roundMoney('2.994999')).toBe('2.99');
    expect(roundMoney('-0.001')).toBe('0.00');
    expect(roundMoney('47.100000000000')).toBe('47.10');
  });

  it('prints one aligned line per row, variances as percentages and an account row as (account)', () => {
    const rows = [
      {
        billing_period: '2026-04',
        provider: 'anthropic',
        billing_account_id: 'wrk_1',
        sku_or_model: 'claude-test',
        currency: 'USD',
        estimated_cost: '44.020000000000',
        billed_usage_cost: '47.100000000000',
        billed_total: '47.100000000000',
        // 3.08 / 47.10 = 0.0653927813...
        adjusted_variance_pct: '0.0653927813',
        raw_variance_pct: '-0.0321100917',
        status: 'breach',
      },
      {
        billing_period: '2026-04',
        provider: 'anthropic',
        billing_account_id: 'wrk_1',
        sku_or_model: null,
        currency: 'USD',
        estimated_cost: '0.000000000000',
        billed_usage_cost: '0.000000000000',
        billed_total: '1.700000000000',
        adjusted_variance_pct: null,
        raw_variance_pct: '1',
        status: 'within_threshold',
      },
    ];

    const lines = formatReconciliationTable(rows);

    expect(lines).toEqual([
      'period   provider   account  model/SKU    cur  estimate  billed usage  billed total  var. adj.  var. raw  status',
      '-------  ---------  -------  -----------  ---  --------  ------------  ------------  ---------  --------  ----------------',
      '2026-04  anthropic  wrk_1    claude-test  USD     44.02         47.10         47.10       6.5%     -3.2%  breach',
      '2026-04  anthropic  wrk_1    (account)    USD      0.00          0.00          1.70          -    100.0%  within_threshold',
    ]);
  });
});
