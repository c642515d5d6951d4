import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { GetObjectCommand, PutObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { type FauxqsServer, interceptLocalhostDns, startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { QueryFailedError } from '../../../lambdas/domain/errors.ts';
import type { ComputeSummary } from '../../../lambdas/handlers/compute.ts';

const BUCKET = 'aiue-lake';

/** What EventBridge Scheduler sends, as the stack configures it (lib/jobs.ts). */
const SCHEDULED = {
  job: 'compute',
  scheduledTime: '2026-05-13T04:30:00Z',
  executionId: 'c0ffee00-0000-4000-8000-000000000002',
};

/**
 * The compute handler with the lake in fauxqs S3 and Athena answered by a mock: every
 * query succeeds with no rows (an empty warehouse), unless `failWhen` matches its text.
 * What is checked is the wiring: the environment reaches the adapters, the SQL comes from
 * AIUE_SQL_DIR, compute runs before the report, and a failed compute publishes nothing.
 */
describe('Handler: compute (fauxqs S3, mocked Athena)', () => {
  const athena = mockClient(AthenaClient);
  const started: StartQueryExecutionCommandInput[] = [];
  let failWhen: RegExp | undefined;
  let server: FauxqsServer;
  let restoreDns: () => void;
  let s3: S3Client;
  let handler: (event: unknown) => Promise<ComputeSummary>;
  let stdout: MockInstance;
  const savedEnv = { ...process.env };

  const keys = async (prefix: string) => {
    const found: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: BUCKET, Prefix: prefix })) {
      for (const item of page.Contents ?? []) found.push(item.Key ?? '');
    }
    return found.sort();
  };
  const text = async (key: string) =>
    (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body?.transformToString() ?? '';
  const loggedJson = () =>
    stdout.mock.calls
      .flatMap(([chunk]) => String(chunk).split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));

  beforeAll(async () => {
    server = await startFauxqs({ port: 0, logger: false });
    restoreDns = interceptLocalhostDns();
    // The Lambda environment as the stack sets it (lib/jobs.ts), the SQL where the bundle puts it.
    Object.assign(process.env, {
      AIUE_BUCKET: BUCKET,
      AIUE_DATABASE: 'aiue_db',
      AIUE_WORKGROUP: 'aiue-wg',
      AIUE_RECOMPUTE_WINDOW_DAYS: '3',
      AIUE_SQL_DIR: new URL('../../../sql/', import.meta.url).pathname,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_S3: `http://s3.localhost:${server.port}`,
      POWERTOOLS_SERVICE_NAME: 'ai-unit-economics',
      POWERTOOLS_METRICS_NAMESPACE: 'AiUnitEconomics',
    });
    s3 = new S3Client({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${server.port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    ({ handler } = await import('../../../lambdas/handlers/compute.ts'));
  });

  beforeEach(() => {
    server.reset();
    server.createBucket(BUCKET);
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    // Powertools writes error-level lines to stderr: kept out of the test output.
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    started.length = 0;
    failWhen = undefined;
    athena.reset();
    athena.on(StartQueryExecutionCommand).callsFake((input: StartQueryExecutionCommandInput) => {
      started.push(input);
      return { QueryExecutionId: `q${started.length}` };
    });
    athena.on(GetQueryExecutionCommand).callsFake(({ QueryExecutionId }: { QueryExecutionId: string }) => {
      const sql = started[Number(QueryExecutionId.slice(1)) - 1]?.QueryString ?? '';
      const fails = failWhen?.test(sql) ?? false;
      return {
        QueryExecution: {
          QueryExecutionId,
          Status: fails
            ? { State: 'FAILED', StateChangeReason: 'TABLE_NOT_FOUND: simulated' }
            : { State: 'SUCCEEDED' },
          Statistics: { DataScannedInBytes: 100, TotalExecutionTimeInMillis: 5 },
        },
      };
    });
    athena
      .on(GetQueryResultsCommand)
      .resolves({ ResultSet: { ResultSetMetadata: { ColumnInfo: [] }, Rows: [] } });
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    athena.restore();
    s3?.destroy();
    restoreDns?.();
    await server?.stop();
    process.env = savedEnv;
  });

  it('computes the deployment window as of the scheduled time, merges the new land run, then writes the report', async () => {
    // Prepare: one finished land run that wrote the events partition of the 12th.
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'state/runs/land/2026-05-13T04-05-00-000Z-aaaa.json',
        Body: JSON.stringify({
          run_id: 'land-1',
          status: 'succeeded',
          partitions_written: [{ kind: 'events', dt: '2026-05-12' }],
        }),
      }),
    );

    // Act
    const summary = await handler(SCHEDULED);

    // Assess: 3 days up to the scheduled day (13th): 11th, 12th, 13th.
    expect(summary).toMatchObject({
      status: 'succeeded',
      as_of: '2026-05-13T04:30:00.000Z',
      window: { from: '2026-05-11', to: '2026-05-13' },
      merged: { land_runs: ['land-1'], partitions: [{ kind: 'events', dt: '2026-05-12' }] },
    });
    expect(new Set(started.map((input) => input.WorkGroup))).toEqual(new Set(['aiue-wg']));
    expect(new Set(started.map((input) => input.QueryExecutionContext?.Database))).toEqual(
      new Set(['aiue_db']),
    );
    // The Athena DDL binds the curated tables to the lake bucket.
    expect(started.map((input) => input.QueryString)).toContainEqual(
      expect.stringContaining(`location 's3://${BUCKET}/warehouse/requests/'`),
    );
    const merge = started.find((input) => /^merge into requests\b/m.test(input.QueryString ?? ''));
    expect(merge?.ExecutionParameters).toContain("'2026-05-12'");

    expect(await keys('state/runs/compute/')).toEqual([`state/runs/compute/${summary.run_id}.json`]);
    expect(JSON.parse(await text('state/compute/merged-land-runs.json'))).toEqual({
      merged_land_runs: ['land-1'],
    });
    expect(summary.report).toMatchObject({
      key: 'reports/2026-05-13/index.html',
      latestKey: 'reports/latest.html',
    });
    expect(await keys('reports/')).toEqual(['reports/2026-05-13/index.html', 'reports/latest.html']);
    expect(await text('reports/latest.html')).toBe(await text('reports/2026-05-13/index.html'));

    const logged = loggedJson();
    expect(logged).toContainEqual(
      expect.objectContaining({
        message: 'compute succeeded',
        job: 'compute',
        executionId: SCHEDULED.executionId,
        athenaBytesScanned: 100 * summary.queries.length,
      }),
    );
    expect(logged).toContainEqual(expect.objectContaining({ job: 'compute', PartitionsMerged: 1 }));
  });

  it('recomputes the range an operator names instead of the deployment window', async () => {
    // Act
    const summary = await handler({ ...SCHEDULED, from: '2026-04-01', to: '2026-04-30' });

    // Assess
    expect(summary.window).toEqual({ from: '2026-04-01', to: '2026-04-30' });
  });

  it('rejects the run and writes no report when a compute statement fails', async () => {
    // Prepare: Athena fails the statement that costs the units.
    failWhen = /^insert into unit_costs\b/m;

    // Act
    const run = handler(SCHEDULED);

    // Assess
    await expect(run).rejects.toThrow(QueryFailedError);
    await expect(run).rejects.toThrow(/int_units__costed\.sql failed/);
    expect(await keys('reports/')).toEqual([]);
    const [recordKey] = await keys('state/runs/compute/');
    expect(JSON.parse(await text(recordKey as string))).toMatchObject({ status: 'failed' });
    expect(loggedJson()).toContainEqual(expect.objectContaining({ job: 'compute', RunsFailed: 1 }));
  });
});
