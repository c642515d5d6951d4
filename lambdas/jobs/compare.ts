import {
  COHORT_DIMENSIONS,
  type CohortComparison,
  type CohortDimension,
  CohortUnitRowSchema,
  compareCohorts,
  formatCohortComparison,
} from '../domain/cohort-comparison.ts';
import { InvalidInputError } from '../domain/errors.ts';
import type { QueryEngine } from '../ports/query-engine.ts';
import { loadSqlCatalog, type SqlCatalog } from '../sql/sql-catalog.ts';
import { SqlRunner } from '../sql/sql-runner.ts';
import type { Warehouse } from '../sql/warehouse.ts';
import { addDays } from './compute-partitions.ts';

export interface CompareDeps {
  readonly engine: QueryEngine;
  readonly warehouse: Warehouse;
  readonly catalog?: SqlCatalog;
}

export interface CompareOptions {
  readonly by: string;
  readonly a: string;
  readonly b: string;
  readonly workflow?: string;
  /** First cohort day (YYYY-MM-DD); default 27 days before `to` (four weeks). */
  readonly from?: string;
  /** Last cohort day; default the UTC day of `asOf`. */
  readonly to?: string;
  readonly asOf: Date;
  /** @default 'production' */
  readonly environment?: string;
  /** @default 1 */
  readonly seed?: number;
  /** @default 2000 */
  readonly resamples?: number;
}

export interface Comparison {
  readonly comparison: CohortComparison;
  readonly from: string;
  readonly to: string;
  /** The comparison as a text table for a terminal. */
  readonly text: string;
}

const DEFAULT_DAYS = 28;

/**
 * `ai-unit-economics compare --by prompt_version|model|fallback_route --a X --b Y
 * [--workflow W] [--from D --to D]`: two cohorts of published units compared with
 * confidence limits (lambdas/domain/cohort-comparison.ts).
 */
export async function compare(deps: CompareDeps, options: CompareOptions): Promise<Comparison> {
  if (!(COHORT_DIMENSIONS as readonly string[]).includes(options.by)) {
    throw new InvalidInputError(`--by "${options.by}" must be one of ${COHORT_DIMENSIONS.join(', ')}`);
  }
  for (const [flag, value] of [
    ['--from', options.from],
    ['--to', options.to],
  ] as const) {
    if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      throw new InvalidInputError(`${flag} "${value}" must be a date as YYYY-MM-DD`);
    }
  }
  const to = options.to ?? options.asOf.toISOString().slice(0, 10);
  const from = options.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to) throw new InvalidInputError(`--from ${from} must not be after --to ${to}`);
  const environment = options.environment ?? 'production';

  const runner = new SqlRunner(deps.engine, deps.catalog ?? (await loadSqlCatalog()), deps.warehouse);
  const rows = (
    await runner.query('cohort_units', { day_from: from, day_to: to, environment }, CohortUnitRowSchema)
  ).filter((row) => options.workflow === undefined || row.workflow === options.workflow);
  const comparison = compareCohorts(rows, {
    dimension: options.by as CohortDimension,
    a: options.a,
    b: options.b,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.resamples !== undefined ? { resamples: options.resamples } : {}),
  });
  const text = formatCohortComparison(comparison, {
    from,
    to,
    environment,
    ...(options.workflow !== undefined ? { workflow: options.workflow } : {}),
  });
  return { comparison, from, to, text };
}
