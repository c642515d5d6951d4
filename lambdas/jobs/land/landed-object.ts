import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';
import type { ObjectInfo } from '../../ports/object-store.ts';
import type { WrittenPart } from './partition-writer.ts';

/** What `land` reports per object and writes per rejected record, for every kind it lands. */

export interface Reason {
  readonly path: string;
  readonly message: string;
}

export interface LandedObject {
  readonly key: string;
  readonly etag: string;
  readonly kind: string;
  readonly source_id: string;
  readonly records_read: number;
  readonly valid: number;
  readonly duplicates: number;
  readonly quarantined: number;
  readonly blank_lines: number;
  /** Set when the object could not be read to its end (e.g. a truncated gzip). */
  readonly error: string | null;
  readonly raw_parts: readonly WrittenPart[];
  readonly quarantine_parts: readonly WrittenPart[];
}

/** Why an overlong line is quarantined: its length, the limit, and where the rest of it stays. */
export function overlongReason(
  line: { readonly length: number; readonly prefix: Uint8Array },
  maxLineBytes: number,
): Reason {
  const message = `line is ${line.length} bytes, over the limit of ${maxLineBytes}; the first ${line.prefix.length} bytes are kept here, the whole line stays in the source object`;
  return { path: '', message };
}

export function quarantineRecord(
  info: ObjectInfo,
  line: number,
  reasons: readonly Reason[],
  bytes: Buffer,
  truncated: boolean,
) {
  const readable = isUtf8(bytes);
  return {
    source_key: info.key,
    source_etag: info.etag,
    line,
    reasons,
    text: bytes.toString('utf8'),
    text_truncated: truncated,
    // Bytes that are not UTF-8 (binary garbage) are kept exactly, beside the lossy text.
    text_base64: readable ? null : bytes.toString('base64'),
  };
}

/** A zlib failure: the object's bytes end early or are not gzip. */
export function isDecodeError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/** The object's identity in output keys and manifests: its key and ETag, nothing else. */
export function sourceIdOf(info: ObjectInfo): string {
  return hash('sha256', `${info.key}\n${info.etag}`).slice(0, 20);
}
