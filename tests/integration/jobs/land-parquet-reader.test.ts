import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbQueryEngine } from '../../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { StorageError } from '../../../lambdas/domain/errors.ts';
import {
  isParquetError,
  openParquet,
  type ParquetRecord,
  type RangedObject,
} from '../../../lambdas/jobs/land/read-parquet-records.ts';

/**
 * The land job's Parquet reader on a file large enough to matter: 120,000 rows in four
 * row groups, about 3 MB, written by DuckDB. Row n holds n, the decimal n + (n mod 100)/100
 * and the text "row-n", so every cell's expected text follows from its row number.
 */
const ROWS = 120_000;
const GROUP_ROWS = 30_720; // 15 × DuckDB's 2,048-row vectors: groups of 30,720 × 3 and 27,840

/** A ranged object over bytes in memory that records every range asked for. */
function spied(bytes: Uint8Array): RangedObject & { ranges: [number, number][] } {
  const ranges: [number, number][] = [];
  return {
    size: bytes.length,
    ranges,
    range: async (start, end) => {
      ranges.push([start, end]);
      return bytes.slice(start, end);
    },
  };
}

/** n + (n mod 100)/100 as canonical decimal text: 7 → "7.07", 110 → "110.1", 200 → "200". */
function amountText(n: number): string {
  const cents = n % 100;
  if (cents === 0) return String(n);
  return cents % 10 === 0 ? `${n}.${cents / 10}` : `${n}.${String(cents).padStart(2, '0')}`;
}

describe('Land: Parquet reader', () => {
  let scratch: string;
  let bytes: Uint8Array;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'aiue-parquet-reader-'));
    const path = join(scratch, 'rows.parquet');
    const engine = await DuckDbQueryEngine.open({ databasePath: ':memory:' });
    try {
      await engine.execute(
        `copy (
           select i as n,
                  cast(i as decimal(18, 2)) + cast(i % 100 as decimal(18, 2)) / 100 as amount,
                  'row-' || i as label
           from range(${ROWS}) as r(i) order by i
         ) to '${path}' (format parquet, compression uncompressed, row_group_size ${GROUP_ROWS})`,
      );
    } finally {
      await engine.close();
    }
    bytes = new Uint8Array(await readFile(path));
  });

  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('reads row group by row group: the first rows arrive before most of the file is fetched', async () => {
    // Prepare
    const object = spied(bytes);
    const groups = parquetMetadata(bytes).row_groups.length;

    // Act
    const table = await openParquet(object);
    const records = table.records();
    const first = (await records.next()).value as ParquetRecord;
    const fetchedBeforeFirstRow = object.ranges.reduce((total, [start, end]) => total + end - start, 0);
    let count = 1;
    let wrong = 0;
    for await (const record of records) {
      count++;
      const n = record.row - 1;
      if (record.fields.join('|') !== `${n}|${amountText(n)}|row-${n}`) wrong++;
    }

    // Assess
    expect(groups).toBe(4);
    expect(table.columns).toEqual(['n', 'amount', 'label']);
    expect(table.rowCount).toBe(ROWS);
    expect(first).toEqual({
      fields: ['0', '0', 'row-0'],
      row: 1,
      text: '{"n":"0","amount":"0","label":"row-0"}',
    });
    expect(fetchedBeforeFirstRow).toBeLessThan(bytes.length / 2);
    expect(count).toBe(ROWS);
    expect(wrong).toBe(0);
  });

  it('yields the rows of the groups it could read, then a Parquet error naming the broken group', async () => {
    // Prepare: overwrite the start of row group 3's first column chunk (its page header).
    const metadata = parquetMetadata(bytes);
    const chunk = metadata.row_groups[2]?.columns[0]?.meta_data;
    const offset = Number(chunk?.dictionary_page_offset ?? chunk?.data_page_offset);
    const broken = bytes.slice();
    broken.fill(0xff, offset, offset + 64);

    // Act
    const table = await openParquet(spied(broken));
    let rows = 0;
    let failure: unknown;
    try {
      for await (const _ of table.records()) rows++;
    } catch (error) {
      failure = error;
    }

    // Assess: groups 1 and 2 (2 × 30,720 rows) came through before the fault.
    expect(rows).toBe(2 * GROUP_ROWS);
    expect(isParquetError(failure)).toBe(true);
    expect((failure as Error).message).toMatch(/^could not read row group 3 of 4 \(rows 61441-92160\): /);
  });

  it('passes a store failure through as it is, so the run fails and retries instead of quarantining', async () => {
    // Prepare
    const unavailable = new StorageError('S3 answered 503', { retryable: true });
    const object: RangedObject = { size: bytes.length, range: () => Promise.reject(unavailable) };

    // Act
    const failure = await openParquet(object).catch((error: unknown) => error);

    // Assess
    expect(failure).toBe(unavailable);
    expect(isParquetError(failure)).toBe(false);
  });
});
