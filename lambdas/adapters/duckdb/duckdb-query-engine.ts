import { readFile } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue, type Json } from '@duckdb/node-api';
import type { z } from 'zod';
import { QueryFailedError } from '../../domain/errors.ts';
import type { QueryEngine, QueryStats, RawRow, SqlParam } from '../../ports/query-engine.ts';
import { DEFAULT_SQL_ROOT } from '../../sql/sql-catalog.ts';
import { splitStatements } from '../../sql/sql-text.ts';
import type { Warehouse } from '../../sql/warehouse.ts';

/** Where the local warehouse lives inside a lake folder (DESIGN §8). */
export const WAREHOUSE_FILE = 'warehouse.duckdb';

/** The Trino functions DuckDB lacks, as macros with the Trino names, loaded at open. */
const TRINO_COMPAT_FILE = join(DEFAULT_SQL_ROOT, 'ddl', 'duckdb', 'trino_compat.sql');

export interface DuckDbOptions {
  /** A `.duckdb` file (created when missing) or `:memory:`. */
  readonly databasePath: string;
  /** Override for tests; defaults to the repository's `sql/ddl/duckdb/trino_compat.sql`. */
  readonly trinoCompatFile?: string;
}

/**
 * The query engine on an embedded DuckDB: one database file, one connection, statements
 * run one at a time in call order. Downloadable extensions stay off (this runs offline),
 * the session is UTC and divides integers like Trino, and every cell comes back as a
 * string: DECIMAL as its exact text, never through a JS number.
 */
export class DuckDbQueryEngine implements QueryEngine {
  private queue: Promise<unknown> = Promise.resolve();
  private sequence = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(options: DuckDbOptions): Promise<DuckDbQueryEngine> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(options.databasePath, {
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
        // A new warehouse file is written in the storage format of DuckDB 1.3 (readable by 1.3 and
        // later) instead of the 0.10 one DuckDB still picks by default: its dictionary + FSST
        // compression of text made the first merge of 2M requests insert in 4.6 s instead of
        // 5.5, into a file 2-4% larger. An existing file keeps the format it was made in.
        storage_compatibility_version: 'v1.3.0',
      });
    } catch (error) {
      throw new QueryFailedError(
        `could not open the DuckDB file ${options.databasePath}: ${messageOf(error)} (is another process using it?)`,
        { cause: error, retryable: true },
      );
    }
    const connection = await instance.connect();
    const engine = new DuckDbQueryEngine(instance, connection);
    await engine.execute("SET TimeZone = 'UTC'");
    await engine.execute('SET integer_division = true');
    // Bulk inserts (compute's merges and results) write in parallel instead of in scan order, about a
    // tenth faster; every result that is read in order says so with ORDER BY.
    await engine.execute('SET preserve_insertion_order = false');
    // Blocks freed by one statement are kept for the next instead of going back to the system: on
    // a first compute of 2M requests this spared a tenth of the time, which went on faulting fresh
    // pages in. The memory stays with the process until it exits, as a CLI run does.
    await engine.execute(`SET block_allocator_memory = '${blockAllocatorMemory()}'`);
    const macros = await readFile(options.trinoCompatFile ?? TRINO_COMPAT_FILE, 'utf8');
    for (const statement of splitStatements(macros)) await engine.execute(statement);
    return engine;
  }

  execute(sql: string, params: readonly SqlParam[] = []): Promise<QueryStats> {
    return this.serialized(async () => {
      const started = performance.now();
      await this.connection.run(sql, toDuckDbValues(params));
      return this.stats(started);
    });
  }

  query<Row>(
    sql: string,
    params: readonly SqlParam[],
    row: z.ZodType<Row, RawRow>,
  ): Promise<{ readonly rows: Row[]; readonly stats: QueryStats }> {
    return this.serialized(async () => {
      const started = performance.now();
      const reader = await this.connection.runAndReadAll(sql, toDuckDbValues(params));
      const names = reader.columnNames();
      const rows = reader.getRowsJson().map((cells, index) => {
        const raw: Record<string, string | null> = {};
        names.forEach((name, column) => {
          raw[name] = cellToString(cells[column] ?? null);
        });
        const decoded = row.safeParse(raw);
        if (!decoded.success) {
          throw new QueryFailedError(
            `row ${index + 1} of the result does not decode: ${decoded.error.message}`,
          );
        }
        return decoded.data;
      });
      return { rows, stats: this.stats(started) };
    });
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(async () => {
      try {
        return await work();
      } catch (error) {
        if (error instanceof QueryFailedError) throw error;
        throw new QueryFailedError(`DuckDB: ${messageOf(error)}`, { cause: error });
      }
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  private stats(started: number): QueryStats {
    this.sequence += 1;
    return {
      executionId: `duckdb-${this.sequence}`,
      bytesScanned: null,
      elapsedMillis: Math.round(performance.now() - started),
    };
  }
}

/**
 * The local warehouse of a lake folder: the engine on `<lake>/warehouse.duckdb` and the
 * binding that points the DuckDB DDL at the lake's files.
 */
export async function openLocalWarehouse(
  lakeRoot: string,
): Promise<{ readonly engine: DuckDbQueryEngine; readonly warehouse: Warehouse }> {
  const root = resolve(lakeRoot);
  const engine = await DuckDbQueryEngine.open({ databasePath: join(root, WAREHOUSE_FILE) });
  return { engine, warehouse: duckDbWarehouse(root) };
}

export function duckDbWarehouse(lakeRoot: string): Warehouse {
  return { dialect: 'duckdb', placeholders: { lake: resolve(lakeRoot) } };
}

function toDuckDbValues(params: readonly SqlParam[]): DuckDBValue[] | undefined {
  return params.length === 0 ? undefined : params.map((param) => param as DuckDBValue);
}

/** Cells as Athena returns them: text, `true`/`false`, null; nested values as JSON text. */
function cellToString(cell: Json): string | null {
  if (cell === null) return null;
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return JSON.stringify(cell);
}

/** A quarter of the machine's memory: DuckDB's own limit is 80%, and a first compute of 10M requests peaks at 2.6-3.3 GB. */
function blockAllocatorMemory(): string {
  return `${Math.floor(totalmem() / 4 / 2 ** 20)}MiB`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
