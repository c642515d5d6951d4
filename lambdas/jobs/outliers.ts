import { type CostOutlierRow, CostOutlierRowSchema, formatOutliersTable } from '../domain/cost-outliers.ts';
import { IsoWeek } from '../domain/dashboard.ts';
import { InvalidInputError } from '../domain/errors.ts';
import type { QueryEngine } from '../ports/query-engine.ts';
import { loadSqlCatalog, type SqlCatalog } from '../sql/sql-catalog.ts';
import { SqlRunner } from '../sql/sql-runner.ts';
import type { Warehouse } from '../sql/warehouse.ts';
import { defaultWeek } from './default-week.ts';

export interface OutliersDeps {
  readonly engine: QueryEngine;
  readonly warehouse: Warehouse;
  readonly catalog?: SqlCatalog;
}

export interface OutliersOptions {
  /** Only this workflow. */
  readonly workflow?: string;
  /** ISO week (YYYY-Www); default the week of the latest published day. */
  readonly week?: string;
  /** Units per week, environment, application, workflow and currency. @default 5 */
  readonly top?: number;
}

export interface Outliers {
  /** The week shown; null when nothing is published yet. */
  readonly week: string | null;
  readonly rows: readonly CostOutlierRow[];
  /** The rows as a text table for a terminal. */
  readonly text: string;
}

/**
 * `ai-unit-economics outliers [--workflow W] [--week W] [--top N]`: the costliest units of
 * a week per workflow, with their diagnostics and ratio to the workflow's median unit.
 */
export async function outliers(deps: OutliersDeps, options: OutliersOptions = {}): Promise<Outliers> {
  const top = options.top ?? 5;
  if (!Number.isInteger(top) || top < 1 || top > 1000) {
    throw new InvalidInputError(`--top ${top} must be a whole number from 1 to 1000`);
  }
  if (options.week !== undefined && !IsoWeek.safeParse(options.week).success) {
    throw new InvalidInputError(`--week "${options.week}" must be an ISO week such as 2026-W20`);
  }
  const runner = new SqlRunner(deps.engine, deps.catalog ?? (await loadSqlCatalog()), deps.warehouse);
  // compute creates the view; again here (idempotent) for a warehouse computed before it existed.
  await runner.create(['v_cost_outliers']);
  const week = options.week ?? (await defaultWeek(runner));
  const title = `Costliest units, ISO week ${week ?? '-'}${options.workflow ? `, workflow ${options.workflow}` : ''} (top ${top})`;
  if (week === null) return { week, rows: [], text: formatOutliersTable([], title) };
  const rows = (
    await runner.query(
      'cost_outliers_top',
      { max_rank: top, week_from: week, week_to: week },
      CostOutlierRowSchema,
    )
  ).filter((row) => options.workflow === undefined || row.workflow === options.workflow);
  return { week, rows, text: formatOutliersTable(rows, title) };
}
