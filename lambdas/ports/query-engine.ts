import type { z } from 'zod';

/**
 * The query engine: Athena in AWS, DuckDB locally. Both run the same SQL text from
 * `sql/`; values are bound to positional `?` parameters, never spliced into the text.
 * Every cell comes back as a string (or null), as Athena returns them, and is decoded
 * by the caller's zod row schema at this edge.
 */
export type SqlParam = string | number | bigint | boolean | null;

export interface QueryStats {
  /** Athena's QueryExecutionId; a local sequence number on DuckDB. */
  readonly executionId: string;
  /** Athena's DataScannedInBytes; null where the engine does not report it. */
  readonly bytesScanned: number | null;
  readonly elapsedMillis: number;
}

export type RawRow = Readonly<Record<string, string | null>>;

export interface QueryEngine {
  /** Runs a statement that returns no rows (DDL, INSERT, MERGE, DELETE). */
  execute(sql: string, params?: readonly SqlParam[]): Promise<QueryStats>;
  /** Runs a query and decodes each row with the schema; a row that does not decode throws. */
  query<Row>(
    sql: string,
    params: readonly SqlParam[],
    row: z.ZodType<Row, RawRow>,
  ): Promise<{ readonly rows: Row[]; readonly stats: QueryStats }>;
  close(): Promise<void>;
}
