import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../domain/errors.ts';
import { parseSqlHeader, type SqlHeader } from './sql-text.ts';

/**
 * Every statement under `sql/`, with its header. Shared statements (staging,
 * intermediate, marts, checks) run on both engines; `ddl/duckdb/` and `ddl/athena/`
 * bind the same relation names to each engine's storage. A dialect's view of the
 * catalog is the shared statements plus its own DDL.
 */
export type SqlDialect = 'duckdb' | 'athena';

export interface SqlStatement extends SqlHeader {
  readonly dialect: 'shared' | SqlDialect;
  /** Path below the sql root, with `/` separators (`marts/v_unit_costs.sql`). */
  readonly path: string;
  readonly text: string;
}

/** The repository's `sql/` folder, found from this file so it works from any working directory. */
export const DEFAULT_SQL_ROOT = fileURLToPath(new URL('../../sql/', import.meta.url));

export class SqlCatalog {
  constructor(readonly statements: readonly SqlStatement[]) {}

  /** The statements one engine runs: shared ones plus its own DDL. */
  forDialect(dialect: SqlDialect): SqlStatement[] {
    return this.statements.filter(
      (statement) => statement.dialect === 'shared' || statement.dialect === dialect,
    );
  }

  get(name: string, dialect: SqlDialect): SqlStatement {
    const found = this.forDialect(dialect).filter((statement) => statement.name === name);
    if (found.length !== 1) {
      throw new ConfigError(`the SQL catalog has ${found.length} statements named "${name}" for ${dialect}`);
    }
    return found[0] as SqlStatement;
  }

  /**
   * The named statements and everything they depend on within the given kinds, each
   * after its dependencies: the order to create tables and views in.
   */
  creationOrder(dialect: SqlDialect, names: readonly string[]): SqlStatement[] {
    const ordered: SqlStatement[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, path: readonly string[]) => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') {
        throw new ConfigError(`SQL dependency cycle: ${[...path, name].join(' -> ')}`);
      }
      state.set(name, 'visiting');
      const statement = this.get(name, dialect);
      for (const dependency of statement.dependsOn) visit(dependency, [...path, name]);
      state.set(name, 'done');
      ordered.push(statement);
    };
    for (const name of names) visit(name, []);
    return ordered;
  }
}

export async function loadSqlCatalog(root: string = DEFAULT_SQL_ROOT): Promise<SqlCatalog> {
  const files = (await listSqlFiles(root)).sort();
  const statements = await Promise.all(
    files.map(async (file): Promise<SqlStatement> => {
      const path = relative(root, file).split(sep).join('/');
      const text = await readFile(file, 'utf8');
      const header = parseSqlHeader(text, `sql/${path}`);
      if (header.name !== basename(file, '.sql')) {
        throw new ConfigError(`sql/${path}: header name "${header.name}" must equal the file name`);
      }
      return { ...header, dialect: dialectOf(path), path, text };
    }),
  );
  return new SqlCatalog(statements);
}

function dialectOf(path: string): SqlStatement['dialect'] {
  if (path.startsWith('ddl/duckdb/')) return 'duckdb';
  if (path.startsWith('ddl/athena/')) return 'athena';
  return 'shared';
}

async function listSqlFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return listSqlFiles(path);
      return entry.isFile() && entry.name.endsWith('.sql') ? [path] : [];
    }),
  );
  return nested.flat();
}
