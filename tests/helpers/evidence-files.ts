import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { decimalToPico, picoToDecimal } from '../../lambdas/domain/money.ts';

/**
 * Test helpers for billing evidence: the third-party samples in `../shared/data/`
 * (read in place, never copied), the fixtures under `tests/fixtures/`, and CSV read with
 * csv-parse directly, independently of the land job's own reader.
 */
export { sharedDataPath } from './shared-data.ts';

export function fixturePath(path: string): URL {
  return new URL(`../fixtures/${path}`, import.meta.url);
}

export function readJson(url: URL): unknown {
  return JSON.parse(readFileSync(url, 'utf8'));
}

export interface CsvFile {
  readonly header: string[];
  /** Data rows with the line each ends on (the header is line 1). */
  readonly rows: { fields: string[]; line: number }[];
}

export function readCsv(url: URL): CsvFile {
  const records = parse(readFileSync(url), {
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const [header, ...rows] = records;
  if (!header) throw new Error(`${url} is empty`);
  return {
    header: header.record,
    rows: rows.map(({ record, info }) => ({ fields: record, line: info.lines })),
  };
}

/** Adds columns a spec snippet leaves out (the FOCUS spec examples show only the columns they are about). */
export function withColumns(file: CsvFile, columns: Record<string, string>): CsvFile {
  const names = Object.keys(columns);
  return {
    header: [...file.header, ...names],
    rows: file.rows.map((row) => ({
      ...row,
      fields: [...row.fields, ...names.map((name) => columns[name] ?? '')],
    })),
  };
}

/** Exact sum of decimal strings (at most 12 decimals each). */
export function sumDecimals(values: readonly string[]): string {
  return picoToDecimal(values.reduce((total, value) => total + decimalToPico(value), 0n));
}
