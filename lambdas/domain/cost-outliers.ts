import { z } from 'zod';
import { formatAmount } from './dashboard.ts';
import { CELL_CODECS } from './finance-views.ts';

/**
 * The costliest business units of each ISO week and workflow (`v_cost_outliers`), with
 * the diagnostics that explain them. Rows come from `sql/marts/cost_outliers_top.sql`;
 * the table text is a pure function of them.
 */
const Text = CELL_CODECS.text.pipe(z.string());
const OptionalText = CELL_CODECS.text as z.ZodType<string | null, string | null>;
const Count = CELL_CODECS.integer.pipe(z.string());
const Money = CELL_CODECS.decimal.pipe(z.string());
const Ratio = CELL_CODECS.ratio as z.ZodType<string | null, string | null>;
const Flag = CELL_CODECS.boolean.pipe(z.boolean());

export const CostOutlierRowSchema = z.object({
  week: Text,
  environment: Text,
  application: Text,
  workflow: Text,
  currency: OptionalText,
  cost_rank: Count,
  unit_type: Text,
  unit_id: Text,
  tenant_id: OptionalText,
  cohort_day: CELL_CODECS.date.pipe(z.string()),
  cost: Money,
  median_unit_cost: Money,
  ratio_to_median: Ratio,
  units_in_group: Count,
  requests: Count,
  retries: Count,
  input_tokens: Count,
  cached_input_tokens: Count,
  cached_share: Ratio,
  output_tokens: Count,
  reasoning_tokens: Count,
  fallback_requests: Count,
  fallback_used: Flag,
  non_production: Flag,
  outcome: Text,
  outcome_class: Text,
  outcome_flag: OptionalText,
  unpriced_requests: Count,
  first_request_at: CELL_CODECS.timestamp.pipe(z.string()),
  last_request_at: CELL_CODECS.timestamp.pipe(z.string()),
});
export type CostOutlierRow = z.infer<typeof CostOutlierRowSchema>;

export const OUTLIER_HEADINGS = [
  'week',
  'environment',
  'workflow',
  '#',
  'unit',
  'tenant',
  'cost',
  'x median',
  'input tok',
  'cached',
  'output tok',
  'requests',
  'retries',
  'fallback',
  'outcome',
] as const;

/** The cells of one row as the text table and the report show them. */
export function outlierCells(row: CostOutlierRow): string[] {
  return [
    row.week,
    row.non_production ? `${row.environment} (non-production)` : row.environment,
    `${row.application}/${row.workflow}`,
    row.cost_rank,
    `${row.unit_type} ${row.unit_id}`,
    row.tenant_id ?? '-',
    `${formatAmount(row.cost)}${row.currency ? ` ${row.currency}` : ''}`,
    formatRatio(row.ratio_to_median),
    formatCount(row.input_tokens),
    row.cached_share === null ? '-' : `${(Number(row.cached_share) * 100).toFixed(0)}%`,
    formatCount(row.output_tokens),
    row.requests,
    row.retries,
    row.fallback_used ? `yes (${row.fallback_requests})` : 'no',
    row.outcome_flag && row.outcome_flag !== row.outcome
      ? `${row.outcome}, ${row.outcome_flag}`
      : row.outcome,
  ];
}

/** `4.2x`, or `-` when the median is zero. */
export function formatRatio(value: string | null): string {
  return value === null ? '-' : `${Number(value).toFixed(1)}x`;
}

/** A whole number with thousands separators (digit grouping, no float). */
export function formatCount(value: string): string {
  const negative = value.startsWith('-');
  const digits = negative ? value.slice(1) : value;
  return `${negative ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/** The rows as an aligned plain-text table; numbers right-aligned. */
export function formatOutliersTable(rows: readonly CostOutlierRow[], title: string): string {
  if (rows.length === 0) return `${title}\n\nNo published units match.\n`;
  const cells = rows.map(outlierCells);
  const numeric = new Set([3, 6, 7, 8, 9, 10, 11, 12]);
  const widths = OUTLIER_HEADINGS.map((heading, column) =>
    Math.max(heading.length, ...cells.map((row) => row[column]?.length ?? 0)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, column) =>
        numeric.has(column) ? value.padStart(widths[column] ?? 0) : value.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return `${[title, '', line(OUTLIER_HEADINGS), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n')}\n`;
}
