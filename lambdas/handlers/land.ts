import { S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../adapters/s3/s3-object-store.ts';
import { parseHandlerEnv } from '../config/handler-env.ts';
import { runLand } from '../jobs/land.ts';
import { systemClock } from '../ports/clock.ts';
import { scheduledJobHandler } from './scheduled-job.ts';

// Composed once per cold start, reused by every invocation of this container.
const env = parseHandlerEnv(process.env, ['bucket']);
const store = new S3ObjectStore({ client: new S3Client({}), bucket: env.bucket });

/** The hourly `land` job: incoming/ → raw/ and quarantine/ (lambdas/jobs/land.ts). */
export const handler = scheduledJobHandler({
  job: 'land',
  run: () => runLand({ store, clock: systemClock }),
  logFields: (record) => ({
    runId: record.run_id,
    totals: record.totals,
    partitionsWritten: record.partitions_written.length,
    error: record.error,
  }),
  metrics: ({ totals }) => ({
    ObjectsLanded: totals.objects_landed,
    RecordsRead: totals.records_read,
    RecordsValid: totals.valid,
    RecordsDuplicate: totals.duplicates,
    RecordsQuarantined: totals.quarantined,
  }),
});
