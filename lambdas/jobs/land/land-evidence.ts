import { hash } from 'node:crypto';
import type { EvidenceFile } from '../../domain/evidence/row-result.ts';
import type { ObjectInfo, ObjectStore } from '../../ports/object-store.ts';
import type { EvidenceObject, EvidenceSource } from './evidence-sources.ts';
import { FingerprintSet } from './fingerprint-set.ts';
import {
  isDecodeError,
  type LandedObject,
  quarantineRecord,
  type Reason,
  sourceIdOf,
} from './landed-object.ts';
import { PartitionWriter } from './partition-writer.ts';
import { isCsvError } from './read-csv-records.ts';
import { isParquetError } from './read-parquet-records.ts';

/**
 * Lands one billing evidence or provider usage object, with the guarantees of every
 * other landed object: each normalized record goes to `raw/<kind>/dt=<partition>/`, each
 * rejected one to `quarantine/<kind>/dt=<arrival day>/` with every reason, and records
 * read = valid + duplicates + quarantined. Part keys depend only on the object's key and
 * ETag, so landing it again writes identical bytes. A record whose `source_line_id` was
 * already seen in this object (the same Bedrock request logged twice) is a duplicate;
 * the same bucket in two overlapping pages is two objects, and both land (readers keep
 * one line per `source_line_id`, see billing-line.ts). In a Parquet object a line is a
 * row, numbered from 1.
 */
export async function landEvidenceObject(
  store: ObjectStore,
  source: EvidenceSource,
  info: ObjectInfo,
  maxLineBytes: number,
): Promise<LandedObject> {
  const sourceId = sourceIdOf(info);
  const raw = new PartitionWriter(store, `raw/${source.kind}/`, sourceId);
  const quarantine = new PartitionWriter(store, `quarantine/${source.kind}/`, sourceId);
  // Rejected records have no trustworthy date of their own: file them under the object's arrival day.
  const arrivalDay = info.lastModified.toISOString().slice(0, 10);
  const file: EvidenceFile = { key: info.key, receivedAt: info.lastModified.toISOString() };
  const object: EvidenceObject = {
    size: info.size,
    stream: () => store.get(info.key),
    // Ranged reads pin the listed version: parts of two versions are never mixed.
    range: (start, end) => store.getRange(info.key, start, end, info.etag || undefined),
  };
  const seen = new FingerprintSet();
  let read = 0;
  let valid = 0;
  let duplicates = 0;
  let quarantined = 0;
  let blank = 0;
  let lastLine = 0;
  let error: string | null = null;

  const reject = async (
    line: number,
    reasons: readonly Reason[],
    text: string | Buffer,
    truncated: boolean,
  ) => {
    quarantined++;
    const bytes = typeof text === 'string' ? Buffer.from(text) : text;
    await quarantine.add(arrivalDay, JSON.stringify(quarantineRecord(info, line, reasons, bytes, truncated)));
  };

  try {
    for await (const row of source.rows(object, file, maxLineBytes)) {
      if ('blank' in row) {
        blank++;
        continue;
      }
      read++;
      lastLine = Math.max(lastLine, row.line);
      if (!row.result.ok) {
        await reject(row.line, row.result.reasons, row.text, row.truncated ?? false);
        continue;
      }
      const record = row.result.value;
      if (!seen.add(hash('sha1', record.source_line_id, 'buffer') as unknown as Buffer)) {
        duplicates++;
        continue;
      }
      valid++;
      const flushing = raw.add(source.partitionDate(record), JSON.stringify(record));
      if (flushing) await flushing;
    }
  } catch (readError) {
    if (!isDecodeError(readError) && !isCsvError(readError) && !isParquetError(readError)) throw readError;
    // The bytes end early, are not gzip, the CSV breaks off (an unclosed quote), or the
    // Parquet footer or a row group cannot be read: what came before is landed, the
    // unreadable rest is one quarantined record, and the object is not retried forever.
    error = `the object could not be read past line ${lastLine}: ${(readError as Error).message}`;
    read++;
    await reject(lastLine + 1, [{ path: '', message: error }], Buffer.alloc(0), true);
  }

  return {
    key: info.key,
    etag: info.etag,
    kind: source.kind,
    source_id: sourceId,
    records_read: read,
    valid,
    duplicates,
    quarantined,
    blank_lines: blank,
    error,
    raw_parts: await raw.finish(),
    quarantine_parts: await quarantine.finish(),
  };
}
