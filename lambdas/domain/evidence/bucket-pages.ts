import { type PageRow, type Reason, type RowResult, rejected } from './row-result.ts';

/**
 * Walks a vendor report page (`{ data: [ { <bucket times>, results: [ … ] } ] }`, the
 * shape of the OpenAI costs/usage and Anthropic cost/usage APIs) and normalizes each
 * result with its bucket. Every result becomes one row, accepted or rejected; a page or
 * bucket too broken to hold results becomes one rejected row, so the counts add up.
 *
 * Ids: normalizers build `source_line_id` from the bucket start and the result's
 * grouping fields. Two results of one bucket can only share an id when the page was
 * pulled without grouping; the second and later get `|#2`, `|#3`… in page order.
 */
export interface Bucket {
  /** ISO UTC */
  readonly start: string;
  readonly end: string;
}

export interface ResultPosition {
  readonly path: string;
  readonly line: number;
}

export interface BucketPageReader<T> {
  /** The bucket's times, or why they cannot be read. */
  readonly bucketTimes: (bucket: Record<string, unknown>) => Bucket | Reason[];
  /** `at.path` is the result's JSON path in the page, `at.line` its position (the row's `line`). */
  readonly normalize: (result: unknown, bucket: Bucket, at: ResultPosition) => RowResult<T>;
}

export function readBucketPage<T extends { source_line_id: string }>(
  page: unknown,
  reader: BucketPageReader<T>,
): PageRow<T>[] {
  if (!isObject(page) || !Array.isArray(page.data)) {
    return [
      {
        line: 0,
        text: excerpt(page),
        result: rejected([
          { path: 'data', message: 'the page must be a JSON object with a "data" array of buckets' },
        ]),
      },
    ];
  }
  const rows: PageRow<T>[] = [];
  const seen = new Map<string, number>();
  for (const [bucketIndex, bucket] of page.data.entries()) {
    const path = `data.${bucketIndex}`;
    if (!isObject(bucket) || !Array.isArray(bucket.results)) {
      const message = 'a bucket must be an object with a "results" array';
      rows.push({
        line: rows.length + 1,
        text: excerpt(bucket),
        result: rejected([{ path: `${path}.results`, message }]),
      });
      continue;
    }
    const times = reader.bucketTimes(bucket);
    for (const [resultIndex, result] of bucket.results.entries()) {
      const at = { path: `${path}.results.${resultIndex}`, line: rows.length + 1 };
      const outcome = Array.isArray(times)
        ? rejected<T>(times.map((reason) => ({ ...reason, path: `${path}.${reason.path}` })))
        : reader.normalize(result, times, at);
      rows.push({
        line: at.line,
        text: JSON.stringify(result) ?? 'undefined',
        result: unique(outcome, seen),
      });
    }
  }
  return rows;
}

function unique<T extends { source_line_id: string }>(
  outcome: RowResult<T>,
  seen: Map<string, number>,
): RowResult<T> {
  if (!outcome.ok) return outcome;
  const id = outcome.value.source_line_id;
  const count = (seen.get(id) ?? 0) + 1;
  seen.set(id, count);
  return count === 1 ? outcome : { ok: true, value: { ...outcome.value, source_line_id: `${id}|#${count}` } };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function excerpt(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 4096 ? `${text.slice(0, 4096)}…` : text;
}
