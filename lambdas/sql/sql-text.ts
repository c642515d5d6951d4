import { ConfigError } from '../domain/errors.ts';

/**
 * Pure helpers over SQL text: the fixed header of every `sql/` file (STYLE.md rule 10),
 * counting positional `?` parameters, splitting a multi-statement file and rendering
 * the few allow-listed `{{placeholders}}` the engine-specific DDL may hold. All of them
 * skip string literals, quoted identifiers and comments, so a `?` or `;` inside
 * `'…'` is never mistaken for syntax.
 */

export const STATEMENT_KINDS = ['view', 'query', 'check', 'ddl'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

export interface SqlHeader {
  readonly name: string;
  readonly kind: StatementKind;
  readonly description: string;
  readonly grain: string;
  readonly dependsOn: readonly string[];
  /** Parameter names in the order of the `?` marks they bind; a name may repeat. */
  readonly params: readonly string[];
}

const HEADER_KEYS = ['name', 'kind', 'description', 'grain', 'depends_on', 'params'] as const;

/** Reads the leading `-- key: value` block; indented `--   …` lines continue the previous key. */
export function parseSqlHeader(text: string, where: string): SqlHeader {
  const values = new Map<string, string>();
  let current: string | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith('--')) break;
    const body = line.slice(2);
    const keyed = /^ ([a-z_]+):(.*)$/.exec(body);
    if (keyed && (HEADER_KEYS as readonly string[]).includes(keyed[1] ?? '')) {
      current = keyed[1] as string;
      if (values.has(current)) throw new ConfigError(`${where}: header key "${current}" appears twice`);
      values.set(current, (keyed[2] ?? '').trim());
    } else if (current && /^\s{2,}\S/.test(body)) {
      values.set(current, `${values.get(current)} ${body.trim()}`.trim());
    } else if (body.trim() !== '') {
      throw new ConfigError(
        `${where}: header line "${line}" is neither "-- key: value" nor an indented continuation`,
      );
    }
  }
  for (const key of HEADER_KEYS) {
    if (!values.get(key)) throw new ConfigError(`${where}: the header lacks "-- ${key}: …"`);
  }
  const kind = values.get('kind') as StatementKind;
  if (!STATEMENT_KINDS.includes(kind)) {
    throw new ConfigError(`${where}: kind "${kind}" must be one of ${STATEMENT_KINDS.join(', ')}`);
  }
  return {
    name: values.get('name') as string,
    kind,
    description: values.get('description') as string,
    grain: values.get('grain') as string,
    dependsOn: nameList(values.get('depends_on') as string),
    params: nameList(values.get('params') as string),
  };
}

function nameList(value: string): string[] {
  if (value === 'none') return [];
  return value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** The text with comments removed and every literal's content blanked (same length). */
function maskLiteralsAndComments(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const char = sql[i] as string;
    const next = sql[i + 1];
    if (char === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (char === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      out += sql.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (char === "'" || char === '"') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === char && sql[j + 1] === char) j += 2;
        else if (sql[j] === char) break;
        else j++;
      }
      out += char + sql.slice(i + 1, j).replace(/[^\n]/g, '_') + (j < sql.length ? char : '');
      i = j + 1;
    } else {
      out += char;
      i++;
    }
  }
  return out;
}

/** How many positional `?` parameters the statement binds. */
export function countParams(sql: string): number {
  return (maskLiteralsAndComments(sql).match(/\?/g) ?? []).length;
}

/** The statements of a file, split at `;` outside literals and comments; blank ones dropped. */
export function splitStatements(sql: string): string[] {
  const masked = maskLiteralsAndComments(sql);
  const statements: string[] = [];
  let start = 0;
  for (let i = 0; i < masked.length; i++) {
    if (masked[i] === ';') {
      statements.push(sql.slice(start, i));
      start = i + 1;
    }
  }
  statements.push(sql.slice(start));
  return statements.map((text) => text.trim()).filter((text) => maskLiteralsAndComments(text).trim() !== '');
}

/** The statement without its trailing `;`, as engines want a single statement. */
export function stripTrailingSemicolon(sql: string): string {
  return sql.trim().replace(/;\s*$/, '');
}

/**
 * The only placeholders SQL files may hold: where the lake lives (a local directory for
 * DuckDB, `s3://bucket` for Athena). Values go inside quoted literals, so they must not
 * hold a quote, a newline or another placeholder.
 */
export const ALLOWED_PLACEHOLDERS = ['lake'] as const;
export type PlaceholderName = (typeof ALLOWED_PLACEHOLDERS)[number];
export type Placeholders = Readonly<Partial<Record<PlaceholderName, string>>>;

export function renderSql(sql: string, placeholders: Placeholders, where: string): string {
  const rendered = sql.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (_match, name: string) => {
    if (!(ALLOWED_PLACEHOLDERS as readonly string[]).includes(name)) {
      throw new ConfigError(
        `${where}: unknown placeholder {{${name}}}; allowed: ${ALLOWED_PLACEHOLDERS.join(', ')}`,
      );
    }
    const value = placeholders[name as PlaceholderName];
    if (value === undefined) throw new ConfigError(`${where}: placeholder {{${name}}} has no value`);
    if (/['\n\r{}]/.test(value) || value === '') {
      throw new ConfigError(
        `${where}: the value of {{${name}}} ("${value}") must be non-empty and hold no quote, brace or newline`,
      );
    }
    return value;
  });
  if (rendered.includes('{{') || rendered.includes('}}')) {
    throw new ConfigError(`${where}: a malformed placeholder is left after rendering`);
  }
  return rendered;
}
