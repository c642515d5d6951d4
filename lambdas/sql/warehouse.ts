import type { SqlDialect } from './sql-catalog.ts';
import type { Placeholders } from './sql-text.ts';

/**
 * How the shared SQL meets one engine's storage: which DDL folder binds the relations
 * (`sql/ddl/duckdb/` or `sql/ddl/athena/`) and the values of its placeholders (`lake`:
 * the local lake folder for DuckDB, `s3://<bucket>` for Athena).
 */
export interface Warehouse {
  readonly dialect: SqlDialect;
  readonly placeholders: Placeholders;
}

/** The Athena binding: the lake bucket; the Glue database and workgroup live in the engine. */
export function athenaWarehouse(bucket: string): Warehouse {
  return { dialect: 'athena', placeholders: { lake: `s3://${bucket}` } };
}
