import { type DashboardRow, DashboardRowSchema, IsoWeek } from '../domain/dashboard.ts';
import { InvalidInputError } from '../domain/errors.ts';
import type { QueryEngine } from '../ports/query-engine.ts';
import { loadSqlCatalog, type SqlCatalog } from '../sql/sql-catalog.ts';
import { SqlRunner } from '../sql/sql-runner.ts';
import type { Warehouse } from '../sql/warehouse.ts';
import { defaultWeek } from './default-week.ts';

export interface DashboardDeps {
  readonly engine: QueryEngine;
  readonly warehouse: Warehouse;
  readonly catalog?: SqlCatalog;
}

export interface Dashboard {
  /** The ISO week shown; null when nothing is published yet. */
  readonly week: string | null;
  readonly rows: readonly DashboardRow[];
}

/**
 * The dashboard's rows for an ISO week (`YYYY-Www`), by default the last complete one
 * (default-week.ts). Format them with `formatDashboardTable`.
 */
export async function loadDashboard(
  deps: DashboardDeps,
  options: { readonly week?: string } = {},
): Promise<Dashboard> {
  if (options.week !== undefined && !IsoWeek.safeParse(options.week).success) {
    throw new InvalidInputError(`--week "${options.week}" must be an ISO week such as 2026-W20`);
  }
  const runner = new SqlRunner(deps.engine, deps.catalog ?? (await loadSqlCatalog()), deps.warehouse);
  const week = options.week ?? (await defaultWeek(runner));
  if (week === null) return { week: null, rows: [] };
  const rows = await runner.query('dashboard_week', { week }, DashboardRowSchema);
  return { week, rows };
}
