import { AthenaClient } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { AthenaQueryEngine } from '../adapters/athena/athena-query-engine.ts';
import { S3ObjectStore } from '../adapters/s3/s3-object-store.ts';
import { SnsNotifier } from '../adapters/sns/sns-notifier.ts';
import { parseHandlerEnv } from '../config/handler-env.ts';
import { runAlert } from '../jobs/alert.ts';
import { systemClock } from '../ports/clock.ts';
import { loadSqlCatalog, type SqlCatalog } from '../sql/sql-catalog.ts';
import { athenaWarehouse } from '../sql/warehouse.ts';
import { scheduledJobHandler } from './scheduled-job.ts';

// Composed once per cold start, reused by every invocation of this container.
const env = parseHandlerEnv(process.env, ['bucket', 'database', 'workGroup', 'alertTopicArn', 'sqlDir']);
const deps = {
  store: new S3ObjectStore({ client: new S3Client({}), bucket: env.bucket }),
  engine: new AthenaQueryEngine({
    client: new AthenaClient({}),
    workGroup: env.workGroup,
    database: env.database,
  }),
  warehouse: athenaWarehouse(env.bucket),
  clock: systemClock,
  notifier: new SnsNotifier({ client: new SNSClient({}), topicArn: env.alertTopicArn }),
};
let catalog: Promise<SqlCatalog> | undefined;

/**
 * The `alert` job after compute and reconcile (lambdas/jobs/alert.ts), judging landing as
 * of the scheduled time. A run whose digest SNS did not accept finishes `failed` (its
 * claims released), so Lambda retries it.
 */
export const handler = scheduledJobHandler({
  job: 'alert',
  run: async ({ scheduledTime }) => {
    catalog ??= loadSqlCatalog(env.sqlDir);
    const asOf = scheduledTime ? new Date(scheduledTime) : systemClock.now();
    return runAlert({ ...deps, catalog: await catalog }, { asOf });
  },
  logFields: (record) => ({
    runId: record.run_id,
    figures: record.figures,
    changes: record.changes,
    messages: record.messages,
    skippedRules: record.rules.filter((rule) => rule.status !== 'evaluated'),
    error: record.error,
  }),
  metrics: (record) => ({
    AlertCandidates: record.candidates,
    AlertChanges: record.changes.length,
    AlertMessagesSent: record.messages.filter((message) => message.message_id !== null).length,
    AlertRulesFailed: record.rules.filter((rule) => rule.status === 'failed').length,
  }),
});
