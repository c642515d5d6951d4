import { DeleteObjectsCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../../lambdas/adapters/s3/s3-object-store.ts';
import { StorageError } from '../../../../lambdas/domain/errors.ts';

/** Errors shaped as the SDK throws them: a name and the HTTP status in $metadata. */
function sdkError(name: string, httpStatusCode: number, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

const preconditionFailed = () =>
  sdkError('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold');
const conditionalConflict = () => sdkError('ConditionalRequestConflict', 409);

describe('Adapter: S3ObjectStore', () => {
  const client = new S3Client({ region: 'us-east-1' });
  const s3 = mockClient(client);
  const store = new S3ObjectStore({ client, bucket: 'lake' });

  beforeEach(() => s3.reset());

  it('returns false when PutObject fails its If-None-Match precondition', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(preconditionFailed());

    // Act
    const written = await store.putIfAbsent('state/locks/land.json', '{}');

    // Assess
    expect(written).toBe(false);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
  });

  it('returns true and sends If-None-Match * when no object has the key', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({ ETag: '"abc"' });

    // Act
    const written = await store.putIfAbsent('state/locks/land.json', '{}', {
      contentType: 'application/json',
    });

    // Assess
    expect(written).toBe(true);
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'lake',
      Key: 'state/locks/land.json',
      Body: '{}',
      ContentType: 'application/json',
      IfNoneMatch: '*',
    });
  });

  it('retries once and returns true when a concurrent write conflict clears', async () => {
    // Prepare: 409 first (another write of the key in progress), then success.
    s3.on(PutObjectCommand).rejectsOnce(conditionalConflict()).resolves({});

    // Act
    const written = await store.putIfAbsent('state/locks/land.json', '{}');

    // Assess
    expect(written).toBe(true);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);
  });

  it('returns false when the conflict is still there on the retry', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(conditionalConflict());

    // Act
    const written = await store.putIfAbsent('state/locks/land.json', '{}');

    // Assess: one try and one retry, no more.
    expect(written).toBe(false);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);
  });

  it('rejects with a retryable StorageError naming the key when S3 answers 503', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(sdkError('SlowDown', 503, 'Please reduce your request rate.'));

    // Act
    const result = store.putIfAbsent('state/locks/land.json', '{}');

    // Assess
    await expect(result).rejects.toBeInstanceOf(StorageError);
    await expect(result).rejects.toMatchObject({ retryable: true, message: /state\/locks\/land\.json/ });
  });

  it('rejects with a non-retryable StorageError when access is denied', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(sdkError('AccessDenied', 403));

    // Act
    const result = store.put('config/settings.json', '{}');

    // Assess
    await expect(result).rejects.toMatchObject({ retryable: false, message: /config\/settings\.json/ });
  });

  it('sends 3 DeleteObjects calls of 1,000, 1,000 and 500 keys when deleting 2,500 keys', async () => {
    // Prepare: 2,500 = 1,000 + 1,000 + 500, the per-request limit being 1,000.
    s3.on(DeleteObjectsCommand).resolves({});
    const keys = Array.from({ length: 2500 }, (_, i) => `raw/events/${i}.ndjson`);

    // Act
    await store.delete(keys);

    // Assess
    const batches = s3.commandCalls(DeleteObjectsCommand).map((call) => call.args[0].input.Delete?.Objects);
    expect(batches.map((objects) => objects?.length)).toEqual([1000, 1000, 500]);
    expect(batches[1]?.[0]).toEqual({ Key: 'raw/events/1000.ndjson' });
    expect(batches[2]?.[499]).toEqual({ Key: 'raw/events/2499.ndjson' });
  });

  it('sends no request when there is nothing to delete', async () => {
    // Act
    await store.delete([]);

    // Assess
    expect(s3.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
  });

  it('rejects with a StorageError naming the key when DeleteObjects reports a per-key error', async () => {
    // Prepare: DeleteObjects answers 200 and lists the keys it could not delete.
    s3.on(DeleteObjectsCommand).resolves({
      Errors: [{ Key: 'raw/events/b.ndjson', Code: 'AccessDenied', Message: 'Access Denied' }],
    });

    // Act
    const result = store.delete(['raw/events/a.ndjson', 'raw/events/b.ndjson']);

    // Assess
    await expect(result).rejects.toBeInstanceOf(StorageError);
    await expect(result).rejects.toThrow(/raw\/events\/b\.ndjson.*AccessDenied/);
  });

  it('returns undefined when HeadObject answers NotFound', async () => {
    // Prepare
    s3.on(HeadObjectCommand).rejects(sdkError('NotFound', 404));

    // Act
    const info = await store.head('config/settings.json');

    // Assess
    expect(info).toBeUndefined();
  });

  it('rejects with a StorageError when HeadObject fails for another reason', async () => {
    // Prepare
    s3.on(HeadObjectCommand).rejects(sdkError('Forbidden', 403));

    // Act
    const result = store.head('config/settings.json');

    // Assess
    await expect(result).rejects.toBeInstanceOf(StorageError);
  });
});
