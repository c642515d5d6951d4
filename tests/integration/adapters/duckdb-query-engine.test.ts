import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DuckDbQueryEngine } from '../../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { QueryFailedError } from '../../../lambdas/domain/errors.ts';
import type { RawRow } from '../../../lambdas/ports/query-engine.ts';

const AnyRow = z.record(z.string(), z.string().nullable()) as z.ZodType<RawRow, RawRow>;

describe('Adapter: DuckDbQueryEngine', () => {
  let engine: DuckDbQueryEngine;

  beforeAll(async () => {
    engine = await DuckDbQueryEngine.open({ databasePath: ':memory:' });
  });

  afterAll(async () => {
    await engine.close();
  });

  it('returns every cell as a string, decimals exact, never through a JS number', async () => {
    const { rows } = await engine.query(
      `select cast('12345678901234567890.123456789012' as decimal(38, 12)) as money,
              cast(9007199254740993 as bigint) as big, true as flag, cast(null as varchar) as nothing,
              timestamp '2026-05-11 09:30:00.120' as ts`,
      [],
      AnyRow,
    );
    expect(rows).toEqual([
      {
        money: '12345678901234567890.123456789012',
        big: '9007199254740993',
        flag: 'true',
        nothing: null,
        ts: '2026-05-11 09:30:00.12',
      },
    ]);
  });

  it('binds "?" parameters positionally', async () => {
    const { rows } = await engine.query(
      'select cast(? as varchar) || cast(? as varchar) as joined',
      ['a', 'b'],
      AnyRow,
    );
    expect(rows[0]?.joined).toBe('ab');
  });

  it('runs in UTC, divides integers like Trino and has the Trino-compatibility macros', async () => {
    const { rows } = await engine.query(
      `select cast(cast(from_iso8601_timestamp('2026-05-11T09:30:00+02:00') as timestamp) as varchar) as utc,
              7 / 2 as quotient, year_of_week(date '2025-12-29') as iso_year,
              len(sequence(date '2025-12-30', date '2026-01-02')) as days`,
      [],
      AnyRow,
    );
    expect(rows[0]).toEqual({ utc: '2026-05-11 07:30:00', quotient: '3', iso_year: '2026', days: '4' });
  });

  it('decodes each row with the caller schema and throws when one does not decode', async () => {
    const Row = z.object({ n: z.string().regex(/^\d+$/) });
    await expect(engine.query("select 'x' as n", [], Row)).rejects.toBeInstanceOf(QueryFailedError);
  });

  it('throws QueryFailedError with the engine message on bad SQL, and keeps working after', async () => {
    await expect(engine.execute('select * from no_such_table')).rejects.toThrow(/no_such_table/);
    const stats = await engine.execute('create table t (a integer)');
    expect(stats.executionId).toMatch(/^duckdb-\d+$/);
    expect(stats.bytesScanned).toBeNull();
  });

  it('keeps downloadable extensions off', async () => {
    await expect(
      engine.execute("select * from read_parquet('s3://bucket/key.parquet')"),
    ).rejects.toBeInstanceOf(QueryFailedError);
  });
});

describe('Adapter: DuckDbQueryEngine on a warehouse file', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'aiue-duckdb-file-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  const storage = async (engine: DuckDbQueryEngine) => {
    await engine.execute('create table if not exists labels (label varchar)');
    // Enough rows of few distinct values for DuckDB to compress a segment of its own choice.
    await engine.execute("insert into labels select 'label-' || (i % 50) from range(300000) as r(i)");
    await engine.execute('checkpoint');
    const { rows } = await engine.query(
      `select
         (select map_extract_value(tags, 'storage_version') from duckdb_databases()
          where database_name = current_database()) as version,
         (select string_agg(distinct compression, ',' order by compression)
          from pragma_storage_info('labels') where segment_type = 'VARCHAR') as compression`,
      [],
      AnyRow,
    );
    return rows[0];
  };

  it('makes a new file in the storage format of DuckDB 1.3, with dictionary + FSST text', async () => {
    const engine = await DuckDbQueryEngine.open({ databasePath: join(folder, 'new.duckdb') });
    try {
      expect(await storage(engine)).toEqual({ version: 'v1.3.0+', compression: 'DICT_FSST' });
    } finally {
      await engine.close();
    }
  });

  it('keeps working on a file made in the default format of DuckDB, which the file keeps', async () => {
    // Prepare: a warehouse made before the format was set, as by an earlier version of this tool.
    const path = join(folder, 'earlier.duckdb');
    const earlier = await DuckDBInstance.create(path);
    const connection = await earlier.connect();
    await connection.run("create table labels as select 'old' as label");
    connection.closeSync();
    earlier.closeSync();

    const engine = await DuckDbQueryEngine.open({ databasePath: path });
    try {
      expect(await storage(engine)).toEqual({ version: 'v1.0.0+', compression: 'Dictionary' });
      const { rows } = await engine.query('select count(*) as n from labels', [], AnyRow);
      expect(rows[0]?.n).toBe('300001');
    } finally {
      await engine.close();
    }
  });
});
