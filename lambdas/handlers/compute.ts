import { AthenaClient } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { AthenaQueryEngine } from '../adapters/athena/athena-query-engine.ts';
import { S3ObjectStore } from '../adapters/s3/s3-object-store.ts';
import { parseHandlerEnv } from '../config/handler-env.ts';
import { type ComputeRunRecord, recomputeWindow, runCompute } from '../jobs/compute.ts';
import { type ReportResult, runReport } from '../jobs/report.ts';
import { systemClock } from '../ports/clock.ts';
import { loadSqlCatalog, type SqlCatalog } from '../sql/sql-catalog.ts';
import { athenaWarehouse } from '../sql/warehouse.ts';
import { scheduledJobHandler } from './scheduled-job.ts';

// Composed once per cold start, reused by every invocation of this container.
const env = parseHandlerEnv(process.env, [
  'bucket',
  'database',
  'workGroup',
  'recomputeWindowDays',
  'sqlDir',
]);
const deps = {
  store: new S3ObjectStore({ client: new S3Client({}), bucket: env.bucket }),
  engine: new AthenaQueryEngine({
    client: new AthenaClient({}),
    workGroup: env.workGroup,
    database: env.database,
  }),
  warehouse: athenaWarehouse(env.bucket),
  clock: systemClock,
};
let catalog: Promise<SqlCatalog> | undefined;

export type ComputeSummary = ComputeRunRecord & { readonly report: ReportResult };

/**
 * The daily `compute` job, then the report on what it published (lambdas/jobs/compute.ts,
 * report.ts). As of the scheduled time, so a retry computes the same thing; the window is
 * the deployment's recompute window up to that day, or `{"from", "to"}` to recompute a range.
 * A compute run that fails throws before the report, leaving the previous results and report.
 */
export const handler = scheduledJobHandler<ComputeSummary>({
  job: 'compute',
  run: async ({ scheduledTime, from, to }) => {
    catalog ??= loadSqlCatalog(env.sqlDir);
    const withCatalog = { ...deps, catalog: await catalog };
    const asOf = scheduledTime ? new Date(scheduledTime) : systemClock.now();
    const window = recomputeWindow({ asOf, from, to }, env.recomputeWindowDays);
    const record = await runCompute(withCatalog, { asOf, ...window });
    return { ...record, report: await runReport(withCatalog, { asOf }) };
  },
  logFields: (summary) => ({
    runId: summary.run_id,
    window: summary.window,
    merged: { landRuns: summary.merged.land_runs.length, partitions: summary.merged.partitions.length },
    unreadableLandRuns: summary.merged.unreadable_land_runs,
    rows: summary.rows,
    checks: summary.checks,
    athenaBytesScanned: summary.queries.reduce((total, query) => total + (query.bytes_scanned ?? 0), 0),
    report: summary.report,
  }),
  metrics: (summary) => ({
    PartitionsMerged: summary.merged.partitions.length,
    RequestsComputed: summary.rows.requests ?? 0,
    UnitsComputed: summary.rows.unit_costs ?? 0,
    CheckFailingRows: Object.values(summary.checks).reduce((total, rows) => total + rows, 0),
  }),
});
