import { AthenaClient } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { AthenaQueryEngine } from '../adapters/athena/athena-query-engine.ts';
import { S3ObjectStore } from '../adapters/s3/s3-object-store.ts';
import { parseHandlerEnv } from '../config/handler-env.ts';
import { runReconcile } from '../jobs/reconcile.ts';
import { systemClock } from '../ports/clock.ts';
import { loadSqlCatalog, type SqlCatalog } from '../sql/sql-catalog.ts';
import { athenaWarehouse } from '../sql/warehouse.ts';
import { scheduledJobHandler } from './scheduled-job.ts';

// Composed once per cold start, reused by every invocation of this container.
const env = parseHandlerEnv(process.env, ['bucket', 'database', 'workGroup', 'sqlDir']);
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

/**
 * The `reconcile` job after compute (lambdas/jobs/reconcile.ts): the settings' lookback
 * of billing periods as of the scheduled time, or the month of `from` when an operator
 * re-runs one period.
 */
export const handler = scheduledJobHandler({
  job: 'reconcile',
  run: async (event) => {
    catalog ??= loadSqlCatalog(env.sqlDir);
    const asOf = event.scheduledTime ? new Date(event.scheduledTime) : systemClock.now();
    return runReconcile(
      { ...deps, catalog: await catalog },
      { asOf, ...(event.from ? { period: event.from.slice(0, 7) } : {}) },
    );
  },
  logFields: (record) => ({
    runId: record.run_id,
    periods: record.periods,
    statuses: record.statuses,
    error: record.error,
  }),
  metrics: (record) => ({
    ReconciliationRows: record.rows,
    ReconciliationBreaches: record.statuses.breach ?? 0,
  }),
});
