import { z } from 'zod';
import { CELL_CODECS } from './finance-views.ts';

/**
 * The first dashboard (DESIGN §8 `dashboard`): one ISO week by application and workflow.
 * Rows come from `sql/marts/dashboard_week.sql`; the table text is a pure function of
 * them, so the CLI prints it and tests read it.
 */
export const IsoWeek = z
  .string()
  .regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'must be an ISO week such as 2026-W20');

const Text = CELL_CODECS.text.pipe(z.string());
const Money = CELL_CODECS.decimal.pipe(z.string());
const OptionalMoney = CELL_CODECS.decimal as z.ZodType<string | null, string | null>;
const Ratio = CELL_CODECS.ratio as z.ZodType<string | null, string | null>;
const Count = CELL_CODECS.integer.pipe(z.string());

export const DashboardRowSchema = z.object({
  application: Text,
  workflow: Text,
  environment: Text,
  currency: CELL_CODECS.text as z.ZodType<string | null, string | null>,
  total_cost: Money,
  allocation_coverage: Ratio,
  attempted_units: Count,
  successful_units: Count,
  cost_per_attempted_unit: OptionalMoney,
  cost_per_successful_unit: OptionalMoney,
  failed_unit_cost: Money,
  wow_cost_per_attempted_unit: Ratio,
  wow_cost_per_successful_unit: Ratio,
});
export type DashboardRow = z.infer<typeof DashboardRowSchema>;

const HEADINGS = [
  'application',
  'workflow',
  'environment',
  'currency',
  'total cost',
  'allocated',
  'attempted',
  'successful',
  'per attempted',
  'per successful',
  'failed-unit cost',
  'WoW per attempted',
  'WoW per successful',
] as const;

/** The week's rows as an aligned plain-text table; `-` marks a figure with no value (a zero denominator). */
export function formatDashboardTable(week: string, rows: readonly DashboardRow[]): string {
  const title = `Unit economics, ISO week ${week}`;
  if (rows.length === 0) return `${title}\n\nNo published results for this week.\n`;
  const cells = rows.map((row) => [
    row.application,
    row.workflow,
    row.environment,
    row.currency ?? '-',
    formatAmount(row.total_cost),
    formatPercent(row.allocation_coverage),
    row.attempted_units,
    row.successful_units,
    formatAmount(row.cost_per_attempted_unit),
    formatAmount(row.cost_per_successful_unit),
    formatAmount(row.failed_unit_cost),
    formatPercent(row.wow_cost_per_attempted_unit, true),
    formatPercent(row.wow_cost_per_successful_unit, true),
  ]);
  const numeric = (column: number) => column >= 4;
  const widths = HEADINGS.map((heading, column) =>
    Math.max(heading.length, ...cells.map((row) => row[column]?.length ?? 0)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, column) =>
        numeric(column) ? value.padStart(widths[column] ?? 0) : value.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return `${[title, '', line(HEADINGS), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n')}\n`;
}

/** An exact decimal rounded half up to 6 decimals, trailing zeros dropped but at least 2 kept. */
export function formatAmount(value: string | null): string {
  if (value === null) return '-';
  const rounded = roundDecimal(value, 6);
  const [whole, fraction = ''] = rounded.split('.');
  return `${whole}.${fraction.replace(/0+$/, '').padEnd(2, '0')}`;
}

/** A share (0.75) as a percentage with one decimal (75.0%); signed for changes (+33.3%). */
export function formatPercent(value: string | null, signed = false): string {
  if (value === null) return '-';
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const shifted = `${whole}${fraction.padEnd(2, '0').slice(0, 2)}.${fraction.slice(2) || '0'}`;
  const percent = roundDecimal(shifted.replace(/^0+(?=\d)/, ''), 1);
  const isZero = /^0\.0$/.test(percent);
  const sign = negative && !isZero ? '-' : signed && !isZero ? '+' : '';
  return `${sign}${percent}%`;
}

/** Rounds a non-negative decimal text half up to `decimals` places, exactly (bigint arithmetic). */
function roundDecimal(value: string, decimals: number): string {
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const kept = BigInt(whole + fraction.padEnd(decimals, '0').slice(0, decimals));
  const roundUp = (fraction[decimals] ?? '0') >= '5';
  const digits = (kept + (roundUp ? 1n : 0n)).toString().padStart(decimals + 1, '0');
  const point = digits.length - decimals;
  const text = decimals === 0 ? digits : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}
