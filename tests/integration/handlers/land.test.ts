import { readFileSync } from 'node:fs';
import { GetObjectCommand, PutObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { type FauxqsServer, interceptLocalhostDns, startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { InvalidInputError } from '../../../lambdas/domain/errors.ts';
import type { LandRunRecord } from '../../../lambdas/jobs/land.ts';

const BUCKET = 'aiue-lake';
const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/events/${name}`, import.meta.url), 'utf8');
const seed = JSON.parse(fixture('seed-example.json'));
const outcome = JSON.parse(fixture('outcome-example.json'));
const event = (requestId: string, timestamp: string) =>
  JSON.stringify({ ...seed, request_id: requestId, timestamp_utc: timestamp });

/** What EventBridge Scheduler sends, as the stack configures it (lib/jobs.ts). */
const scheduled = (job: string) => ({
  job,
  scheduledTime: '2026-05-13T01:05:00Z',
  executionId: 'c0ffee00-0000-4000-8000-000000000001',
});

describe('Handler: land (fauxqs S3)', () => {
  let server: FauxqsServer;
  let restoreDns: () => void;
  let s3: S3Client;
  let handler: (event: unknown) => Promise<LandRunRecord>;
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
  const linesUnder = async (prefix: string) =>
    (await Promise.all((await keys(prefix)).map(text)))
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  const loggedJson = () =>
    stdout.mock.calls
      .flatMap(([chunk]) => String(chunk).split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));

  beforeAll(async () => {
    server = await startFauxqs({ port: 0, logger: false });
    // The handler's S3Client uses virtual-hosted URLs (aiue-lake.s3.localhost): resolve *.localhost here.
    restoreDns = interceptLocalhostDns();
    // The Lambda environment, as the stack sets it, plus the emulator's endpoint for the SDK.
    Object.assign(process.env, {
      AIUE_BUCKET: BUCKET,
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
    // Imported only now: the handler composes its adapters from the environment at module scope.
    ({ handler } = await import('../../../lambdas/handlers/land.ts'));
  });

  beforeEach(() => {
    server.reset();
    server.createBucket(BUCKET);
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    s3?.destroy();
    restoreDns?.();
    await server?.stop();
    process.env = savedEnv;
  });

  it('lands a scheduled run into raw/, quarantine/ and state/, logs its totals and emits its metrics', async () => {
    // Prepare: 23:59:59Z and 00:00:00Z fall on two days; line 3 repeats line 1; line 4 is not JSON.
    const r1 = event('r1', '2026-05-11T23:59:59Z');
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'incoming/events/support/2026-05-12.ndjson',
        Body: [r1, event('r2', '2026-05-12T00:00:00Z'), r1, '{"event_type": '].join('\n'),
      }),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'incoming/outcomes/support/o.ndjson',
        Body: JSON.stringify(outcome),
      }),
    );

    // Act
    const record = await handler(scheduled('land'));

    // Assess: events read 4 = 2 valid + 1 duplicate + 1 quarantined; outcomes 1 valid.
    expect(record.status).toBe('succeeded');
    expect(record.totals).toEqual({
      objects_landed: 2,
      objects_already_landed: 0,
      objects_ignored: 0,
      records_read: 5,
      valid: 3,
      duplicates: 1,
      quarantined: 1,
    });
    expect((await linesUnder('raw/events/dt=2026-05-11/')).map((row) => row.request_id)).toEqual(['r1']);
    expect((await linesUnder('raw/events/dt=2026-05-12/')).map((row) => row.request_id)).toEqual(['r2']);
    // 08:00+02:00 is 06:00Z on the 12th.
    expect((await linesUnder('raw/outcomes/dt=2026-05-12/')).map((row) => row.unit_id)).toEqual([
      'case_88231',
    ]);
    const quarantined = await linesUnder('quarantine/events/');
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]).toMatchObject({ line: 4, text: '{"event_type": ' });
    expect(quarantined[0].reasons[0].message).toMatch(/^invalid JSON/);
    expect(await keys('state/land/objects/')).toHaveLength(2);
    expect(await keys('state/runs/land/')).toEqual([`state/runs/land/${record.run_id}.json`]);

    const logged = loggedJson();
    expect(logged).toContainEqual(
      expect.objectContaining({
        message: 'land succeeded',
        job: 'land',
        totals: record.totals,
        executionId: scheduled('land').executionId,
      }),
    );
    expect(logged).toContainEqual(
      expect.objectContaining({ job: 'land', RecordsValid: 3, RecordsQuarantined: 1 }),
    );
  });

  it('lands nothing twice when the same schedule fires again', async () => {
    // Prepare
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'incoming/events/support/a.ndjson',
        Body: event('r1', '2026-05-11T10:00:00Z'),
      }),
    );
    await handler(scheduled('land'));
    const rawBefore = await keys('raw/');

    // Act
    const again = await handler(scheduled('land'));

    // Assess
    expect(again.totals).toMatchObject({ objects_landed: 0, objects_already_landed: 1, records_read: 0 });
    expect(await keys('raw/')).toEqual(rawBefore);
  });

  it('rejects a trigger meant for another job and lands nothing', async () => {
    // Prepare
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'incoming/events/support/a.ndjson',
        Body: event('r1', '2026-05-11T10:00:00Z'),
      }),
    );

    // Act
    const run = handler(scheduled('compute'));

    // Assess
    await expect(run).rejects.toThrow(InvalidInputError);
    await expect(run).rejects.toThrow(/runs "land" but its trigger names "compute"/);
    expect(await keys('raw/')).toEqual([]);
  });
});
