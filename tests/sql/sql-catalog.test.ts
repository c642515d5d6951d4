import { basename } from 'node:path';
import { HiveSQL, TrinoSQL } from 'dt-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DuckDbQueryEngine, duckDbWarehouse } from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { CostAllocationEventSchema } from '../../lambdas/domain/cost-event.ts';
import { BusinessUnitOutcomeEventSchema } from '../../lambdas/domain/outcome-event.ts';
import { toRawCostEvent, toRawOutcome } from '../../lambdas/domain/raw-records.ts';
import type { RawRow, SqlParam } from '../../lambdas/ports/query-engine.ts';
import { loadSqlCatalog, type SqlCatalog, type SqlDialect } from '../../lambdas/sql/sql-catalog.ts';
import { SqlRunner } from '../../lambdas/sql/sql-runner.ts';
import { countParams, renderSql, splitStatements } from '../../lambdas/sql/sql-text.ts';
import {
  costEvent,
  createPipelineLake,
  landCostEvents,
  landOutcomes,
  outcomeEvent,
  type PipelineLake,
} from '../helpers/pipeline-lake.ts';

const DIALECTS: readonly SqlDialect[] = ['duckdb', 'athena'];

/** A sample value for every parameter name the catalog uses, of the type the statement casts it to. */
const SAMPLE_PARAMS: Readonly<Record<string, SqlParam>> = {
  run_id: 'run-b',
  request_run_id: 'run-b',
  unit_run_id: 'run-b',
  daily_run_id: 'run-b',
  settings_run_id: 'run-b',
  dt_from: '2026-05-01',
  dt_to: '2026-05-31',
  day_from: '2026-05-01',
  day_to: '2026-05-31',
  cohort_from: '2026-05-01',
  cohort_to: '2026-05-31',
  outcome_day_from: '2026-05-01',
  outcome_day_to: '2026-05-31',
  merged_from: '2026-05-01',
  merged_to: '2026-05-31',
  look_up_merged_ids: true,
  window_from: '2026-05-01',
  window_to: '2026-05-31',
  as_of: '2026-05-31T12:00:00.000Z',
  outcome_as_of: '2026-05-31T12:00:00.000Z',
  reopen_as_of: '2026-05-31T12:00:00.000Z',
  request_as_of: '2026-05-31T12:00:00.000Z',
  latest_as_of: '2026-05-31T12:00:00.000Z',
  latest_day_from: '2026-05-01',
  latest_day_to: '2026-05-31',
  week: '2026-W20',
  unit_type: 'support_case',
  success_outcomes: 'resolved',
  failure_outcomes: 'reopened',
  pending_outcomes: 'pending',
  reopen_window_days: '7',
  provider: 'openai',
  model_or_deployment: 'gpt-test',
  billing_category: 'standard',
  token_type: 'input',
  unit_tokens: '1000000',
  price: '2.5',
  price_per_token: '0.0000025',
  currency: 'USD',
  effective_from: '2026-01-01T00:00:00.000Z',
  effective_to: null,
  pricing_source: 'list',
  contract_ref: null,
  billing_names:
    'Claude3Haiku\tanthropic.claude-3-haiku-20240307-v1:0\nClaude3Haiku\tus.anthropic.claude-3-haiku-20240307-v1:0',
};

let catalog: SqlCatalog;

beforeAll(async () => {
  catalog = await loadSqlCatalog();
});

describe('SQL catalog: headers', () => {
  it('names every statement after its file', () => {
    for (const statement of catalog.statements) {
      expect(statement.name, statement.path).toBe(basename(statement.path, '.sql'));
    }
  });

  it('finds every declared dependency among the statements of each engine', () => {
    for (const dialect of DIALECTS) {
      const names = new Set(catalog.forDialect(dialect).map((statement) => statement.name));
      for (const statement of catalog.forDialect(dialect)) {
        for (const dependency of statement.dependsOn) {
          expect(names.has(dependency), `${statement.path} depends on ${dependency} (${dialect})`).toBe(true);
        }
      }
    }
  });

  it('orders every statement after its dependencies without a cycle', () => {
    for (const dialect of DIALECTS) {
      const all = catalog.forDialect(dialect).map((statement) => statement.name);
      const ordered = catalog.creationOrder(dialect, all).map((statement) => statement.name);
      for (const statement of catalog.forDialect(dialect)) {
        for (const dependency of statement.dependsOn) {
          expect(ordered.indexOf(dependency)).toBeLessThan(ordered.indexOf(statement.name));
        }
      }
    }
  });

  it('lists exactly one param per "?" mark', () => {
    for (const statement of catalog.statements) {
      expect(countParams(statement.text), statement.path).toBe(statement.params.length);
    }
  });

  it('holds one statement per file, except the DuckDB Trino-compatibility macros', () => {
    for (const statement of catalog.statements) {
      if (statement.name === 'trino_compat') continue;
      expect(splitStatements(statement.text), statement.path).toHaveLength(1);
    }
  });

  it('binds the same relations on both engines', () => {
    const relations = (dialect: SqlDialect) =>
      catalog.statements
        .filter((statement) => statement.dialect === dialect && statement.kind === 'ddl')
        .map((statement) => statement.name)
        .filter((name) => !['trino_compat', 'prices_csv'].includes(name))
        .sort();
    expect(relations('athena')).toEqual(relations('duckdb'));
  });

  it('declares the same columns for each table on both engines', () => {
    const columnsOf = (dialect: SqlDialect, name: string) => {
      const text = catalog.get(name, dialect).text;
      const body = text.slice(text.indexOf('(') + 1, text.search(/\n\)/));
      return [...body.matchAll(/^\s+`?(\w+)`? /gm)].map((match) => match[1]);
    };
    const isTable = (dialect: SqlDialect, name: string) =>
      /^create table/m.test(catalog.get(name, dialect).text);
    const tables = catalog.statements.filter(
      (statement) =>
        statement.dialect === 'duckdb' &&
        isTable('duckdb', statement.name) &&
        isTable('athena', statement.name),
    );
    expect(tables.length).toBeGreaterThan(5);
    for (const table of tables) {
      expect(columnsOf('athena', table.name), table.name).toEqual(columnsOf('duckdb', table.name));
    }
  });
});

describe('SQL catalog: raw bindings', () => {
  it('reads raw/ with exactly the keys land writes, in order, on both engines', () => {
    const source = { key: 'k', line: 1, receivedAt: '2026-05-11T00:00:00.000Z' };
    const event = toRawCostEvent(
      CostAllocationEventSchema.parse(costEvent({ request_id: 'r', timestamp_utc: '2026-05-11T00:00:00Z' })),
      source,
    );
    const outcome = toRawOutcome(
      BusinessUnitOutcomeEventSchema.parse(
        outcomeEvent({ unit_id: 'u', outcome: 'resolved', outcome_at: '2026-05-11T00:00:00Z' }),
      ),
      source,
    );
    const duckdbColumns = (name: string) =>
      [...catalog.get(name, 'duckdb').text.matchAll(/^\s+'(\w+)': '\w+'/gm)].map((match) => match[1]);
    const athenaColumns = (name: string) =>
      [...catalog.get(name, 'athena').text.matchAll(/^\s+`(\w+)` \w+/gm)].map((match) => match[1]);
    expect(duckdbColumns('raw_cost_events')).toEqual(Object.keys(event));
    expect(athenaColumns('raw_cost_events')).toEqual(Object.keys(event));
    expect(duckdbColumns('raw_outcomes')).toEqual(Object.keys(outcome));
    expect(athenaColumns('raw_outcomes')).toEqual(Object.keys(outcome));
  });
});

describe('SQL catalog: Trino and Hive grammar', () => {
  it('accepts every shared statement as Trino SQL', () => {
    const trino = new TrinoSQL();
    for (const statement of catalog.statements.filter((item) => item.dialect === 'shared')) {
      const errors = trino.validate(statement.text).map((error) => error.message);
      expect(errors, statement.path).toEqual([]);
    }
  });

  it('accepts every Athena DDL statement: views as Trino SQL, tables as Hive DDL', () => {
    const trino = new TrinoSQL();
    const hive = new HiveSQL();
    const athena = catalog.statements.filter((item) => item.dialect === 'athena');
    expect(athena.length).toBeGreaterThan(5);
    for (const statement of athena) {
      const sql = renderSql(statement.text, { lake: 's3://example-bucket' }, statement.path);
      const parser = /create or replace view/i.test(sql) ? trino : hive;
      expect(
        parser.validate(sql).map((error) => error.message),
        statement.path,
      ).toEqual([]);
    }
  });

  it('rejects DuckDB-only syntax, so the grammar check can fail', () => {
    expect(
      new TrinoSQL().validate('select x::integer from t qualify row_number() over () = 1').length,
    ).toBeGreaterThan(0);
  });
});

describe('SQL catalog: every statement runs on DuckDB', () => {
  let lake: PipelineLake;
  let engine: DuckDbQueryEngine;
  let runner: SqlRunner;

  beforeAll(async () => {
    lake = await createPipelineLake();
    await landCostEvents(lake, [costEvent({ request_id: 'r1', timestamp_utc: '2026-05-10T10:00:00Z' })], {
      runId: 'land-1',
      receivedAt: '2026-05-11T00:00:00.000Z',
    });
    await landOutcomes(
      lake,
      [outcomeEvent({ unit_id: 'c1', outcome: 'resolved', outcome_at: '2026-05-10T12:00:00Z' })],
      {
        runId: 'land-2',
        receivedAt: '2026-05-11T00:00:00.000Z',
      },
    );
    engine = await DuckDbQueryEngine.open({ databasePath: ':memory:' });
    runner = new SqlRunner(engine, catalog, duckDbWarehouse(lake.root));
  });

  afterAll(async () => {
    await engine.close();
    await lake.remove();
  });

  it('creates every table and view in dependency order', async () => {
    const relations = catalog
      .forDialect('duckdb')
      .filter(
        (statement) =>
          (statement.kind === 'ddl' || statement.kind === 'view') &&
          statement.name !== 'trino_compat' &&
          !readsOtherRaw(statement.name),
      );
    await runner.create(relations.map((statement) => statement.name));
    const AnyRow = z.record(z.string(), z.string().nullable()) as z.ZodType<RawRow, RawRow>;
    for (const relation of relations) {
      const { rows } = await engine.query(`select count(*) as n from ${relation.name}`, [], AnyRow);
      expect(rows, relation.name).toHaveLength(1);
    }
  });

  it('runs every query and check with sample values bound to its params', async () => {
    const statements = catalog
      .forDialect('duckdb')
      .filter(
        (statement) =>
          (statement.kind === 'query' || statement.kind === 'check') && !readsOtherRaw(statement.name),
      );
    expect(statements.length).toBeGreaterThan(10);
    const skipped: string[] = [];
    for (const statement of statements) {
      const values = statement.params.map((name) => [name, sampleParam(name)] as const);
      if (values.some(([, value]) => value === undefined)) {
        skipped.push(statement.path);
        continue;
      }
      const params = Object.fromEntries(values) as Record<string, SqlParam>;
      await expect(runner.execute(statement.name, params), statement.path).resolves.toBeDefined();
    }
    // Only the alert job's statements may take parameters this test cannot guess (its own tests run them).
    expect(skipped.filter((path) => !/(^|\/)alert_/.test(path))).toEqual([]);
  });
});

/**
 * Whether a statement reads (directly or through its dependencies) a raw/ kind this fixture
 * lake does not hold: DuckDB cannot bind a view over a folder with no file, and the jobs
 * landing billing and usage evidence test their own raw bindings.
 */
function readsOtherRaw(name: string): boolean {
  return catalog
    .creationOrder('duckdb', [name])
    .some(
      (statement) =>
        /^raw_/.test(statement.name) && !['raw_cost_events', 'raw_outcomes'].includes(statement.name),
    );
}

/** The listed sample, or one guessed from the name's usual meaning (other jobs' statements). */
function sampleParam(name: string): SqlParam | undefined {
  if (name in SAMPLE_PARAMS) return SAMPLE_PARAMS[name] as SqlParam;
  if (name === 'environment') return 'production';
  if (/^week(_from|_to)?$/.test(name)) return '2026-W20';
  if (/(^|_)day(_|$)|_from$|_to$/.test(name)) return name.endsWith('_to') ? '2026-05-31' : '2026-05-01';
  if (/(threshold|share|band|volume|ratio|factor|min_|max_|currencies)/.test(name)) return 1;
  return undefined;
}
