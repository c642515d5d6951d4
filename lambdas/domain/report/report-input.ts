import { z } from 'zod';
import { isoWeekDays } from '../alerts/periods.ts';
import type { CostOutlierRow } from '../cost-outliers.ts';
import type { JoinValidation } from '../join-validation.ts';

/**
 * What the report is drawn from, as the report job reads it: the weekly unit economics
 * (the `export` of v_unit_economics_weekly, exact decimal text), the costliest units, and
 * the sections whose views may not exist yet (reconciliation, alerts, data completeness),
 * each either rows, "not available yet", or the error that stopped it.
 */
const Text = z.string();
const Optional = z.string().nullable();

/** One row of the JSON export of v_unit_economics_weekly (DESIGN §7 columns). */
export const WeeklyRowSchema = z.object({
  week: Text,
  environment: Text,
  application: Text,
  workflow: Text,
  currency: Optional,
  total_cost: Text,
  allocated_cost: Text,
  unallocated_cost: Text,
  allocation_coverage: Optional,
  attempted_units: Text,
  successful_units: Text,
  failed_units: Text,
  pending_units: Text,
  unknown_units: Text,
  cost_per_attempted_unit: Optional,
  cost_per_successful_unit: Optional,
  failed_unit_cost: Text,
  cost_per_failed_unit: Optional,
  unpriced_requests: Text,
  wow_cost_per_attempted_unit: Optional,
  wow_cost_per_successful_unit: Optional,
  wow_cost_per_failed_unit: Optional,
  wow_allocation_coverage: Optional,
});
export type WeeklyRow = z.infer<typeof WeeklyRowSchema>;

/** A row of a view the report reads generically: text cells. */
export type TextRow = Readonly<Record<string, string | null>>;

/** A part of the report that may be missing: its value, "not available yet" and why, or the error. */
export type Loaded<T> =
  | { readonly state: 'available'; readonly value: T }
  | { readonly state: 'not_available'; readonly reason: string }
  | { readonly state: 'failed'; readonly message: string };

export interface ReportInput {
  /** The run's as-of instant (ISO 8601 UTC). */
  readonly asOf: string;
  /** The first and last published day (YYYY-MM-DD), null when nothing is published. */
  readonly publishedFrom: string | null;
  readonly publishedThrough: string | null;
  readonly weekly: readonly WeeklyRow[];
  /** The week the dashboard, allocation and outliers show (see headlineWeek). */
  readonly week: string | null;
  readonly outliers: readonly CostOutlierRow[];
  readonly alerts: Loaded<readonly TextRow[]>;
  readonly reconciliation: Loaded<readonly TextRow[]>;
  readonly completeness: Loaded<readonly TextRow[]>;
  readonly joinValidation: Loaded<JoinValidation>;
}

export const PRODUCTION = 'production';

/**
 * The week the report leads with: the latest week whose last day (Sunday) is published -
 * a whole week - or, before one exists, the latest week there is.
 */
export function headlineWeek(weeks: readonly string[], publishedThrough: string | null): string | null {
  const sorted = [...new Set(weeks)].sort();
  const complete = sorted.filter(
    (week) => publishedThrough !== null && isoWeekDays(week).to <= publishedThrough,
  );
  return complete[complete.length - 1] ?? sorted[sorted.length - 1] ?? null;
}

/**
 * Why a week's figures are not final: not all its days are published (the week is still
 * running, or it began before the first published day), or units await their outcome.
 */
export function provisionalReasons(
  week: string,
  published: { readonly publishedFrom: string | null; readonly publishedThrough: string | null },
  pendingUnits: number,
): string[] {
  const reasons: string[] = [];
  const { from: first, to: last } = isoWeekDays(week);
  const { publishedFrom, publishedThrough } = published;
  if (publishedThrough === null || last > publishedThrough) {
    reasons.push(publishedThrough === null ? 'no day published' : `data through ${publishedThrough}`);
  }
  if (publishedFrom !== null && first < publishedFrom)
    reasons.push(`partial week: data from ${publishedFrom}`);
  if (pendingUnits > 0) reasons.push(`${pendingUnits.toLocaleString('en-US')} units pending an outcome`);
  return reasons;
}
