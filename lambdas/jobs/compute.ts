import { z } from 'zod';
import { InvalidInputError } from '../domain/errors.ts';
import type { LocatedPriceRow } from '../domain/price-book.ts';
import { pricePerToken } from '../domain/price-per-token.ts';
import { DEFAULT_OUTCOME_CLASSES, type Settings } from '../domain/settings.ts';
import type { Clock } from '../ports/clock.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import type { QueryEngine } from '../ports/query-engine.ts';
import { loadSqlCatalog, type SqlCatalog } from '../sql/sql-catalog.ts';
import { type NamedParams, type RecordedQuery, SqlRunner } from '../sql/sql-runner.ts';
import type { Warehouse } from '../sql/warehouse.ts';
import { addDays, dayRanges, findPendingMerge, type RawKind, saveCheckpoint } from './compute-partitions.ts';
import { loadPriceBook, loadSettings } from './load-config.ts';
import { provisionalRunId, publishableRunId } from './run-id.ts';
import { runFailure, writeRunRecord } from './run-record.ts';

/**
 * The compute job (DESIGN §2, §4, §7): merge the raw partitions landed since the last
 * run into the curated requests and outcomes, price every request of the recompute
 * window, cost its business units, classify their outcomes as of `asOf`, and publish the
 * window's results.
 *
 * Publishing is one statement. Every results row carries the run id that wrote it, and
 * the views show a day's rows only for the run `result_days` names for that day. The job
 * writes all its rows first (invisible), then switches the window's days to its run id
 * in a single MERGE: one transaction on DuckDB and one Iceberg commit on Athena, so
 * readers see either the previous window or the whole new one, never half of it, and a
 * run that fails before the switch leaves the previous results untouched. Rows of older
 * runs are deleted after the switch.
 */
export interface ComputeDeps {
  readonly store: ObjectStore;
  readonly engine: QueryEngine;
  readonly clock: Clock;
  readonly warehouse: Warehouse;
  /** The statements under `sql/`; loaded from the repository when omitted. */
  readonly catalog?: SqlCatalog;
}

export interface ComputeOptions {
  /** Outcomes (and requests) later than this are not known yet. */
  readonly asOf: Date;
  /** First day (YYYY-MM-DD, UTC) to recompute; default `to` minus the settings' window plus one. */
  readonly from?: string;
  /** Last day to recompute; default the UTC day of `asOf`. */
  readonly to?: string;
}

export interface ComputeRunRecord {
  readonly job: 'compute';
  readonly run_id: string;
  readonly status: 'succeeded' | 'failed';
  readonly started_at: string;
  readonly finished_at: string;
  readonly as_of: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly merged: {
    readonly first_run: boolean;
    readonly land_runs: readonly string[];
    readonly partitions: readonly { readonly kind: RawKind; readonly dt: string }[];
    readonly unreadable_land_runs: readonly string[];
  };
  readonly rows: Readonly<Record<string, number>>;
  /** Failing rows per check (zero rows pass). */
  readonly checks: Readonly<Record<string, number>>;
  readonly queries: readonly RecordedQuery[];
  readonly error?: { readonly name: string; readonly message: string };
}

export const COMPUTE_RUNS_PREFIX = 'state/runs/compute/';
const DEFAULT_WINDOW_DAYS = 35;

/** The relations every run needs, created (if missing) in dependency order. */
const STORAGE = [
  'requests',
  'outcomes',
  'unit_first_requests',
  'prices',
  'unit_type_settings',
  'unit_costs',
  'unit_economics_daily',
  'result_days',
  'v_request_costs',
  'v_unit_costs',
  'v_unit_economics_daily',
  'v_unit_economics_weekly',
  'v_cost_outliers',
  'v_alerts',
] as const;

const MERGES: Record<RawKind, { readonly staging: string; readonly merges: readonly string[] }> = {
  events: {
    staging: 'stg_raw__cost_events',
    merges: ['int_requests__merged', 'int_unit_first_requests__merged'],
  },
  outcomes: { staging: 'stg_raw__outcomes', merges: ['int_outcomes__merged'] },
};

/**
 * On DuckDB each merge runs as an update of the rows already curated, then an insert of the
 * new ones, which leave the rows the MERGE leaves: DuckDB's MERGE writes row by row and the
 * window that ranks landed copies carries every column, several times the cost of reading
 * the landed files (each statement says how). Athena runs the MERGE, one Iceberg commit.
 */
const DUCKDB_MERGES: Readonly<Record<string, readonly string[]>> = {
  int_requests__merged: ['requests__landed_updated', 'requests__landed_inserted'],
  int_unit_first_requests__merged: ['unit_first_requests__updated', 'unit_first_requests__inserted'],
  int_outcomes__merged: ['outcomes__landed_updated', 'outcomes__landed_inserted'],
};

const Count = z
  .string()
  .regex(/^\d+$/)
  .transform((value) => Number.parseInt(value, 10));
const CountRow = z.object({ requests: Count, unit_costs: Count, unit_economics_daily: Count });
const AnyRow = z.record(z.string(), z.string().nullable());
const RunIdRow = z.object({ run_id: z.string().nullable() });

export async function runCompute(deps: ComputeDeps, options: ComputeOptions): Promise<ComputeRunRecord> {
  const startedAt = deps.clock.now();
  const catalog = deps.catalog ?? (await loadSqlCatalog());
  const runner = new SqlRunner(deps.engine, catalog, deps.warehouse);
  // Validates the options before anything runs; the window is recomputed once settings are read.
  const window = recomputeWindow(options, DEFAULT_WINDOW_DAYS);
  const asOf = options.asOf.toISOString();
  let runId = provisionalRunId(startedAt);
  const progress: Mutable<Omit<ComputeRunRecord, 'status' | 'finished_at' | 'queries' | 'error'>> = {
    job: 'compute',
    run_id: runId,
    started_at: startedAt.toISOString(),
    as_of: asOf,
    window,
    merged: { first_run: false, land_runs: [], partitions: [], unreadable_land_runs: [] },
    rows: {},
    checks: {},
  };
  try {
    const settings = await loadSettings(deps.store);
    const priceBook = await loadPriceBook(deps.store);
    progress.window = recomputeWindow(options, settings.recompute_window_days);
    const { from, to } = progress.window;
    const horizon = maxDay(to, asOf.slice(0, 10));

    await runner.create(STORAGE);
    const [latest] = await runner.query('int_run__latest_published', {}, RunIdRow);
    runId = publishableRunId(runId, latest?.run_id ?? null);
    progress.run_id = runId;

    progress.merged = await mergeNewPartitions(deps.store, runner);

    if (deps.warehouse.dialect === 'duckdb') await loadPrices(runner, priceBook);
    await storeUnitTypeSettings(runner, runId, settings);

    await runner.execute('int_units__costed', {
      run_id: runId,
      day_from: from,
      day_to: horizon,
      request_as_of: asOf,
      cohort_from: from,
      cohort_to: to,
      outcome_day_from: from,
      outcome_day_to: horizon,
      outcome_as_of: asOf,
      settings_run_id: runId,
      reopen_as_of: asOf,
      price_book_currencies: new Set(priceBook.map(({ row }) => row.currency)).size,
      latest_day_from: from,
      latest_day_to: horizon,
      latest_as_of: asOf,
    });
    await runner.execute('int_unit_economics__daily', {
      run_id: runId,
      unit_run_id: runId,
      cohort_from: from,
      cohort_to: to,
      day_from: from,
      day_to: to,
      as_of: asOf,
    });
    const [counts] = await runner.query(
      'int_run__row_counts',
      {
        day_from: from,
        day_to: to,
        as_of: asOf,
        unit_run_id: runId,
        cohort_from: from,
        cohort_to: to,
        daily_run_id: runId,
        window_from: from,
        window_to: to,
      },
      CountRow,
    );
    progress.rows = counts ?? {};

    await runner.execute('int_result_days__switched', {
      window_from: from,
      window_to: to,
      run_id: runId,
      as_of: asOf,
    });
    for (const table of ['int_unit_costs__pruned', 'int_unit_economics_daily__pruned']) {
      await runner.execute(table, { day_from: from, day_to: to, run_id: runId });
    }
    await runner.execute('int_unit_type_settings__pruned', { run_id: runId });

    const checks: Record<string, number> = {};
    for (const check of ['assert_units_single_tenant', 'assert_units_single_currency']) {
      checks[check] = (await runner.query(check, { day_from: from, day_to: to }, AnyRow)).length;
    }
    const mergedDays = progress.merged.partitions.filter((p) => p.kind === 'events').map((p) => p.dt);
    if (mergedDays.length > 0) {
      const merged = { merged_from: mergedDays[0] as string, merged_to: mergedDays.at(-1) as string };
      const checked = {
        day_from: minDay(from, merged.merged_from),
        day_to: maxDay(horizon, merged.merged_to),
      };
      // Looking the merged days' ids up took a quarter of the time of grouping every checked id when one
      // day of 36 was merged, and 1.8 times as long when all were (10M requests); a line through those two
      // points breaks even at about half.
      const lookUp =
        2 * dayCount(merged.merged_from, merged.merged_to) < dayCount(checked.day_from, checked.day_to);
      const params = { ...merged, ...checked, look_up_merged_ids: lookUp };
      checks.assert_requests_unique = (await runner.query('assert_requests_unique', params, AnyRow)).length;
    }
    progress.checks = checks;

    const record: ComputeRunRecord = {
      ...progress,
      status: 'succeeded',
      finished_at: deps.clock.now().toISOString(),
      queries: runner.recorded,
    };
    await writeRunRecord(deps.store, COMPUTE_RUNS_PREFIX, record);
    return record;
  } catch (error) {
    const record: ComputeRunRecord = {
      ...progress,
      status: 'failed',
      finished_at: deps.clock.now().toISOString(),
      queries: runner.recorded,
      error: runFailure(error),
    };
    await writeRunRecord(deps.store, COMPUTE_RUNS_PREFIX, record).catch(() => undefined);
    throw error;
  }
}

/** The days to recompute: `from`..`to`, defaulting to the `windowDays` days up to `asOf`'s UTC day. */
export function recomputeWindow(options: ComputeOptions, windowDays: number): { from: string; to: string } {
  for (const [flag, value] of [
    ['--from', options.from],
    ['--to', options.to],
  ] as const) {
    if (value !== undefined && !isDay(value)) {
      throw new InvalidInputError(`${flag} "${value}" must be a date as YYYY-MM-DD`);
    }
  }
  if (Number.isNaN(options.asOf.getTime()))
    throw new InvalidInputError('--as-of must be a valid ISO 8601 timestamp');
  const to = options.to ?? options.asOf.toISOString().slice(0, 10);
  const from = options.from ?? addDays(to, -(windowDays - 1));
  if (from > to) throw new InvalidInputError(`--from ${from} must not be after --to ${to}`);
  return { from, to };
}

async function mergeNewPartitions(
  store: ObjectStore,
  runner: SqlRunner,
): Promise<ComputeRunRecord['merged']> {
  const pending = await findPendingMerge(store);
  for (const kind of ['events', 'outcomes'] as const) {
    const days = pending.partitions
      .filter((partition) => partition.kind === kind)
      .map((partition) => partition.dt);
    if (days.length === 0) continue;
    const { staging, merges } = MERGES[kind];
    // The raw bindings are created only when there is something to read: DuckDB cannot
    // bind a view over a folder that holds no file yet.
    await runner.create([staging]);
    for (const range of dayRanges(days)) {
      for (const merge of merges) {
        const params: NamedParams =
          merge === 'int_unit_first_requests__merged'
            ? { day_from: range.from, day_to: range.to }
            : { dt_from: range.from, dt_to: range.to };
        const statements = (runner.warehouse.dialect === 'duckdb' && DUCKDB_MERGES[merge]) || [merge];
        for (const statement of statements) await runner.execute(statement, params);
      }
    }
  }
  await saveCheckpoint(store, pending.mergedLandRuns);
  return {
    first_run: pending.firstRun,
    land_runs: pending.newLandRuns,
    partitions: pending.partitions,
    unreadable_land_runs: pending.unreadableLandRuns,
  };
}

/** Replaces the local (DuckDB) price table with the validated price book; reconcile reuses it. */
export async function loadPrices(runner: SqlRunner, priceBook: readonly LocatedPriceRow[]): Promise<void> {
  await runner.execute('prices__reset');
  for (const { row } of priceBook) {
    await runner.execute('prices__insert', {
      provider: row.provider,
      model_or_deployment: row.model_or_deployment,
      billing_category: row.billing_category,
      token_type: row.token_type,
      unit_tokens: String(row.unit_tokens),
      price: row.price,
      price_per_token: pricePerToken(row.price, row.unit_tokens),
      currency: row.currency,
      effective_from: row.effective_from,
      effective_to: row.effective_to,
      pricing_source: row.pricing_source,
      contract_ref: row.contract_ref,
    });
  }
}

async function storeUnitTypeSettings(runner: SqlRunner, runId: string, settings: Settings): Promise<void> {
  const rows: {
    unitType: string | null;
    classes: Record<'success' | 'failure' | 'pending', readonly string[]>;
  }[] = [
    { unitType: null, classes: DEFAULT_OUTCOME_CLASSES },
    ...Object.entries(settings.unit_types).map(([unitType, config]) => ({
      unitType,
      classes: config.outcome_classes,
    })),
  ];
  for (const { unitType, classes } of rows) {
    const reopenWindowDays =
      unitType === null ? undefined : settings.unit_types[unitType]?.reopen_window_days;
    await runner.execute('int_unit_type_settings__inserted', {
      run_id: runId,
      unit_type: unitType,
      success_outcomes: classes.success.join(','),
      failure_outcomes: classes.failure.join(','),
      pending_outcomes: classes.pending.join(','),
      reopen_window_days: reopenWindowDays === undefined ? null : String(reopenWindowDays),
    });
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}

/** How many days `first`..`last` (YYYY-MM-DD, inclusive) hold. */
function dayCount(first: string, last: string): number {
  return (Date.parse(last) - Date.parse(first)) / 86_400_000 + 1;
}
