import { createHash } from 'node:crypto';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../../lambdas/adapters/s3/s3-object-store.ts';
import { StorageError } from '../../../../lambdas/domain/errors.ts';

const BUCKET = 'lake';

describe('Adapter: S3ObjectStore (fauxqs)', () => {
  let server: FauxqsServer;
  let client: S3Client;
  let store: S3ObjectStore;

  beforeAll(async () => {
    server = await startFauxqs({ port: 0, logger: false });
    client = new S3Client({
      endpoint: `http://127.0.0.1:${server.port}`,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    server.createBucket(BUCKET);
    store = new S3ObjectStore({ client, bucket: BUCKET });
  });

  beforeEach(() => server.reset());

  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });

  it('returns what was put through head, get, getBytes, and nothing after delete', async () => {
    // Prepare: 3 MiB so the stream arrives in more than one chunk; byte i is i mod 251.
    const key = 'state/runs/2026-01-31/run.json';
    const body = Uint8Array.from({ length: 3 * 1024 * 1024 }, (_, i) => i % 251);
    const before = Date.now();

    // Act
    await store.put(key, body, { contentType: 'application/json' });
    const info = await store.head(key);
    const chunks: Uint8Array[] = [];
    for await (const chunk of await store.get(key)) chunks.push(chunk);
    const bytes = await store.getBytes(key);
    const raw = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    await store.delete([key]);

    // Assess: a single-part upload's ETag is the quoted MD5 of the content.
    const md5 = createHash('md5').update(body).digest('hex');
    expect(info).toMatchObject({ key, size: 3 * 1024 * 1024, etag: `"${md5}"` });
    // S3 stamps whole seconds, so allow one second before the put.
    expect(info?.lastModified.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(raw.ContentType).toBe('application/json');
    expect(Buffer.concat(chunks).equals(body)).toBe(true);
    expect(bytes && Buffer.from(bytes).equals(body)).toBe(true);
    expect(await store.head(key)).toBeUndefined();
    expect(await store.getBytes(key)).toBeUndefined();
  });

  it('reads byte ranges pinned to the listed ETag, clipped at the end of the object', async () => {
    // Prepare: byte i is i mod 251.
    const key = 'incoming/billing/focus/export-00001.snappy.parquet';
    const body = Uint8Array.from({ length: 3 * 1024 * 1024 }, (_, i) => i % 251);
    await store.put(key, body);
    const etag = (await store.head(key))?.etag as string;
    const size = body.length;

    // Act
    const middle = await store.getRange(key, 1_000_000, 1_000_010, etag);
    const tail = await store.getRange(key, size - 3, size + 10);
    const past = await store.getRange(key, size + 5, size + 9);
    await store.put(key, 'version two');
    const stale = await store.getRange(key, 0, 4, etag).catch((error: unknown) => error);
    const missing = await store
      .getRange('incoming/billing/focus/missing.parquet', 0, 4)
      .catch((error: unknown) => error);

    // Assess: 1,000,000 mod 251 = 16; S3 answers 412 to the stale ETag and 416 past the end.
    expect([...middle]).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect([...tail]).toEqual([...body.subarray(size - 3)]);
    expect(past.length).toBe(0);
    expect(stale).toBeInstanceOf(StorageError);
    expect(stale).toMatchObject({
      retryable: true,
      message: expect.stringMatching(/changed since it was listed/),
    });
    expect(missing).toBeInstanceOf(StorageError);
    expect((missing as Error).message).toContain('incoming/billing/focus/missing.parquet');
  });

  it('lists every key under the prefix in key order across pages when there are more than 1,000', async () => {
    // Prepare: 1,205 keys = one full page of 1,000 and a second of 205. Written in reverse so
    // the order cannot come from insertion. Siblings share the text "raw/events" but not the prefix.
    const wanted = Array.from({ length: 1205 }, (_, i) => `raw/events/dt=2026-01-01/part-${pad(i)}.ndjson`);
    const siblings = ['raw/events-archive/part-0000.ndjson', 'raw/eventz/part-0000.ndjson', 'raw/event'];
    await putAll(store, [...wanted].reverse().concat(siblings));

    // Act
    const keys: string[] = [];
    for await (const info of store.list('raw/events/')) keys.push(info.key);

    // Assess: zero-padded numbers sort the same as text, so key order is creation index order.
    expect(keys).toHaveLength(1205);
    expect(keys[0]).toBe('raw/events/dt=2026-01-01/part-0000.ndjson');
    expect(keys[1204]).toBe('raw/events/dt=2026-01-01/part-1204.ndjson');
    expect(keys).toEqual(wanted);
  });

  it('deletes more than 1,000 keys in one call', async () => {
    // Prepare: 1,205 keys need two DeleteObjects batches (1,000 + 205); one key must survive.
    const keys = Array.from({ length: 1205 }, (_, i) => `quarantine/events/${pad(i)}.json`);
    await putAll(store, [...keys, 'quarantine/keep.json']);

    // Act
    await store.delete(keys);

    // Assess
    const left: string[] = [];
    for await (const info of store.list('quarantine/')) left.push(info.key);
    expect(left).toEqual(['quarantine/keep.json']);
  });

  it('rejects with a StorageError naming the key when get finds no object', async () => {
    // Prepare
    const key = 'incoming/events/missing.ndjson';

    // Act
    const result = store.get(key);

    // Assess
    await expect(result).rejects.toBeInstanceOf(StorageError);
    await expect(result).rejects.toThrow(key);
  });
});

function pad(n: number): string {
  return String(n).padStart(4, '0');
}

/** Puts small objects 50 at a time: fast, without opening a socket per key at once. */
async function putAll(store: S3ObjectStore, keys: readonly string[]): Promise<void> {
  for (let start = 0; start < keys.length; start += 50) {
    await Promise.all(keys.slice(start, start + 50).map((key) => store.put(key, key)));
  }
}
