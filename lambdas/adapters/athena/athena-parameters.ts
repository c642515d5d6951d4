import { InvalidInputError, QueryFailedError } from '../../domain/errors.ts';
import type { SqlParam } from '../../ports/query-engine.ts';

/**
 * Athena binds ExecutionParameters as SQL literal text, in order: a string goes with its
 * quotes (`'USA'`), a number bare. So each value is rendered here, and the `?` count is
 * checked before sending, because Athena would only fail the query after queueing it.
 * Returns undefined when there are no parameters: Athena rejects an empty list.
 */
export function toExecutionParameters(sql: string, params: readonly SqlParam[]): string[] | undefined {
  const placeholders = countPlaceholders(sql);
  if (placeholders !== params.length) {
    throw new QueryFailedError(
      `the statement has ${placeholders} ? placeholders but ${params.length} parameters were given: ` +
        'pass exactly one value per ? (a ? inside quotes or comments does not count)',
    );
  }
  return params.length === 0 ? undefined : params.map(renderSqlLiteral);
}

/** One value as Trino SQL literal text. */
export function renderSqlLiteral(value: SqlParam): string {
  if (value === null) return 'NULL';
  switch (typeof value) {
    case 'string':
      // Trino strings have no backslash escapes: doubling the quote is the only escape.
      return `'${value.replaceAll("'", "''")}'`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      if (!Number.isFinite(value)) {
        throw new InvalidInputError(
          `cannot bind ${value} as a SQL parameter: SQL has no literal for it; pass a finite number or null`,
        );
      }
      return String(value);
  }
}

/**
 * Counts the `?` placeholders Athena will bind: those outside 'strings', "identifiers",
 * -- line comments and block comments. Quotes escape themselves by doubling, which this
 * scan handles for free: '' closes and reopens the string.
 */
export function countPlaceholders(sql: string): number {
  let count = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      const close = sql.indexOf(ch, i + 1);
      i = close === -1 ? sql.length : close + 1;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const close = sql.indexOf('\n', i + 2);
      i = close === -1 ? sql.length : close + 1;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? sql.length : close + 2;
    } else {
      if (ch === '?') count += 1;
      i += 1;
    }
  }
  return count;
}
