import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lambdas/domain/errors.ts';
import { countParams, parseSqlHeader, renderSql, splitStatements } from '../../../lambdas/sql/sql-text.ts';

const HEADER = `-- name: v_example
-- kind: view
-- description: An example view
--   on two lines.
-- grain: one row
-- depends_on: a, b
-- params: day_from, day_to
select 1`;

describe('SQL text: header', () => {
  it('reads the six keys, joining indented continuation lines', () => {
    expect(parseSqlHeader(HEADER, 'x.sql')).toEqual({
      name: 'v_example',
      kind: 'view',
      description: 'An example view on two lines.',
      grain: 'one row',
      dependsOn: ['a', 'b'],
      params: ['day_from', 'day_to'],
    });
  });

  it('reads "none" as an empty list', () => {
    const header = parseSqlHeader(
      HEADER.replace('a, b', 'none').replace('day_from, day_to', 'none'),
      'x.sql',
    );
    expect([header.dependsOn, header.params]).toEqual([[], []]);
  });

  it('throws when a key is missing, repeated or the kind is unknown', () => {
    expect(() => parseSqlHeader(HEADER.replace('-- grain: one row\n', ''), 'x.sql')).toThrow(
      /lacks "-- grain/,
    );
    expect(() =>
      parseSqlHeader(HEADER.replace('-- grain: one row', '-- grain: a\n-- grain: b'), 'x.sql'),
    ).toThrow(/twice/);
    expect(() => parseSqlHeader(HEADER.replace('kind: view', 'kind: table'), 'x.sql')).toThrow(ConfigError);
  });
});

describe('SQL text: parameters and statements', () => {
  it('counts "?" marks outside literals, quoted identifiers and comments', () => {
    const sql = `select '?' as "a?", ? -- is this ??
      /* or ? */ from t where x = ? and y = 'it''s ?'`;
    expect(countParams(sql)).toBe(2);
  });

  it('splits at semicolons outside literals and comments, dropping empty statements', () => {
    const sql =
      "-- header; with a semicolon\ncreate macro a() as ';';\n\n-- comment only;\ncreate macro b() as 1;\n";
    expect(splitStatements(sql)).toEqual([
      "-- header; with a semicolon\ncreate macro a() as ';'",
      '-- comment only;\ncreate macro b() as 1',
    ]);
  });
});

describe('SQL text: placeholders', () => {
  it('renders the allow-listed placeholder', () => {
    expect(
      renderSql("select * from read_ndjson('{{lake}}/raw/*.ndjson')", { lake: '/data/lake' }, 'x.sql'),
    ).toBe("select * from read_ndjson('/data/lake/raw/*.ndjson')");
  });

  it('throws on an unknown placeholder, an unbound one and a value that could break out of its literal', () => {
    expect(() => renderSql("'{{bucket}}'", { lake: '/l' }, 'x.sql')).toThrow(
      /unknown placeholder \{\{bucket\}\}/,
    );
    expect(() => renderSql("'{{lake}}'", {}, 'x.sql')).toThrow(/has no value/);
    expect(() => renderSql("'{{lake}}'", { lake: "/l'; drop table t; --" }, 'x.sql')).toThrow(ConfigError);
    expect(() => renderSql("'{{ lake }'", { lake: '/l' }, 'x.sql')).toThrow(/malformed placeholder/);
  });
});
