import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { StorageError } from '../../domain/errors.ts';
import type { ObjectBody, ObjectInfo, ObjectStore, PutOptions } from '../../ports/object-store.ts';

export interface S3ObjectStoreProps {
  readonly client: S3Client;
  readonly bucket: string;
}

/** DeleteObjects takes at most 1,000 keys per request. */
const DELETE_BATCH_SIZE = 1000;
/** Error names and per-key codes that mean "try again later" rather than "this will never work". */
const RETRYABLE_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestTimeout',
  'InternalError',
  'ServiceUnavailable',
]);

/** The object store as an S3 bucket. Every SDK failure surfaces as a StorageError naming the key. */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(props: S3ObjectStoreProps) {
    this.client = props.client;
    this.bucket = props.bucket;
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    // S3 returns keys in UTF-8 binary order, page after page, so yielding as we go keeps key order.
    const pages = paginateListObjectsV2({ client: this.client }, { Bucket: this.bucket, Prefix: prefix });
    try {
      for await (const page of pages) {
        for (const item of page.Contents ?? []) {
          yield toInfo(item.Key ?? '', item.Size, item.ETag, item.LastModified);
        }
      }
    } catch (error) {
      throw this.failure(`list "${prefix}"`, error);
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return toInfo(key, out.ContentLength, out.ETag, out.LastModified);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw this.failure(`read metadata of "${key}"`, error);
    }
  }

  async get(key: string): Promise<AsyncIterable<Uint8Array>> {
    const body = await this.body(key);
    if (!body) throw new StorageError(`no object "${key}" in bucket ${this.bucket}`);
    // In Node the Body is an IncomingMessage: a Readable, so an async iterable of chunks.
    return body as unknown as AsyncIterable<Uint8Array>;
  }

  async getRange(key: string, start: number, end: number, etag?: string): Promise<Uint8Array> {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start)
      throw new StorageError(`bad byte range ${start}-${end} for "${key}"`);
    if (end === start) return new Uint8Array(0);
    try {
      const out = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: `bytes=${start}-${end - 1}`,
          IfMatch: etag,
        }),
      );
      return (await out.Body?.transformToByteArray()) ?? new Uint8Array(0);
    } catch (error) {
      if (isMissing(error)) throw new StorageError(`no object "${key}" in bucket ${this.bucket}`);
      const status = statusOf(error);
      // 416: the range starts at or past the end, where the directory store reads nothing too.
      if (status === 416) return new Uint8Array(0);
      // 412: overwritten since it was listed. The next run lists the new version.
      if (status === 412)
        throw new StorageError(`"${key}" changed since it was listed: its ETag is no longer ${etag}`, {
          cause: error,
          retryable: true,
        });
      throw this.failure(`read bytes ${start}-${end - 1} of "${key}"`, error);
    }
  }

  async getBytes(key: string): Promise<Uint8Array | undefined> {
    return (await this.body(key))?.transformToByteArray();
  }

  async put(key: string, body: ObjectBody, options: PutOptions = {}): Promise<void> {
    await this.client
      .send(new PutObjectCommand(this.putInput(key, body, options)))
      .catch((error: unknown) => {
        throw this.failure(`write "${key}"`, error);
      });
  }

  async putIfAbsent(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<boolean> {
    const input = { ...this.putInput(key, body, options), IfNoneMatch: '*' };
    // 412: an object has the key. 409 ConditionalRequestConflict: a concurrent write or delete of
    // the key was in progress, and AWS says to retry; a second 409 means someone else is still
    // writing it, so it is not ours.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.client.send(new PutObjectCommand(input));
        return true;
      } catch (error) {
        const status = statusOf(error);
        if (status === 412 || (status === 409 && attempt === 2)) return false;
        if (status !== 409) throw this.failure(`write "${key}"`, error);
      }
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += DELETE_BATCH_SIZE) {
      const batch = keys.slice(start, start + DELETE_BATCH_SIZE);
      const out = await this.client
        .send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        )
        .catch((error: unknown) => {
          throw this.failure(`delete ${batch.length} keys (first "${batch[0]}")`, error);
        });
      // DeleteObjects answers 200 even when some keys failed: the failures are listed in Errors.
      const failed = out.Errors?.[0];
      if (failed) {
        throw new StorageError(
          `could not delete "${failed.Key}" from bucket ${this.bucket}: ${failed.Code} ${failed.Message} ` +
            `(${out.Errors?.length} of ${batch.length} keys in the batch failed)`,
          { retryable: RETRYABLE_CODES.has(failed.Code ?? '') },
        );
      }
    }
  }

  private async body(key: string) {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw this.failure(`read "${key}"`, error);
    }
  }

  private putInput(key: string, body: ObjectBody, options: PutOptions): PutObjectCommandInput {
    // options.lastModified is ignored: S3 always stamps its own time. Pieces are joined: a
    // PutObject body has one length, and parts are far below the single-request limit.
    const whole = typeof body === 'string' || body instanceof Uint8Array ? body : Buffer.concat(body);
    return { Bucket: this.bucket, Key: key, Body: whole, ContentType: options.contentType };
  }

  private failure(action: string, error: unknown): StorageError {
    const status = statusOf(error);
    const name = (error as Error | undefined)?.name ?? 'Error';
    const retryable = (status !== undefined && status >= 500) || status === 429 || RETRYABLE_CODES.has(name);
    const detail = `${name}${status === undefined ? '' : ` (HTTP ${status})`}: ${(error as Error)?.message}`;
    return new StorageError(`could not ${action} in bucket ${this.bucket}: ${detail}`, {
      cause: error,
      retryable,
    });
  }
}

function toInfo(key: string, size?: number, etag?: string, lastModified?: Date): ObjectInfo {
  return { key, size: size ?? 0, etag: etag ?? '', lastModified: lastModified ?? new Date(0) };
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

/** GetObject answers NoSuchKey; HeadObject has no body, so the SDK names its 404 NotFound. */
function isMissing(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound';
}
