import { describe, expect, it } from 'vitest';
import {
  type DashboardRow,
  formatAmount,
  formatDashboardTable,
  formatPercent,
} from '../../../lambdas/domain/dashboard.ts';

const ROW: DashboardRow = {
  application: 'support-bot',
  workflow: 'answer',
  environment: 'production',
  currency: 'USD',
  total_cost: '4.000000000000',
  allocation_coverage: '0.75',
  attempted_units: '2',
  successful_units: '1',
  cost_per_attempted_unit: '2.000000000',
  cost_per_successful_unit: '4.000000000',
  failed_unit_cost: '1.000000000000',
  wow_cost_per_attempted_unit: '0',
  wow_cost_per_successful_unit: '-0.25',
};

describe('Domain: dashboard table', () => {
  it('formats amounts exactly, rounded half up to 6 decimals, at least 2 shown', () => {
    expect(formatAmount('4.000000000000')).toBe('4.00');
    expect(formatAmount('0.003500000000')).toBe('0.0035');
    // 0.0000015 -> 0.000002 (half up at the 6th decimal)
    expect(formatAmount('0.0000015')).toBe('0.000002');
    expect(formatAmount('12345678901234.9999995')).toBe('12345678901235.00');
    expect(formatAmount(null)).toBe('-');
  });

  it('formats shares and changes as percentages with one decimal', () => {
    expect(formatPercent('0.75')).toBe('75.0%');
    expect(formatPercent('0.6666666666666666')).toBe('66.7%');
    expect(formatPercent('-0.25', true)).toBe('-25.0%');
    expect(formatPercent('0.3333333333333333', true)).toBe('+33.3%');
    expect(formatPercent('0', true)).toBe('0.0%');
    expect(formatPercent('1')).toBe('100.0%');
    expect(formatPercent(null)).toBe('-');
  });

  it('prints one aligned line per row under the headings', () => {
    const text = formatDashboardTable('2026-W01', [
      ROW,
      { ...ROW, workflow: 'triage', cost_per_successful_unit: null },
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('Unit economics, ISO week 2026-W01');
    expect(lines[2]?.startsWith('application  workflow  environment  currency  total cost  allocated')).toBe(
      true,
    );
    // each cell padded to its heading's width (texts left, figures right), two spaces between
    expect(lines[4]).toBe(
      [
        'support-bot',
        'answer  ',
        'production ',
        'USD     ',
        '      4.00',
        '    75.0%',
        '        2',
        '         1',
        '         2.00',
        '          4.00',
        '            1.00',
        '             0.0%',
        '            -25.0%',
      ].join('  '),
    );
    expect(lines[5]).toMatch(/^support-bot {2}triage /);
    // every line has the same width as the heading line (right-aligned figures)
    expect(new Set(lines.slice(2).map((line) => line.length)).size).toBe(1);
  });

  it('says so when the week has no rows', () => {
    expect(formatDashboardTable('2026-W01', [])).toBe(
      'Unit economics, ISO week 2026-W01\n\nNo published results for this week.\n',
    );
  });
});
