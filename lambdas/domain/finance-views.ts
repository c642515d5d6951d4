import { z } from 'zod';
import { isDecimalString, numberToDecimalString } from './money.ts';

/**
 * The documented finance views (DESIGN §7): their columns in order - the contract's
 * columns first, then extras - the kind of each column, and the codec that turns an
 * engine's cell text into the exported value. Engines differ in how they print cells
 * (DuckDB `2026-05-11 09:30:00`, Athena `2026-05-11 09:30:00.000`; doubles as `1e-7`
 * or `1.0E-7`); the codecs give one form: ISO 8601 UTC timestamps, exact decimal text.
 */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'ratio' | 'boolean' | 'date' | 'timestamp';

export interface FinanceView {
  readonly columns: readonly (readonly [name: string, kind: ColumnKind])[];
  /** How many leading columns DESIGN §7 fixes; the rest are extras. */
  readonly contractColumns: number;
  /** A total order, so two exports of the same results are byte-identical. */
  readonly orderBy: readonly string[];
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
    contractColumns: 19,
    orderBy: ['day', 'environment', 'application', 'workflow', 'currency'],
    columns: [['day', 'date'], ...UNIT_ECONOMICS_FIGURES, ...UNPRICED_TOKENS],
  },
  v_unit_economics_weekly: {
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
} as const satisfies Record<string, FinanceView>;

export type FinanceViewName = keyof typeof FINANCE_VIEWS;
export const FINANCE_VIEW_NAMES = Object.keys(FINANCE_VIEWS) as FinanceViewName[];

export function isFinanceViewName(name: string): name is FinanceViewName {
  return Object.hasOwn(FINANCE_VIEWS, name);
}

/** A decoded cell: exact text for numbers (a JSON export keeps money as strings), or a boolean. */
export type ExportValue = string | boolean | null;

const SQL_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?:Z|[+-]00(?::?00)?)?$/;

export const CELL_CODECS: Record<ColumnKind, z.ZodType<ExportValue, string | null>> = {
  text: z.string().nullable(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  timestamp: z
    .string()
    .regex(SQL_TIMESTAMP, 'must be a UTC timestamp')
    .transform((value) => {
      const [, day, time, fraction = ''] = SQL_TIMESTAMP.exec(value) as RegExpExecArray;
      return `${day}T${time}.${fraction.padEnd(3, '0').slice(0, 3)}Z`;
    })
    .nullable(),
  integer: z
    .string()
    .regex(/^-?\d+$/, 'must be a whole number')
    .nullable(),
  decimal: z.string().refine(isDecimalString, 'must be a decimal number').nullable(),
  // A double (a share, not money): printed as plain decimal text whatever the engine's notation.
  ratio: z
    .string()
    .regex(/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, 'must be a number')
    .transform((value) => numberToDecimalString(Number(value)))
    .nullable(),
  boolean: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .nullable(),
};

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
