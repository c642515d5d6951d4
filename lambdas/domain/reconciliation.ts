import { z } from 'zod';
import { InvalidInputError } from './errors.ts';
import type { Settings } from './settings.ts';
import { CELL_CODECS, type ExportValue, type FinanceView } from './view-columns.ts';

/**
 * What a reconcile run covers (DESIGN §2, §7 `v_reconciliation`): billing periods are
 * calendar months (`YYYY-MM`, UTC). Pure date arithmetic: time comes in as `asOf`.
 */
export const RECONCILIATION_STATUSES = [
  'within_threshold',
  'breach',
  'period_open',
  'no_billing_data',
  'no_estimate',
] as const;
export type ReconciliationStatus = (typeof RECONCILIATION_STATUSES)[number];

export interface ReconciliationScope {
  /** First and last billing period reconciled (YYYY-MM). */
  readonly periodFrom: string;
  readonly periodTo: string;
  /** Every period from `periodFrom` to `periodTo`. */
  readonly periods: readonly string[];
  /** Requests are estimated for these UTC days: the periods' first to last day. */
  readonly dayFrom: string;
  readonly dayTo: string;
  /**
   * Billing lines are read for these raw partitions (billing period starts): up to the
   * as-of month, because a correction of a period arrives in a later one.
   */
  readonly dtFrom: string;
  readonly dtTo: string;
  /** The first period not closed as of the run: it and later ones are `period_open`. */
  readonly openPeriodFrom: string;
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * The periods to reconcile: `period` alone when given, else the settings' lookback
 * ending with the as-of month. A period stays open until `close_after_days` after it
 * ends, as bills are finalized a few days into the next month.
 */
export function reconciliationScope(
  asOf: Date,
  reconciliation: Settings['reconciliation'],
  period?: string,
): ReconciliationScope {
  if (Number.isNaN(asOf.getTime())) throw new InvalidInputError('--as-of must be a valid ISO 8601 timestamp');
  if (period !== undefined && !PERIOD.test(period)) {
    throw new InvalidInputError(`--period "${period}" must be a billing period as YYYY-MM, such as 2026-05`);
  }
  const asOfPeriod = asOf.toISOString().slice(0, 7);
  const periodTo = period ?? asOfPeriod;
  const periodFrom = period ?? addMonths(asOfPeriod, -(reconciliation.lookback_months - 1));
  // YYYY-MM text sorts as the months do.
  const latestBilled = [periodTo, asOfPeriod].sort()[1] ?? asOfPeriod;

  let openPeriodFrom = asOfPeriod;
  const closeMs = reconciliation.close_after_days * 86_400_000;
  while (asOf.getTime() < monthStartMs(openPeriodFrom) + closeMs) {
    openPeriodFrom = addMonths(openPeriodFrom, -1);
  }

  const periods: string[] = [];
  for (let month = periodFrom; month <= periodTo; month = addMonths(month, 1)) periods.push(month);
  return {
    periodFrom,
    periodTo,
    periods,
    dayFrom: `${periodFrom}-01`,
    dayTo: lastDayOf(periodTo),
    dtFrom: `${periodFrom}-01`,
    dtTo: lastDayOf(latestBilled),
    openPeriodFrom,
  };
}

/** `2026-05` plus `months` (negative goes back). */
export function addMonths(period: string, months: number): string {
  const match = PERIOD.exec(period);
  if (!match) throw new InvalidInputError(`"${period}" is not a billing period as YYYY-MM`);
  const index =
    Number.parseInt(match[1] as string, 10) * 12 + Number.parseInt(match[2] as string, 10) - 1 + months;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String(index - year * 12 + 1).padStart(2, '0')}`;
}

function monthStartMs(period: string): number {
  return Date.parse(`${period}-01T00:00:00.000Z`);
}

function lastDayOf(period: string): string {
  const next = new Date(monthStartMs(addMonths(period, 1)) - 86_400_000);
  return next.toISOString().slice(0, 10);
}

/**
 * The finance views this module's jobs publish, listed in FINANCE_VIEWS (finance-views.ts)
 * so `export --view` can name them: the contract's columns first (DESIGN §7), then the
 * extras.
 */
export const V_RECONCILIATION = {
  contractColumns: 18,
  orderBy: ['billing_period', 'provider', 'billing_account_id', 'sku_or_model', 'currency'],
  columns: [
    ['billing_period', 'text'],
    ['provider', 'text'],
    ['billing_account_id', 'text'],
    ['sku_or_model', 'text'],
    ['currency', 'text'],
    ['estimated_cost', 'decimal'],
    ['billed_total', 'decimal'],
    ['billed_usage_cost', 'decimal'],
    ['credits', 'decimal'],
    ['taxes', 'decimal'],
    ['refunds', 'decimal'],
    ['commitments', 'decimal'],
    ['fees', 'decimal'],
    ['corrections', 'decimal'],
    ['raw_variance', 'decimal'],
    ['raw_variance_pct', 'ratio'],
    ['adjusted_variance', 'decimal'],
    ['adjusted_variance_pct', 'ratio'],
    ['status', 'text'],
    ['adjustments', 'decimal'],
    ['timing', 'decimal'],
    ['threshold', 'ratio'],
    ['granularity', 'text'],
    ['requests', 'integer'],
    ['priced_requests', 'integer'],
    ['unpriced_requests', 'integer'],
    ['billing_lines', 'integer'],
    ['usage_lines', 'integer'],
    ['payer_account_id', 'text'],
    ['corrections_billed_from', 'text'],
    ['corrections_billed_to', 'text'],
    ['note', 'text'],
    ['as_of', 'timestamp'],
  ],
} as const satisfies FinanceView;

export const V_BILLING_LINES = {
  contractColumns: 17,
  orderBy: ['dt', 'source', 'source_line_id'],
  columns: [
    ['billing_period_start', 'date'],
    ['charge_period_start', 'timestamp'],
    ['charge_period_end', 'timestamp'],
    ['provider', 'text'],
    ['billing_account_id', 'text'],
    ['sub_account_id', 'text'],
    ['service', 'text'],
    ['sku_or_model', 'text'],
    ['charge_category', 'text'],
    ['charge_class', 'text'],
    ['billed_cost', 'decimal'],
    ['effective_cost', 'decimal'],
    ['currency', 'text'],
    ['consumed_quantity', 'decimal'],
    ['consumed_unit', 'text'],
    ['source', 'text'],
    ['source_line_id', 'text'],
    ['token_type', 'text'],
    ['billing_category', 'text'],
    ['inference_scope', 'text'],
    ['charge_description', 'text'],
    ['source_key', 'text'],
    ['source_line', 'integer'],
    ['source_received_at', 'timestamp'],
    ['dt', 'text'],
  ],
} as const satisfies FinanceView;

export const V_DATA_COMPLETENESS = {
  contractColumns: 12,
  orderBy: ['day', 'source', 'provider', 'application', 'environment', 'currency'],
  columns: [
    ['day', 'date'],
    ['source', 'text'],
    ['application', 'text'],
    ['environment', 'text'],
    ['application_events', 'integer'],
    ['provider_usage_records', 'integer'],
    ['allocated_events', 'integer'],
    ['unit_joined_events', 'integer'],
    ['events_without_unit', 'integer'],
    ['unit_events_without_outcome', 'integer'],
    ['events_without_usage_record', 'integer'],
    ['usage_records_without_event', 'integer'],
    ['matched_events', 'integer'],
    ['event_tokens', 'integer'],
    ['provider_tokens', 'integer'],
    ['unmatched_provider_tokens', 'integer'],
    ['gap_share', 'ratio'],
    ['total_cost', 'decimal'],
    ['unallocated_cost', 'decimal'],
    ['unallocated_cost_share', 'ratio'],
    ['provider', 'text'],
    ['currency', 'text'],
    ['match_method', 'text'],
  ],
} as const satisfies FinanceView;

/** The zod codec of a view row: each column decoded by its kind (ISO timestamps, exact decimals). */
export function viewRowSchema(view: FinanceView) {
  const shape = Object.fromEntries(view.columns.map(([name, kind]) => [name, CELL_CODECS[kind]]));
  return z.object(shape) as unknown as z.ZodType<
    Record<string, ExportValue>,
    Readonly<Record<string, string | null>>
  >;
}

export type ReconciliationRow = Record<string, ExportValue>;

const TABLE_COLUMNS = [
  ['billing_period', 'period'],
  ['provider', 'provider'],
  ['billing_account_id', 'account'],
  ['sku_or_model', 'model/SKU'],
  ['currency', 'cur'],
  ['estimated_cost', 'estimate'],
  ['billed_usage_cost', 'billed usage'],
  ['billed_total', 'billed total'],
  ['adjusted_variance_pct', 'var. adj.'],
  ['raw_variance_pct', 'var. raw'],
  ['status', 'status'],
] as const;

/**
 * v_reconciliation rows as a plain-text table for the CLI: money rounded half up to 2
 * decimals (display only; the view keeps every decimal), variances as percentages with
 * one decimal, a null model shown as `(account)`.
 */
export function formatReconciliationTable(rows: readonly ReconciliationRow[]): string[] {
  const cells = rows.map((row) =>
    TABLE_COLUMNS.map(([name]) => {
      const value = row[name] ?? null;
      if (name === 'sku_or_model' && value === null) return '(account)';
      if (value === null) return '-';
      if (name.endsWith('_pct')) return formatPercent(String(value));
      if (name.endsWith('_cost') || name === 'billed_total') return roundMoney(String(value));
      return String(value);
    }),
  );
  const headers = TABLE_COLUMNS.map(([, label]) => label);
  const widths = headers.map((header, index) =>
    Math.max(header.length, ...cells.map((row) => (row[index] ?? '').length)),
  );
  const numeric = TABLE_COLUMNS.map(
    ([name]) => name.endsWith('_cost') || name.endsWith('_pct') || name === 'billed_total',
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, index) =>
        numeric[index] ? value.padStart(widths[index] ?? 0) : value.padEnd(widths[index] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)];
}

/** Exact decimal text rounded half up (away from zero) to 2 decimals, by string arithmetic. */
export function roundMoney(decimal: string): string {
  return roundDecimal(decimal, 2);
}

function formatPercent(ratio: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(ratio);
  if (!match) return ratio;
  const [, sign = '', whole = '0', fraction = ''] = match;
  // A fraction × 100 is a shift of the decimal point by two places.
  const padded = fraction.padEnd(2, '0');
  const shifted = `${sign}${whole}${padded.slice(0, 2)}.${padded.slice(2) || '0'}`;
  return `${roundDecimal(shifted, 1)}%`;
}

function roundDecimal(decimal: string, places: number): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (!match) return decimal;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const digits = BigInt(whole + fraction.padEnd(places + 1, '0').slice(0, places + 1));
  const rounded = (digits + 5n) / 10n;
  const text = rounded.toString().padStart(places + 1, '0');
  const result = `${text.slice(0, -places)}.${text.slice(-places)}`;
  return rounded === 0n ? result : `${sign}${result}`;
}
