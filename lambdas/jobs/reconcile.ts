import { z } from 'zod';
import {
  type ReconciliationRow,
  type ReconciliationScope,
  type ReconciliationStatus,
  reconciliationScope,
  V_RECONCILIATION,
  viewRowSchema,
} from '../domain/reconciliation.ts';
import type { Settings } from '../domain/settings.ts';
import type { Clock } from '../ports/clock.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import type { QueryEngine } from '../ports/query-engine.ts';
import { loadSqlCatalog, type SqlCatalog } from '../sql/sql-catalog.ts';
import { type RecordedQuery, SqlRunner } from '../sql/sql-runner.ts';
import type { Warehouse } from '../sql/warehouse.ts';
import { loadPrices } from './compute.ts';
import { loadPriceBook, loadSettings } from './load-config.ts';
import { type LocalRawFiles, refreshLocalRawCopies } from './local-raw-copies.ts';
import { provisionalRunId, publishableRunId } from './run-id.ts';
import { runFailure, writeRunRecord } from './run-record.ts';

/**
 * The reconcile job (DESIGN §2, §7 `v_reconciliation`): compares the estimates of the
 * curated, priced requests with the billing evidence, per billing period, provider,
 * account, model/SKU and currency, and publishes the result.
 *
 * It reads what `land` and `compute` left: the billing lines land normalized, the AWS
 * CUR read in place (on DuckDB both first copied into local tables, see
 * local-raw-copies.ts), and the curated
 * requests compute merged (run it after compute; `run` does). Publishing is one
 * statement, as in compute: the run writes its rows under its run id, then switches its
 * billing periods to it in one MERGE, and deletes older runs' rows. A run that fails
 * before the switch leaves the previous results visible; running it twice gives the
 * same rows.
 */
export interface ReconcileDeps {
  readonly store: ObjectStore;
  readonly engine: QueryEngine;
  readonly clock: Clock;
  readonly warehouse: Warehouse;
  /** The statements under `sql/`; loaded from the repository when omitted. */
  readonly catalog?: SqlCatalog;
}

export interface ReconcileOptions {
  /** Periods not closed at this instant are `period_open`; the default periods end with its month. */
  readonly asOf: Date;
  /** One billing period (YYYY-MM); default the settings' lookback ending with the as-of month. */
  readonly period?: string;
}

export interface ReconcileRunRecord {
  readonly job: 'reconcile';
  readonly run_id: string;
  readonly status: 'succeeded' | 'failed';
  readonly started_at: string;
  readonly finished_at: string;
  readonly as_of: string;
  readonly periods: readonly string[];
  readonly open_period_from: string | null;
  /** On DuckDB, the files each local raw copy was loaded from (billing lines, usage records, CUR); null on Athena. */
  readonly raw_files: LocalRawFiles | null;
  /** Published rows per status. */
  readonly statuses: Readonly<Partial<Record<ReconciliationStatus, number>>>;
  readonly rows: number;
  readonly queries: readonly RecordedQuery[];
  readonly error?: { readonly name: string; readonly message: string };
}

export const RECONCILE_RUNS_PREFIX = 'state/runs/reconcile/';

const STORAGE = [
  'requests',
  'prices',
  'raw_cur_legacy',
  'raw_cur2',
  'reconciliation',
  'reconciliation_periods',
  'reconciliation_thresholds',
  'reconciliation_billing_names',
  'v_billing_lines',
  'v_reconciliation',
  // Not reconcile's own, but created here so every pipeline run (land, compute, reconcile) has it.
  'v_data_completeness',
] as const;

const RunIdRow = z.object({ run_id: z.string().nullable() });
const StatusCountRow = z.object({
  status: z.string(),
  row_count: z
    .string()
    .regex(/^\d+$/)
    .transform((value) => Number.parseInt(value, 10)),
});

export async function runReconcile(
  deps: ReconcileDeps,
  options: ReconcileOptions,
): Promise<ReconcileRunRecord> {
  const startedAt = deps.clock.now();
  const catalog = deps.catalog ?? (await loadSqlCatalog());
  const runner = new SqlRunner(deps.engine, catalog, deps.warehouse);
  let progress: Omit<ReconcileRunRecord, 'status' | 'finished_at' | 'queries' | 'error'> = {
    job: 'reconcile',
    run_id: provisionalRunId(startedAt),
    started_at: startedAt.toISOString(),
    as_of: Number.isNaN(options.asOf.getTime()) ? String(options.asOf) : options.asOf.toISOString(),
    periods: [],
    open_period_from: null,
    raw_files: null,
    statuses: {},
    rows: 0,
  };
  try {
    const settings = await loadSettings(deps.store);
    const scope = reconciliationScope(options.asOf, settings.reconciliation, options.period);
    progress = { ...progress, periods: scope.periods, open_period_from: scope.openPeriodFrom };

    await runner.create(STORAGE);
    const [latest] = await runner.query('int_reconciliation_run__latest_published', {}, RunIdRow);
    const runId = publishableRunId(progress.run_id, latest?.run_id ?? null);
    progress = { ...progress, run_id: runId };

    if (deps.warehouse.dialect === 'duckdb') {
      await loadPrices(runner, await loadPriceBook(deps.store));
      progress = { ...progress, raw_files: await refreshLocalRawCopies(deps.store, runner) };
    }
    await storeThresholds(runner, runId, settings.reconciliation);
    await storeBillingNames(runner, runId, settings.reconciliation.bedrock_billing_names);
    await computeReconciliation(runner, runId, options.asOf.toISOString(), scope);
    await publish(runner, runId, options.asOf.toISOString(), scope);

    const counts = await runner.query(
      'reconciliation_status_counts',
      { period_from: scope.periodFrom, period_to: scope.periodTo },
      StatusCountRow,
    );
    const statuses = Object.fromEntries(counts.map((count) => [count.status, count.row_count]));
    progress = { ...progress, statuses, rows: counts.reduce((sum, count) => sum + count.row_count, 0) };

    const record: ReconcileRunRecord = {
      ...progress,
      status: 'succeeded',
      finished_at: deps.clock.now().toISOString(),
      queries: runner.recorded,
    };
    await writeRunRecord(deps.store, RECONCILE_RUNS_PREFIX, record);
    return record;
  } catch (error) {
    const record: ReconcileRunRecord = {
      ...progress,
      status: 'failed',
      finished_at: deps.clock.now().toISOString(),
      queries: runner.recorded,
      error: runFailure(error),
    };
    await writeRunRecord(deps.store, RECONCILE_RUNS_PREFIX, record).catch(() => undefined);
    throw error;
  }
}

/**
 * The published v_reconciliation rows of billing periods `from`..`to` (YYYY-MM), in the
 * view's order, decoded (exact decimal strings, ISO timestamps): what the CLI prints.
 */
export async function readReconciliation(
  deps: Pick<ReconcileDeps, 'engine' | 'warehouse' | 'catalog'>,
  periods: { readonly from: string; readonly to: string },
): Promise<ReconciliationRow[]> {
  const runner = new SqlRunner(deps.engine, deps.catalog ?? (await loadSqlCatalog()), deps.warehouse);
  await runner.create(['v_reconciliation']);
  return runner.query(
    'reconciliation_rows',
    { period_from: periods.from, period_to: periods.to },
    viewRowSchema(V_RECONCILIATION),
  );
}

/** The default threshold as provider '*', then each provider's override. */
async function storeThresholds(
  runner: SqlRunner,
  runId: string,
  settings: Settings['reconciliation'],
): Promise<void> {
  const thresholds: [string, number][] = [
    ['*', settings.threshold],
    ...Object.entries(settings.providers).map(([provider, value]): [string, number] => [
      provider,
      value.threshold,
    ]),
  ];
  for (const [provider, threshold] of thresholds) {
    await runner.execute('int_reconciliation_thresholds__inserted', { run_id: runId, provider, threshold });
  }
}

/**
 * The Bedrock billing names and their model ids, in one statement (one Iceberg commit on
 * Athena): one line per pair, name and id separated by a tab, which the settings schema
 * keeps out of both.
 */
async function storeBillingNames(
  runner: SqlRunner,
  runId: string,
  billingNames: Settings['reconciliation']['bedrock_billing_names'],
): Promise<void> {
  const pairs = Object.entries(billingNames).flatMap(([name, modelIds]) =>
    modelIds.map((modelId) => `${name}\t${modelId}`),
  );
  if (pairs.length === 0) return;
  await runner.execute('int_reconciliation_billing_names__inserted', {
    run_id: runId,
    provider: 'bedrock',
    billing_names: pairs.join('\n'),
  });
}

async function computeReconciliation(
  runner: SqlRunner,
  runId: string,
  asOf: string,
  scope: ReconciliationScope,
): Promise<void> {
  await runner.execute('int_reconciliation__computed', {
    run_id: runId,
    as_of: asOf,
    dt_from: scope.dtFrom,
    dt_to: scope.dtTo,
    period_from: scope.periodFrom,
    period_to: scope.periodTo,
    day_from: scope.dayFrom,
    day_to: scope.dayTo,
    threshold_run_id: runId,
    billing_names_run_id: runId,
    open_period_from: scope.openPeriodFrom,
  });
}

async function publish(
  runner: SqlRunner,
  runId: string,
  asOf: string,
  scope: ReconciliationScope,
): Promise<void> {
  await runner.execute('int_reconciliation_periods__switched', {
    run_id: runId,
    as_of: asOf,
    day_from: scope.dayFrom,
    day_to: scope.dayTo,
  });
  await runner.execute('int_reconciliation__pruned', {
    period_from: scope.periodFrom,
    period_to: scope.periodTo,
    run_id: runId,
  });
  await runner.execute('int_reconciliation_thresholds__pruned', { run_id: runId });
  await runner.execute('int_reconciliation_billing_names__pruned', { run_id: runId });
}
