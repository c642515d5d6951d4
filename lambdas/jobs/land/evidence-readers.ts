import type { EvidenceFile, PageRow, RowResult } from '../../domain/evidence/row-result.ts';
import { rejected } from '../../domain/evidence/row-result.ts';
import type { EvidenceRecord, EvidenceRow } from './evidence-sources.ts';
import { overlongReason } from './landed-object.ts';
import { readCsvRecords } from './read-csv-records.ts';
import { decompressed, readLines } from './read-lines.ts';
import { openParquet, type RangedObject } from './read-parquet-records.ts';

/**
 * The shapes evidence objects come in, each turned into rows for the normalizers: CSV
 * and Parquet files (FOCUS, invoices), JSON pages (vendor report APIs) and NDJSON logs
 * (Bedrock invocation logs, captured API responses). The text formats all take gzip.
 */

type RowNormalizer<T> = (fields: readonly string[], line: number) => RowResult<T>;

/** CSV: the first record is the header, each further record one row. */
export async function* csvRows<T extends EvidenceRecord>(
  body: AsyncIterable<Uint8Array>,
  file: EvidenceFile,
  normalizerFor: (header: readonly string[], file: EvidenceFile) => RowNormalizer<T>,
): AsyncGenerator<EvidenceRow> {
  let normalize: RowNormalizer<T> | undefined;
  for await (const record of readCsvRecords(body)) {
    if (!normalize) {
      normalize = normalizerFor(record.fields, file);
      continue;
    }
    yield { line: record.line, text: record.text, result: normalize(record.fields, record.line) };
  }
}

/**
 * Parquet: the column names are the header, each row one record, its line the row's
 * 1-based position in the file. Cells come as the text a CSV export would hold
 * (read-parquet-records.ts), so the CSV normalizers apply unchanged.
 */
export async function* parquetRows<T extends EvidenceRecord>(
  object: RangedObject,
  file: EvidenceFile,
  normalizerFor: (header: readonly string[], file: EvidenceFile) => RowNormalizer<T>,
): AsyncGenerator<EvidenceRow> {
  const table = await openParquet(object);
  const normalize = normalizerFor(table.columns, file);
  for await (const record of table.records()) {
    yield { line: record.row, text: record.text, result: normalize(record.fields, record.row) };
  }
}

/** Report pages are bounded by the API's page size; anything far beyond is not a page. */
export const MAX_PAGE_BYTES = 64 << 20;

/** A JSON page: parsed whole, then one row per bucket result. */
export async function* jsonPageRows<T extends EvidenceRecord>(
  body: AsyncIterable<Uint8Array>,
  file: EvidenceFile,
  normalize: (page: unknown, file: EvidenceFile) => PageRow<T>[],
): AsyncGenerator<EvidenceRow> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of await decompressed(body)) {
    size += chunk.length;
    if (size > MAX_PAGE_BYTES) {
      const head = Buffer.concat(chunks).subarray(0, 4096);
      const message = `the page is over ${MAX_PAGE_BYTES} bytes: not a report page; the first 4,096 bytes are kept here`;
      yield { line: 0, text: head, truncated: true, result: rejected([{ path: '', message }]) };
      return;
    }
    chunks.push(Buffer.from(chunk));
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') {
    yield { blank: true };
    return;
  }
  let page: unknown;
  try {
    page = JSON.parse(text);
  } catch (error) {
    yield {
      line: 0,
      text,
      result: rejected([{ path: '', message: `invalid JSON: ${(error as Error).message}` }]),
    };
    return;
  }
  yield* normalize(page, file);
}

/** NDJSON: one JSON object per line, blank lines counted, overlong lines rejected with their start. */
export async function* ndjsonRows<T extends EvidenceRecord>(
  body: AsyncIterable<Uint8Array>,
  file: EvidenceFile,
  maxLineBytes: number,
  normalize: (value: unknown, line: number, file: EvidenceFile) => RowResult<T>,
): AsyncGenerator<EvidenceRow> {
  for await (const line of readLines(body, maxLineBytes)) {
    if (line.kind === 'overlong') {
      yield {
        line: line.number,
        text: line.prefix,
        truncated: true,
        result: rejected([overlongReason(line, maxLineBytes)]),
      };
      continue;
    }
    const text = line.bytes.toString('utf8');
    if (text.trim() === '') {
      yield { blank: true };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const message = `invalid JSON: ${(error as Error).message}`;
      yield { line: line.number, text: line.bytes, result: rejected([{ path: '', message }]) };
      continue;
    }
    yield { line: line.number, text: line.bytes, result: normalize(value, line.number, file) };
  }
}
