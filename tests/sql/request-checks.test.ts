import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DuckDbQueryEngine, duckDbWarehouse } from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import type { RawRow } from '../../lambdas/ports/query-engine.ts';
import { loadSqlCatalog } from '../../lambdas/sql/sql-catalog.ts';
import { SqlRunner } from '../../lambdas/sql/sql-runner.ts';

const AnyRow = z.record(z.string(), z.string().nullable()) as z.ZodType<RawRow, RawRow>;

/**
 * assert_requests_unique on curated rows written by hand. A run merged 2026-05-10..11 and
 * checks them against 2026-05-08..12: an id is listed when it has more than one row in those
 * days and one of them is on a merged day.
 */
const ROWS: [id: string, day: string][] = [
  // A later copy moved it to a merged day; the old row stays on its own day: listed.
  ['moved', '2026-05-09'],
  ['moved', '2026-05-10'],
  // Both copies on merged days: listed.
  ['both-merged', '2026-05-10'],
  ['both-merged', '2026-05-11'],
  // Twice, but on days this run did not merge: an earlier run's to report, not this one's.
  ['old-pair', '2026-05-08'],
  ['old-pair', '2026-05-09'],
  // The other copy is before the checked days: one row counted.
  ['far-copy', '2026-05-01'],
  ['far-copy', '2026-05-10'],
  ['once', '2026-05-11'],
];

describe('SQL: assert_requests_unique', () => {
  let engine: DuckDbQueryEngine;
  let runner: SqlRunner;

  beforeAll(async () => {
    engine = await DuckDbQueryEngine.open({ databasePath: ':memory:' });
    runner = new SqlRunner(engine, await loadSqlCatalog(), duckDbWarehouse('.'));
    await runner.create(['requests']);
    for (const [id, day] of ROWS) {
      await engine.execute('insert into requests (request_id, request_day) values (?, cast(? as date))', [
        id,
        day,
      ]);
    }
  });

  afterAll(async () => {
    await engine.close();
  });

  it.each([
    ['grouping every checked id', false],
    ['looking up the merged days ids', true],
  ])(
    'lists the ids with several rows in the checked days, one of them on a merged day (%s)',
    async (_, lookUp) => {
      const failing = await runner.query(
        'assert_requests_unique',
        {
          merged_from: '2026-05-10',
          merged_to: '2026-05-11',
          day_from: '2026-05-08',
          day_to: '2026-05-12',
          look_up_merged_ids: lookUp,
        },
        AnyRow,
      );

      expect(failing.sort((a, b) => String(a.request_id).localeCompare(String(b.request_id)))).toEqual([
        { request_id: 'both-merged', copies: '2' },
        { request_id: 'moved', copies: '2' },
      ]);
    },
  );
});
