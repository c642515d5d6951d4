import { z } from 'zod';
import { V_BILLING_LINES, V_DATA_COMPLETENESS, V_RECONCILIATION } from './reconciliation.ts';
import { CELL_CODECS, type ExportValue, type FinanceView } from './view-columns.ts';

export { CELL_CODECS, type ColumnKind, type ExportValue, type FinanceView } from './view-columns.ts';

/**
 * The documented finance views (DESIGN §7) that `export --view` may name: their columns
 * in order - the contract's columns first, then extras - the kind of each column (see
 * view-columns.ts for the codecs), and the job that creates the view: a view exists
 * only once that job has run on the lake.
 */
export type ViewCreator = 'compute' | 'reconcile' | 'alert';

export interface ExportableView extends FinanceView {
  readonly createdBy: ViewCreator;
}

const UNIT_ECONOMICS_FIGURES: FinanceView['columns'] = [
  ['environment', 'text'],
  ['application', 'text'],
  ['workflow', 'text'],
  ['currency', 'text'],
  ['total_cost', 'decimal'],
  ['allocated_cost', 'decimal'],
  ['unallocated_cost', 'decimal'],
  ['allocation_coverage', 'ratio'],
  ['attempted_units', 'integer'],
  ['successful_units', 'integer'],
  ['failed_units', 'integer'],
  ['pending_units', 'integer'],
  ['unknown_units', 'integer'],
  ['cost_per_attempted_unit', 'decimal'],
  ['cost_per_successful_unit', 'decimal'],
  ['failed_unit_cost', 'decimal'],
  ['cost_per_failed_unit', 'decimal'],
  ['unpriced_requests', 'integer'],
];

const UNPRICED_TOKENS: FinanceView['columns'] = [
  ['unpriced_input_tokens', 'integer'],
  ['unpriced_output_tokens', 'integer'],
];

export const FINANCE_VIEWS = {
  v_request_costs: {
    createdBy: 'compute',
    contractColumns: 23,
    orderBy: ['request_day', 'request_id', 'source_key', 'source_line'],
    columns: [
      ['request_id', 'text'],
      ['timestamp_utc', 'timestamp'],
      ['request_day', 'date'],
      ['environment', 'text'],
      ['application', 'text'],
      ['workflow', 'text'],
      ['tenant_id', 'text'],
      ['provider', 'text'],
      ['model_or_deployment', 'text'],
      ['billing_category', 'text'],
      ['prompt_version', 'text'],
      ['attempt_number', 'integer'],
      ['status', 'text'],
      ['unit_type', 'text'],
      ['unit_id', 'text'],
      ['input_tokens', 'integer'],
      ['cached_input_tokens', 'integer'],
      ['cache_write_tokens', 'integer'],
      ['output_tokens', 'integer'],
      ['reasoning_tokens', 'integer'],
      ['priced', 'boolean'],
      ['cost', 'decimal'],
      ['currency', 'text'],
      ['uncached_input_tokens', 'integer'],
      ['missing_price_token_types', 'text'],
      ['input_price_per_token', 'decimal'],
      ['cached_input_price_per_token', 'decimal'],
      ['cache_write_price_per_token', 'decimal'],
      ['output_price_per_token', 'decimal'],
      ['reasoning_price_per_token', 'decimal'],
      ['request_fee', 'decimal'],
      ['provider_account', 'text'],
      ['team', 'text'],
      ['cost_center', 'text'],
      ['fallback_used', 'boolean'],
      ['fallback_route', 'text'],
      ['cost_estimate_amount', 'decimal'],
      ['cost_estimate_currency', 'text'],
      ['source_key', 'text'],
      ['source_line', 'integer'],
    ],
  },
  v_unit_costs: {
    createdBy: 'compute',
    contractColumns: 16,
    orderBy: ['cohort_day', 'application', 'unit_type', 'unit_id'],
    columns: [
      ['application', 'text'],
      ['unit_type', 'text'],
      ['unit_id', 'text'],
      ['tenant_id', 'text'],
      ['environment', 'text'],
      ['workflow', 'text'],
      ['cohort_day', 'date'],
      ['first_request_at', 'timestamp'],
      ['last_request_at', 'timestamp'],
      ['requests', 'integer'],
      ['retries', 'integer'],
      ['cost', 'decimal'],
      ['currency', 'text'],
      ['outcome', 'text'],
      ['outcome_at', 'timestamp'],
      ['outcome_class', 'text'],
      ['first_request_id', 'text'],
      ['unpriced_requests', 'integer'],
      ['multiple_tenants', 'boolean'],
      ['multiple_currencies', 'boolean'],
      ['outcome_source', 'text'],
    ],
  },
  v_unit_economics_daily: {
    createdBy: 'compute',
    contractColumns: 19,
    orderBy: ['day', 'environment', 'application', 'workflow', 'currency'],
    columns: [['day', 'date'], ...UNIT_ECONOMICS_FIGURES, ...UNPRICED_TOKENS],
  },
  v_unit_economics_weekly: {
    createdBy: 'compute',
    contractColumns: 23,
    orderBy: ['week', 'environment', 'application', 'workflow', 'currency'],
    columns: [
      ['week', 'text'],
      ...UNIT_ECONOMICS_FIGURES,
      ['wow_cost_per_attempted_unit', 'ratio'],
      ['wow_cost_per_successful_unit', 'ratio'],
      ['wow_cost_per_failed_unit', 'ratio'],
      ['wow_allocation_coverage', 'ratio'],
      ...UNPRICED_TOKENS,
    ],
  },
  v_cost_outliers: {
    createdBy: 'compute',
    contractColumns: 30,
    orderBy: ['week', 'environment', 'application', 'workflow', 'currency', 'cost_rank'],
    columns: [
      ['week', 'text'],
      ['environment', 'text'],
      ['application', 'text'],
      ['workflow', 'text'],
      ['currency', 'text'],
      ['cost_rank', 'integer'],
      ['unit_type', 'text'],
      ['unit_id', 'text'],
      ['tenant_id', 'text'],
      ['cohort_day', 'date'],
      ['cost', 'decimal'],
      ['median_unit_cost', 'decimal'],
      ['ratio_to_median', 'ratio'],
      ['units_in_group', 'integer'],
      ['requests', 'integer'],
      ['retries', 'integer'],
      ['input_tokens', 'integer'],
      ['cached_input_tokens', 'integer'],
      ['cached_share', 'ratio'],
      ['output_tokens', 'integer'],
      ['reasoning_tokens', 'integer'],
      ['fallback_requests', 'integer'],
      ['fallback_used', 'boolean'],
      ['non_production', 'boolean'],
      ['outcome', 'text'],
      ['outcome_class', 'text'],
      ['outcome_flag', 'text'],
      ['unpriced_requests', 'integer'],
      ['first_request_at', 'timestamp'],
      ['last_request_at', 'timestamp'],
    ],
  },
  // Created by reconcile (v_data_completeness too: compute does not read usage records).
  v_billing_lines: { ...V_BILLING_LINES, createdBy: 'reconcile' },
  v_reconciliation: { ...V_RECONCILIATION, createdBy: 'reconcile' },
  v_data_completeness: { ...V_DATA_COMPLETENESS, createdBy: 'reconcile' },
  v_alerts: {
    createdBy: 'alert',
    contractColumns: 8,
    orderBy: ['first_seen', 'dedupe_key', 'episode'],
    columns: [
      ['rule', 'text'],
      ['scope', 'text'],
      ['period', 'text'],
      ['severity', 'text'],
      ['figures', 'text'],
      ['first_seen', 'timestamp'],
      ['last_seen', 'timestamp'],
      ['state', 'text'],
      ['dedupe_key', 'text'],
      ['episode', 'integer'],
      ['summary', 'text'],
      ['threshold', 'text'],
      ['suggested_action', 'text'],
      ['look_at_view', 'text'],
      ['look_at_sql', 'text'],
      ['environment', 'text'],
      ['application', 'text'],
      ['workflow', 'text'],
      ['tenant_id', 'text'],
      ['provider', 'text'],
      ['model_or_deployment', 'text'],
      ['source', 'text'],
      ['notifications', 'integer'],
      ['last_notified_at', 'timestamp'],
    ],
  },
} as const satisfies Record<string, ExportableView>;

export type FinanceViewName = keyof typeof FINANCE_VIEWS;
export const FINANCE_VIEW_NAMES = Object.keys(FINANCE_VIEWS) as FinanceViewName[];

export function isFinanceViewName(name: string): name is FinanceViewName {
  return Object.hasOwn(FINANCE_VIEWS, name);
}

/** The zod row codec of a view: every column present, each decoded by its kind. */
export function financeViewRowSchema(view: FinanceViewName) {
  const shape = Object.fromEntries(
    FINANCE_VIEWS[view].columns.map(([name, kind]) => [name, CELL_CODECS[kind]]),
  );
  return z.object(shape) as unknown as z.ZodType<
    Record<string, ExportValue>,
    Readonly<Record<string, string | null>>
  >;
}
