import { z } from 'zod';
import { CELL_CODECS } from './finance-views.ts';
import type { Settings } from './settings.ts';

/**
 * Join validation: does every request reach the right business unit, and every unit an
 * outcome? Four checks (SQL that returns the failing rows; zero rows pass) and one
 * distribution. `doctor` prints them, the report shows them; each failing row is one
 * thing to fix at the source.
 */
export const JOIN_VALIDATION_DEFAULTS = {
  /** Days after a unit's first request within which all its requests should come. */
  max_unit_span_days: 7,
  /** Days without news after which a unit should have an outcome. */
  pending_horizon_days: 14,
} as const;

export interface UnitTypeLimits {
  readonly maxUnitSpanDays: number;
  readonly pendingHorizonDays: number;
}

export function unitTypeLimits(settings: Settings, unitType: string): UnitTypeLimits {
  const configured = settings.unit_types[unitType];
  return {
    maxUnitSpanDays: configured?.max_unit_span_days ?? JOIN_VALIDATION_DEFAULTS.max_unit_span_days,
    pendingHorizonDays: configured?.pending_horizon_days ?? JOIN_VALIDATION_DEFAULTS.pending_horizon_days,
  };
}

export const JOIN_CHECKS = [
  {
    id: 'unit_ids_unknown_to_outcomes',
    statement: 'assert_units_outcome_known',
    perUnitType: true,
    title: 'Unit ids no outcome source knows',
    explains:
      'units with no outcome event and no outcome on their cost events, past the pending horizon: a unit id mistyped in the telemetry or missing from the outcome feed',
  },
  {
    id: 'requests_outside_unit_span',
    statement: 'assert_requests_within_unit_span',
    perUnitType: true,
    title: "Requests outside their unit's window",
    explains:
      'requests more than max_unit_span_days after their unit began: a unit id reused for new work mixes two pieces of work into one cost',
  },
  {
    id: 'units_pending_past_horizon',
    statement: 'assert_units_pending_within_horizon',
    perUnitType: true,
    title: 'Units pending past the horizon',
    explains: 'units still pending with no request or outcome for pending_horizon_days: a lost verdict',
  },
  {
    id: 'units_with_several_tenants_or_teams',
    statement: 'assert_units_single_tenant_and_team',
    perUnitType: false,
    title: 'Units under several tenants or teams',
    explains:
      'units whose requests named more than one tenant or team: a shared session, counted once under the first tenant',
  },
] as const;

export type JoinCheckId = (typeof JOIN_CHECKS)[number]['id'];

/** A failing row as the engine returned it (text cells), for display. */
export type FailingRow = Readonly<Record<string, string | null>>;

export interface JoinCheckResult {
  readonly id: JoinCheckId;
  readonly statement: string;
  readonly title: string;
  readonly explains: string;
  readonly status: 'pass' | 'warn';
  readonly failing: number;
  /** The first failing rows (at most SAMPLE_ROWS). */
  readonly sample: readonly FailingRow[];
}

export const SAMPLE_ROWS = 10;

const Count = CELL_CODECS.integer.pipe(z.string());

/** One row of `sql/marts/requests_per_unit_by_workflow.sql`. */
export const RequestsPerUnitRowSchema = z.object({
  environment: CELL_CODECS.text.pipe(z.string()),
  application: CELL_CODECS.text.pipe(z.string()),
  workflow: CELL_CODECS.text.pipe(z.string()),
  units: Count,
  requests: Count,
  mean_requests: CELL_CODECS.ratio.pipe(z.string()),
  min_requests: Count,
  median_requests: Count,
  p90_requests: Count,
  max_requests: Count,
  single_request_units: Count,
});
export type RequestsPerUnitRow = z.infer<typeof RequestsPerUnitRowSchema>;

export interface JoinValidation {
  /** Cohort days checked (YYYY-MM-DD, inclusive). */
  readonly window: { readonly from: string; readonly to: string };
  readonly asOf: string;
  /** The limits each unit type was checked with. */
  readonly limits: Readonly<Record<string, UnitTypeLimits>>;
  readonly checks: readonly JoinCheckResult[];
  readonly requestsPerUnit: readonly RequestsPerUnitRow[];
}

/** Pass when no check has a failing row. */
export function joinValidationStatus(validation: JoinValidation): 'pass' | 'warn' {
  return validation.checks.some((check) => check.status === 'warn') ? 'warn' : 'pass';
}

/** The validation as text for a terminal: one line per check, then the distribution. */
export function formatJoinValidation(validation: JoinValidation): string {
  const lines = [
    `Join validation, cohort days ${validation.window.from}..${validation.window.to} (as of ${validation.asOf})`,
    '',
  ];
  for (const check of validation.checks) {
    const figure = check.failing === 0 ? 'none' : `${check.failing.toLocaleString('en-US')} failing`;
    lines.push(`${check.status.padEnd(4)}  ${check.title}: ${figure}`);
    if (check.failing > 0) {
      lines.push(`      ${check.explains}`);
      for (const row of check.sample.slice(0, 3)) lines.push(`      e.g. ${describeRow(row)}`);
    }
  }
  const limits = Object.entries(validation.limits)
    .map(([type, limit]) => `${type} span ${limit.maxUnitSpanDays}d, horizon ${limit.pendingHorizonDays}d`)
    .join('; ');
  if (limits) lines.push('', `Limits: ${limits}`);
  lines.push('', 'Requests per unit (median / p90 / max, single-request units):');
  if (validation.requestsPerUnit.length === 0) lines.push('  no published units in the window');
  for (const row of validation.requestsPerUnit) {
    lines.push(
      `  ${row.environment} ${row.application}/${row.workflow}: ${row.units} units, mean ${Number(row.mean_requests).toFixed(1)}, ${row.median_requests} / ${row.p90_requests} / ${row.max_requests}, ${row.single_request_units} single`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function describeRow(row: FailingRow): string {
  const keys = ['application', 'unit_type', 'unit_id', 'request_id', 'tenant_id', 'cohort_day'];
  return keys
    .filter((key) => row[key] !== undefined && row[key] !== null)
    .map((key) => `${key}=${row[key]}`)
    .join(' ');
}
