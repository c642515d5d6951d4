import type { z } from 'zod';
import { AppError, QueryFailedError } from '../domain/errors.ts';
import type { QueryEngine, QueryStats, RawRow, SqlParam } from '../ports/query-engine.ts';
import type { SqlCatalog, SqlStatement } from './sql-catalog.ts';
import { countParams, renderSql, stripTrailingSemicolon } from './sql-text.ts';
import type { Warehouse } from './warehouse.ts';

/** One statement a job ran, as the run record stores it. */
export interface RecordedQuery {
  readonly name: string;
  readonly execution_id: string;
  readonly bytes_scanned: number | null;
  readonly elapsed_ms: number;
}

export type NamedParams = Readonly<Record<string, SqlParam>>;

/**
 * Runs catalog statements by name on one engine. Values are passed by parameter name
 * and bound to the `?` marks in the order the header lists them; every run is recorded
 * (execution id, bytes scanned, time) for the job's run record.
 */
export class SqlRunner {
  readonly recorded: RecordedQuery[] = [];

  constructor(
    readonly engine: QueryEngine,
    readonly catalog: SqlCatalog,
    readonly warehouse: Warehouse,
  ) {}

  statement(name: string): SqlStatement {
    return this.catalog.get(name, this.warehouse.dialect);
  }

  async execute(name: string, params: NamedParams = {}): Promise<QueryStats> {
    const statement = this.statement(name);
    const stats = await this.wrap(statement, () =>
      this.engine.execute(this.sqlOf(statement), bind(statement, params)),
    );
    this.record(name, stats);
    return stats;
  }

  async query<Row>(name: string, params: NamedParams, row: z.ZodType<Row, RawRow>): Promise<Row[]> {
    const statement = this.statement(name);
    const result = await this.wrap(statement, () =>
      this.engine.query(this.sqlOf(statement), bind(statement, params), row),
    );
    this.record(name, result.stats);
    return result.rows;
  }

  /** Creates the named relations and whatever they depend on, dependencies first. */
  async create(names: readonly string[]): Promise<void> {
    for (const statement of this.catalog.creationOrder(this.warehouse.dialect, names)) {
      if (statement.kind === 'ddl' || statement.kind === 'view') await this.execute(statement.name);
    }
  }

  sqlOf(statement: SqlStatement): string {
    return stripTrailingSemicolon(
      renderSql(statement.text, this.warehouse.placeholders, `sql/${statement.path}`),
    );
  }

  private record(name: string, stats: QueryStats): void {
    this.recorded.push({
      name,
      execution_id: stats.executionId,
      bytes_scanned: stats.bytesScanned,
      elapsed_ms: stats.elapsedMillis,
    });
  }

  private async wrap<T>(statement: SqlStatement, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retryable = error instanceof AppError && error.retryable;
      throw new QueryFailedError(`sql/${statement.path} failed: ${message}`, { cause: error, retryable });
    }
  }
}

/** The positional values of a statement, from values named after its header's params. */
export function bind(statement: SqlStatement, params: NamedParams): SqlParam[] {
  const expected = new Set(statement.params);
  for (const name of Object.keys(params)) {
    if (!expected.has(name)) throw new AppError(`sql/${statement.path} has no parameter "${name}"`);
  }
  const values = statement.params.map((name) => {
    if (!(name in params)) throw new AppError(`sql/${statement.path} needs a value for parameter "${name}"`);
    return params[name] as SqlParam;
  });
  const marks = countParams(statement.text);
  if (marks !== values.length) {
    throw new AppError(
      `sql/${statement.path} has ${marks} "?" marks but its header lists ${values.length} params`,
    );
  }
  return values;
}
