import type { z } from 'zod';

/**
 * What every evidence normalizer returns per source row: the normalized record, or every
 * reason the row was rejected. `path` names the source field (a FOCUS column, a JSON path
 * such as `data.0.results.2.amount.value`), so a quarantined row says file, line, field
 * and reason.
 */
export interface Reason {
  readonly path: string;
  readonly message: string;
}

export type RowResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reasons: readonly Reason[] };

/** The evidence object a row came from: its key and when it arrived (ISO UTC). */
export interface EvidenceFile {
  readonly key: string;
  readonly receivedAt: string;
}

/**
 * One row of a JSON page (a bucket result): `line` is its 1-based position across the
 * page's buckets (0 = the page itself), `text` its JSON for the quarantine.
 */
export interface PageRow<T> {
  readonly line: number;
  readonly text: string;
  readonly result: RowResult<T>;
}

export function accepted<T>(value: T): RowResult<T> {
  return { ok: true, value };
}

export function rejected<T>(reasons: readonly Reason[]): RowResult<T> {
  return { ok: false, reasons };
}

export function reasonsOf(error: z.ZodError, prefix: readonly (string | number)[] = []): Reason[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.'),
    message: issue.message,
  }));
}

/**
 * The final guard of every normalizer: the record must satisfy its output schema. A
 * failure here names the output field; normalizers check source fields first, so this
 * only fires on a bug or an input no source check foresaw.
 */
export function checked<T>(schema: z.ZodType<T>, value: T): RowResult<T> {
  const result = schema.safeParse(value);
  return result.success ? accepted(value) : rejected(reasonsOf(result.error));
}
