import { z } from 'zod';
import {
  type FailingRow,
  JOIN_CHECKS,
  type JoinCheckResult,
  type JoinValidation,
  RequestsPerUnitRowSchema,
  SAMPLE_ROWS,
  type UnitTypeLimits,
  unitTypeLimits,
} from '../domain/join-validation.ts';
import type { Settings } from '../domain/settings.ts';
import type { QueryEngine, RawRow } from '../ports/query-engine.ts';
import { loadSqlCatalog, type SqlCatalog } from '../sql/sql-catalog.ts';
import { type NamedParams, SqlRunner } from '../sql/sql-runner.ts';
import type { Warehouse } from '../sql/warehouse.ts';
import { recomputeWindow } from './compute.ts';

export interface JoinValidationDeps {
  readonly engine: QueryEngine;
  readonly warehouse: Warehouse;
  readonly catalog?: SqlCatalog;
}

export interface JoinValidationOptions {
  /** Judge horizons as of this instant (the run's --as-of). */
  readonly asOf: Date;
  /** First cohort day (YYYY-MM-DD); default the settings' recompute window before `to`. */
  readonly from?: string;
  /** Last cohort day; default the UTC day of `asOf`. */
  readonly to?: string;
}

const AnyRow = z.record(z.string(), z.string().nullable()) as z.ZodType<RawRow, RawRow>;
const UnitTypeRow = z.object({ unit_type: z.string() });

/**
 * Runs the join-validation checks on the published results (for `doctor` and the report):
 * the per-unit-type checks once for each unit type published in the window, with that
 * type's limits from the settings, and the requests-per-unit distribution.
 */
export async function runJoinValidation(
  deps: JoinValidationDeps,
  settings: Settings,
  options: JoinValidationOptions,
): Promise<JoinValidation> {
  const runner = new SqlRunner(deps.engine, deps.catalog ?? (await loadSqlCatalog()), deps.warehouse);
  const window = recomputeWindow(options, settings.recompute_window_days);
  const days = { day_from: window.from, day_to: window.to };
  const asOf = options.asOf.toISOString();

  const unitTypes = (await runner.query('join_unit_types', days, UnitTypeRow)).map((row) => row.unit_type);
  const limits: Record<string, UnitTypeLimits> = {};
  for (const unitType of unitTypes) limits[unitType] = unitTypeLimits(settings, unitType);

  const checks: JoinCheckResult[] = [];
  for (const check of JOIN_CHECKS) {
    const runs: NamedParams[] = check.perUnitType
      ? unitTypes.map((unitType) => {
          const limit = limits[unitType] as UnitTypeLimits;
          return {
            ...days,
            unit_type: unitType,
            max_pending_days: limit.pendingHorizonDays,
            max_span_days: limit.maxUnitSpanDays,
            as_of: asOf,
          };
        })
      : [days];
    const failing: FailingRow[] = [];
    for (const params of runs) {
      const statement = runner.statement(check.statement);
      const bound = Object.fromEntries(statement.params.map((name) => [name, params[name] ?? null]));
      failing.push(...(await runner.query(check.statement, bound, AnyRow)));
    }
    checks.push({
      id: check.id,
      statement: check.statement,
      title: check.title,
      explains: check.explains,
      status: failing.length === 0 ? 'pass' : 'warn',
      failing: failing.length,
      sample: failing.slice(0, SAMPLE_ROWS),
    });
  }

  const requestsPerUnit = await runner.query('requests_per_unit_by_workflow', days, RequestsPerUnitRowSchema);
  return { window, asOf, limits, checks, requestsPerUnit };
}
