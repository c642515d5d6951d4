import type { ObjectStore } from '../ports/object-store.ts';
import type { SqlRunner } from '../sql/sql-runner.ts';

/**
 * On DuckDB, the billing evidence, provider usage records and AWS CUR are local copies
 * (sql/ddl/duckdb/raw_billing_lines.sql and siblings), not views over the files: DuckDB
 * cannot bind a view over a folder that holds no file, and many lakes have none of
 * these. Each copy is emptied and, when its files exist, loaded again whole (land
 * replaces files; CUR rewrites a month in place). Athena reads the same files in place
 * through external tables, so this runs on DuckDB only.
 */
export interface LocalRawCopy {
  readonly table: 'raw_billing_lines' | 'raw_usage_records' | 'raw_cur_legacy' | 'raw_cur2';
  readonly prefix: string;
  /** The files the loader's glob reads. */
  readonly file: RegExp;
}

export const LOCAL_RAW_COPIES: readonly LocalRawCopy[] = [
  {
    table: 'raw_billing_lines',
    prefix: 'raw/billing_lines/',
    file: /^raw\/billing_lines\/dt=\d{4}-\d{2}-\d{2}\/[^/]+\.ndjson$/,
  },
  {
    table: 'raw_usage_records',
    prefix: 'raw/usage_records/',
    file: /^raw\/usage_records\/dt=\d{4}-\d{2}-\d{2}\/[^/]+\.ndjson$/,
  },
  {
    table: 'raw_cur_legacy',
    prefix: 'incoming/billing/cur/legacy/',
    file: /^incoming\/billing\/cur\/legacy\/[^/]+\/[^/]+\/year=\d{4}\/month=\d{1,2}\/[^/]+\.parquet$/,
  },
  {
    table: 'raw_cur2',
    prefix: 'incoming/billing/cur/cur2/',
    file: /^incoming\/billing\/cur\/cur2\/[^/]+\/data\/BILLING_PERIOD=\d{4}-\d{2}\/[^/]+\.parquet$/,
  },
];

export type LocalRawFiles = Readonly<Record<LocalRawCopy['table'], number>>;

/** Reloads every local copy from its files; returns how many files each was loaded from. */
export async function refreshLocalRawCopies(store: ObjectStore, runner: SqlRunner): Promise<LocalRawFiles> {
  const files: Record<LocalRawCopy['table'], number> = {
    raw_billing_lines: 0,
    raw_usage_records: 0,
    raw_cur_legacy: 0,
    raw_cur2: 0,
  };
  for (const copy of LOCAL_RAW_COPIES) {
    for await (const object of store.list(copy.prefix)) {
      if (copy.file.test(object.key)) files[copy.table] += 1;
    }
    await runner.create([copy.table]);
    await runner.execute(`${copy.table}__reset`);
    if (files[copy.table] > 0) await runner.execute(`${copy.table}__loaded`);
  }
  return files;
}
