import { z } from 'zod';
import { CostOutlierRowSchema } from '../domain/cost-outliers.ts';
import { AppError } from '../domain/errors.ts';
import { renderReport } from '../domain/report/render-report.ts';
import {
  headlineWeek,
  type Loaded,
  type ReportInput,
  type TextRow,
  WeeklyRowSchema,
} from '../domain/report/report-input.ts';
import type { Clock } from '../ports/clock.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import type { QueryEngine, RawRow } from '../ports/query-engine.ts';
import { loadSqlCatalog, type SqlCatalog } from '../sql/sql-catalog.ts';
import { SqlRunner } from '../sql/sql-runner.ts';
import type { Warehouse } from '../sql/warehouse.ts';
import { exportView } from './export-view.ts';
import { runJoinValidation } from './join-validation.ts';
import { loadSettings } from './load-config.ts';

export interface ReportDeps {
  readonly store: ObjectStore;
  readonly engine: QueryEngine;
  readonly warehouse: Warehouse;
  readonly clock: Clock;
  readonly catalog?: SqlCatalog;
}

export interface ReportOptions {
  /** The run's as-of instant: the report is dated by its UTC day. @default the clock's now */
  readonly asOf?: Date;
}

export interface ReportResult {
  /** `reports/<YYYY-MM-DD>/index.html` */
  readonly key: string;
  /** `reports/latest.html`, the same bytes. */
  readonly latestKey: string;
  readonly week: string | null;
  readonly bytes: number;
  /** Which optional sections had data, and why the others did not. */
  readonly sections: Readonly<
    Record<'alerts' | 'reconciliation' | 'completeness' | 'join_validation', string>
  >;
}

export const REPORTS_PREFIX = 'reports/';
export const LATEST_REPORT_KEY = `${REPORTS_PREFIX}latest.html`;

/** Views read when they exist; the identifiers are these constants, never input. */
const OPTIONAL_VIEWS = {
  reconciliation: 'v_reconciliation',
  completeness: 'v_data_completeness',
} as const;

const AnyRow = z.record(z.string(), z.string().nullable()) as z.ZodType<RawRow, RawRow>;
const PublishedRow = z.object({ first_day: z.string().nullable(), last_day: z.string().nullable() });
const OUTLIERS_PER_WORKFLOW = 3;

/**
 * The report job (`ai-unit-economics report`; the compute Lambda in AWS): reads the
 * finance views, renders one self-contained HTML page and writes it to
 * `reports/<as-of day>/index.html` and `reports/latest.html`. Sections whose views do not
 * exist yet (reconciliation, data completeness, alerts before the first alert run) say
 * "not available yet" and fill in once they do.
 */
export async function runReport(deps: ReportDeps, options: ReportOptions = {}): Promise<ReportResult> {
  const asOf = options.asOf ?? deps.clock.now();
  const catalog = deps.catalog ?? (await loadSqlCatalog());
  const runner = new SqlRunner(deps.engine, catalog, deps.warehouse);
  const settings = await loadSettings(deps.store);
  // compute creates the view; again here (idempotent) for a warehouse computed before it existed.
  await runner.create(['v_cost_outliers']);

  const weekly = z
    .array(WeeklyRowSchema)
    .parse(JSON.parse(await exportView(deps.engine, 'v_unit_economics_weekly', 'json')));
  const [published] = await runner.query('published_days_range', {}, PublishedRow);
  const publishedFrom = published?.first_day ?? null;
  const publishedThrough = published?.last_day ?? null;
  const week = headlineWeek(
    weekly.map((row) => row.week),
    publishedThrough,
  );
  const outliers =
    week === null
      ? []
      : await runner.query(
          'cost_outliers_top',
          { max_rank: OUTLIERS_PER_WORKFLOW, week_from: week, week_to: week },
          CostOutlierRowSchema,
        );

  const alerts = await load(
    () => runner.query('report_open_alerts', {}, AnyRow),
    'the alert job has not run on this lake yet.',
  );
  const reconciliation = await load(
    () => readView(deps.engine, OPTIONAL_VIEWS.reconciliation),
    'the reconcile job has not built v_reconciliation on this lake; this section fills in once it has run.',
  );
  const completeness = await load(
    () => readView(deps.engine, OPTIONAL_VIEWS.completeness),
    'v_data_completeness has not been built on this lake; this section fills in once it exists.',
  );
  const joinValidation = await load(
    () => runJoinValidation({ engine: deps.engine, warehouse: deps.warehouse, catalog }, settings, { asOf }),
    'nothing is published yet: run `compute` first.',
  );

  const input: ReportInput = {
    asOf: asOf.toISOString(),
    publishedFrom,
    publishedThrough,
    weekly,
    week,
    outliers,
    alerts,
    reconciliation,
    completeness,
    joinValidation,
  };
  const page = renderReport(input);
  const key = `${REPORTS_PREFIX}${asOf.toISOString().slice(0, 10)}/index.html`;
  const putOptions = { contentType: 'text/html; charset=utf-8' };
  await deps.store.put(key, page, putOptions);
  await deps.store.put(LATEST_REPORT_KEY, page, putOptions);
  return {
    key,
    latestKey: LATEST_REPORT_KEY,
    week,
    bytes: new TextEncoder().encode(page).length,
    sections: {
      alerts: describe(alerts),
      reconciliation: describe(reconciliation),
      completeness: describe(completeness),
      join_validation: describe(joinValidation),
    },
  };
}

async function readView(engine: QueryEngine, view: string): Promise<TextRow[]> {
  return (await engine.query(`select * from ${view}`, [], AnyRow)).rows;
}

/** A relation that is not there yet is "not available"; any other failure is shown as such. */
async function load<T>(read: () => Promise<T>, reason: string): Promise<Loaded<T>> {
  try {
    return { state: 'available', value: await read() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isMissingRelation(error)) return { state: 'not_available', reason };
    return { state: 'failed', message };
  }
}

function isMissingRelation(error: unknown): boolean {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    // DuckDB: "Catalog Error: Table with name x does not exist"; Athena: TABLE_NOT_FOUND, "does not exist".
    if (/does not exist|TABLE_NOT_FOUND|SCHEMA_NOT_FOUND/i.test(message)) return true;
    if (!(cause instanceof AppError) && !(cause instanceof Error && 'cause' in cause)) break;
  }
  return false;
}

function describe(section: Loaded<unknown>): string {
  if (section.state === 'available') return 'available';
  return section.state === 'not_available'
    ? `not available: ${section.reason}`
    : `failed: ${section.message}`;
}
