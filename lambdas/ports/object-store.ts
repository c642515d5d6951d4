/**
 * The object store: S3 in AWS, a directory on disk locally, with the same keys
 * (`incoming/events/…`, `raw/…`, `state/…`). Keys use `/` and never start with one.
 */
export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  /** Changes whenever the content changes (S3 ETag; a content hash locally). */
  readonly etag: string;
  readonly lastModified: Date;
}

export interface ObjectStore {
  /** Every object under the prefix, in key order, across all pages. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /** Metadata of one object, or undefined when there is none. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** The object's bytes as a stream; never read whole into memory. Throws when missing. */
  get(key: string): Promise<AsyncIterable<Uint8Array>>;
  /**
   * Bytes `start` (inclusive) to `end` (exclusive) of the object, fewer where it ends
   * first: for formats read from their end (Parquet's footer) and then in parts. With
   * `etag`, throws a StorageError when the object no longer has that ETag, so parts
   * of two versions are never mixed. Throws when missing.
   */
  getRange(key: string, start: number, end: number, etag?: string): Promise<Uint8Array>;
  /** The whole object, or undefined when there is none: for small state and config files. */
  getBytes(key: string): Promise<Uint8Array | undefined>;
  put(key: string, body: ObjectBody, options?: PutOptions): Promise<void>;
  /** Writes only when no object has the key; false when one already existed. */
  putIfAbsent(key: string, body: Uint8Array | string, options?: PutOptions): Promise<boolean>;
  delete(keys: readonly string[]): Promise<void>;
}

/** An object's content: text, bytes, or bytes in pieces written one after another (no copy to join them). */
export type ObjectBody = Uint8Array | string | readonly Uint8Array[];

export interface PutOptions {
  readonly contentType?: string;
  /**
   * The object's last-modified time, where the store lets the writer choose it (the
   * local directory does; S3 always stamps its own). The demo uses it to give sample
   * files realistic, reproducible arrival times.
   */
  readonly lastModified?: Date;
}
