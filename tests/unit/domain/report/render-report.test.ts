import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../../lambdas/domain/report/render-report.ts';
import {
  headlineWeek,
  provisionalReasons,
  type ReportInput,
  type WeeklyRow,
} from '../../../../lambdas/domain/report/report-input.ts';

function weekly(week: string, overrides: Partial<WeeklyRow> = {}): WeeklyRow {
  return {
    week,
    environment: 'production',
    application: 'support-desk',
    workflow: 'support_assistant',
    currency: 'USD',
    total_cost: '1200.500000000000',
    allocated_cost: '1000.000000000000',
    unallocated_cost: '200.500000000000',
    allocation_coverage: '0.832986255726781',
    attempted_units: '1000',
    successful_units: '800',
    failed_units: '150',
    pending_units: '0',
    unknown_units: '50',
    cost_per_attempted_unit: '1.200500000',
    cost_per_successful_unit: '1.500625000',
    failed_unit_cost: '150.000000000000',
    cost_per_failed_unit: '1.000000000',
    unpriced_requests: '0',
    wow_cost_per_attempted_unit: '0.05',
    wow_cost_per_successful_unit: '-0.1',
    wow_allocation_coverage: null,
    wow_cost_per_failed_unit: null,
    ...overrides,
  };
}

const BASE: ReportInput = {
  asOf: '2026-06-01T06:00:00.000Z',
  publishedFrom: '2026-05-04',
  publishedThrough: '2026-06-01',
  weekly: [weekly('2026-W21'), weekly('2026-W22'), weekly('2026-W23', { pending_units: '12' })],
  week: '2026-W22',
  outliers: [],
  alerts: { state: 'not_available', reason: 'the alert job has not run on this lake yet.' },
  reconciliation: { state: 'not_available', reason: 'the reconcile job has not run.' },
  completeness: { state: 'not_available', reason: 'no view yet.' },
  joinValidation: { state: 'failed', message: 'boom' },
};

describe('Domain: report page', () => {
  it('leads with the latest week whose Sunday is published', () => {
    // W22 ends Sunday 2026-05-31 <= 2026-06-01; W23 ends 2026-06-07, not yet published
    expect(headlineWeek(['2026-W21', '2026-W23', '2026-W22'], '2026-06-01')).toBe('2026-W22');
    expect(headlineWeek(['2026-W23'], '2026-06-01')).toBe('2026-W23');
    expect(headlineWeek([], null)).toBeNull();
  });

  it('says why a week is provisional: running, partial at the start, or units pending', () => {
    const published = { publishedFrom: '2026-05-04', publishedThrough: '2026-06-01' };

    expect(provisionalReasons('2026-W23', published, 12)).toEqual([
      'data through 2026-06-01',
      '12 units pending an outcome',
    ]);
    // W18 runs 27 April to 3 May: before the first published day
    expect(provisionalReasons('2026-W18', { ...published, publishedFrom: '2026-04-29' }, 0)).toEqual([
      'partial week: data from 2026-04-29',
    ]);
    expect(provisionalReasons('2026-W22', published, 0)).toEqual([]);
  });

  it('shows the dashboard figures formatted for finance with the exact value beside them', () => {
    const page = renderReport(BASE);

    expect(page).toContain('data-column="total_cost" data-value="1200.500000000000">$1,200.50</td>');
    expect(page).toContain('data-column="cost_per_successful_unit" data-value="1.500625000">$1.5006</td>');
    expect(page).toContain('data-column="allocation_coverage" data-value="0.832986255726781">83.3%</td>');
    expect(page).toMatch(/data-value="-0.1"><span class="down-good">▼ −10\.0%<\/span>/);
    expect(page).toContain('ISO week 2026-W22 (25–31 May 2026) · <span class="badge final">Final</span>');
  });

  it('escapes every text that comes from the data', () => {
    const page = renderReport({
      ...BASE,
      weekly: [weekly('2026-W22', { workflow: '<img src=x onerror=alert(1)>', application: 'a"b' })],
      alerts: {
        state: 'available',
        value: [{ rule: 'x', severity: 'warning', summary: '<script>alert(1)</script>', period: '2026-W22' }],
      },
    });

    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('a&quot;b');
  });

  it('says a section is not available yet, and names a failure', () => {
    const page = renderReport(BASE);

    expect(page).toContain('Not available yet: the reconcile job has not run.');
    expect(page).toContain('Not available yet: the alert job has not run on this lake yet.');
    expect(page).toMatch(/Could not be read<\/span> boom/);
  });

  it('fills the reconciliation section once the view has rows, summed per period and provider', () => {
    // two accounts of one provider in April: estimate 100 + 50, billed usage 103 + 50,
    // adjusted variance 3 + 0 = 3 -> 3 / 153 = +2.0%; June is still open on 1 June
    const row = (account: string, estimate: string, usage: string, variance: string, period = '2026-04') => ({
      billing_period: period,
      provider: 'anthropic',
      billing_account_id: account,
      currency: 'USD',
      estimated_cost: estimate,
      billed_total: usage,
      billed_usage_cost: usage,
      credits: '0',
      taxes: '0',
      refunds: '0',
      commitments: '0',
      fees: '0',
      corrections: '0',
      raw_variance: variance,
      adjusted_variance: variance,
      status: period === '2026-06' ? 'period_open' : 'breach',
    });
    const page = renderReport({
      ...BASE,
      reconciliation: {
        state: 'available',
        value: [row('a', '100', '103', '3'), row('b', '50', '50', '0'), row('a', '10', '10', '0', '2026-06')],
      },
    });

    expect(page).toContain('<td class="num">$150.00</td>\n<td class="num">$153.00</td>');
    expect(page).toContain('<td class="num">+2.0%</td>');
    expect(page).toContain('<span class="badge provisional">open period</span>');
    expect(page).toContain('the 2026-04 bill is above our estimate (all providers)');
    expect(page).toContain(
      '<li>anthropic&#39;s 2026-04 bill is 2.0% above our estimate after adjustments ($3.00): over the reconciliation threshold.</li>',
    );
    expect(page).toContain('<span class="badge fail" title="2 of 2 lines">breach ×2</span>');
  });

  it('is one page with no script and no external resource', () => {
    const page = renderReport(BASE);

    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).not.toMatch(/<script|<link|https?:\/\/|url\(/);
    expect(page).toContain('@media (prefers-color-scheme: dark)');
  });
});
