import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DuckDbQueryEngine } from '../../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { DirectoryObjectStore } from '../../../lambdas/adapters/local/directory-object-store.ts';
import { type LandRunRecord, runLand } from '../../../lambdas/jobs/land.ts';
import { readCsv, sharedDataPath, sumDecimals } from '../../helpers/evidence-files.ts';
import { readNdjsonTree, tempLake } from '../../helpers/temp-lake.ts';

/**
 * FOCUS exports in Parquet land exactly as the same rows in CSV. The Parquet files are
 * written here by DuckDB from the shared samples, with typed columns (DECIMAL money,
 * TIMESTAMP periods, real NULLs, JSON), so the two routes share nothing but the
 * normalizer: csv-parse on the original text, DuckDB → hyparquet on the typed copy.
 */
const clock = { now: () => new Date('2026-06-02T06:00:00Z') };
const ARRIVED = new Date('2026-06-02T03:00:00Z');

/** Each sample, the codec of its Parquet copy, and its period columns' type (AWS FOCUS uses milliseconds). */
const SAMPLES = [
  { path: 'focus-sample-data-1.0/focus_sample.csv', codec: 'snappy', time: 'timestamp' },
  {
    path: 'focus-ai-examples/ai_model_billing/per_token_ai_model_api.csv',
    codec: 'zstd',
    time: 'timestamptz',
  },
  {
    path: 'focus-ai-examples/ai_model_billing/cached_tokens_via_csp_marketplace.csv',
    codec: 'gzip',
    time: 'timestamp_ms',
  },
  {
    path: 'focus-ai-examples/ai_model_billing/csp_served_third_party_model.csv',
    codec: 'brotli',
    time: 'timestamptz',
  },
  {
    path: 'focus-ai-examples/ai_model_billing/drawdown_via_prepayment_ai_model_api.csv',
    codec: 'lz4_raw',
    time: 'timestamp_ms',
  },
  {
    path: 'focus-ai-examples/ai_model_billing/multi_model_usage.csv',
    codec: 'uncompressed',
    time: 'timestamptz',
  },
  { path: 'focus-ai-examples/ai_prompt_caching/ai_prompt_caching_a.csv', codec: 'snappy', time: 'timestamp' },
] as const;

const csvKey = (path: string) => `incoming/billing/focus/csv/${path}`;
const parquetKey = (path: string, codec: string) =>
  `incoming/billing/focus/parquet/${path.replace(/\.csv$/, '')}.${codec}.parquet`;

/** Where a line came from: differs between the two routes by design. */
const ORIGIN = ['source_key', 'source_line', 'source_line_id', 'source_received_at'] as const;
type Line = Record<string, unknown>;
const withoutOrigin = (line: Line) =>
  Object.fromEntries(
    Object.entries(line).filter(([field]) => !(ORIGIN as readonly string[]).includes(field)),
  );
const byLine = (a: Line, b: Line) => (a.source_line as number) - (b.source_line as number);

/** `read_csv` of a sample with its money, quantity and period columns typed, the rest text, NULL as null. */
function typedSelect(path: string, time: string): string {
  const header = readCsv(sharedDataPath(path)).header;
  const casts = [
    ...['BilledCost', 'EffectiveCost', 'ConsumedQuantity'].map((column) => [column, 'decimal(38, 15)']),
    ...['BillingPeriodStart', 'ChargePeriodStart', 'ChargePeriodEnd'].map((column) => [column, time]),
    ['SkuPriceDetails', 'json'],
  ].filter(([column]) => header.includes(column as string));
  const replace = casts.map(([column, type]) => `cast("${column}" as ${type}) as "${column}"`).join(', ');
  return `select * replace (${replace}) from read_csv('${fileURLToPath(sharedDataPath(path))}', all_varchar = true, nullstr = ['NULL', ''])`;
}

describe('Job: land (FOCUS Parquet, the same rows as FOCUS CSV)', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let scratch: string;
  let store: DirectoryObjectStore;
  let engine: DuckDbQueryEngine;
  let record: LandRunRecord;
  let lines: Line[];
  let quarantined: Line[];

  const put = (key: string, body: string | Uint8Array) => store.put(key, body, { lastModified: ARRIVED });
  const objectOf = (key: string) => record.objects.find((object) => object.key === key);
  const linesOf = (key: string) => lines.filter((line) => line.source_key === key).sort(byLine);

  /** DuckDB's COPY of `select` to Parquet, returned as bytes. */
  async function parquetOf(select: string, options: string): Promise<Buffer> {
    const path = join(scratch, `${Math.random().toString(36).slice(2)}.parquet`);
    await engine.execute(`copy (${select}) to '${path}' (format parquet, ${options})`);
    return readFile(path);
  }

  beforeAll(async () => {
    ({ root, cleanup } = await tempLake());
    scratch = await mkdtemp(join(tmpdir(), 'aiue-parquet-'));
    store = new DirectoryObjectStore(root);
    engine = await DuckDbQueryEngine.open({ databasePath: ':memory:' });

    for (const sample of SAMPLES) {
      await put(csvKey(sample.path), await readFile(sharedDataPath(sample.path)));
      const bytes = await parquetOf(typedSelect(sample.path, sample.time), `compression ${sample.codec}`);
      await put(parquetKey(sample.path, sample.codec), bytes);
    }

    // Precision: DECIMAL(38,18) (fixed-length bytes), DECIMAL(18,6) (INT64), DECIMAL(9,4) (INT32),
    // negative values, a NULL where a value is required, a JSON SkuPriceDetails and a Tags map.
    await put(
      'incoming/billing/focus/parquet/precision/decimals.zstd.parquet',
      await parquetOf(
        `select 'AWS' as ProviderName, 'Amazon Bedrock' as ServiceName, 'Usage' as ChargeCategory,
           'usd' as BillingCurrency,
           timestamp '2026-05-01 00:00:00' as BillingPeriodStart,
           timestamp '2026-05-03 10:00:00' as ChargePeriodStart,
           timestamp '2026-05-03 11:00:00' as ChargePeriodEnd,
           cast(billed as decimal(38, 18)) as BilledCost,
           cast(effective as decimal(18, 6)) as EffectiveCost,
           cast(quantity as decimal(9, 4)) as ConsumedQuantity,
           cast('{"ModelId": "anthropic.claude-3-haiku-20240307-v1:0", "TokenDirection": "Input"}' as json) as SkuPriceDetails,
           map {'team': 'search'} as Tags
         from (values
           ('1234567890123.456789012345678', '123456789012.345678', '12345.6789'),
           ('-98765432109876.543210987654321', '-0.000001', '-0.0001'),
           (null, '1', '1')
         ) as t(billed, effective, quantity)`,
        'compression zstd',
      ),
    );
    // AWS Data Exports' FOCUS types: costs DOUBLE, periods in milliseconds; here also a FLOAT and a BIGINT.
    await put(
      'incoming/billing/focus/parquet/aws-typed/export-00001.snappy.parquet',
      await parquetOf(
        `select 'AWS' as ProviderName, 'Usage' as ChargeCategory, 'USD' as BillingCurrency,
           timestamp_ms '2026-05-01 00:00:00' as BillingPeriodStart,
           timestamp_ms '2026-05-03 10:00:00.123' as ChargePeriodStart,
           timestamp_ms '2026-05-03 11:00:00' as ChargePeriodEnd,
           cast(x.billed as double) as BilledCost,
           cast(0.1 as float) as EffectiveCost,
           cast(1200000 as bigint) as ConsumedQuantity
         from (values (0.1::double + 0.2::double), (1.5e-7::double)) as x(billed)`,
        'compression snappy',
      ),
    );

    // Unreadable: the first half of a real file (its footer is gone), and bytes that are not Parquet.
    const whole = await readFile(join(root, ...parquetKey(SAMPLES[0].path, SAMPLES[0].codec).split('/')));
    await put('incoming/billing/focus/broken/truncated.snappy.parquet', whole.subarray(0, whole.length >> 1));
    await put('incoming/billing/focus/broken/not-parquet.parquet', 'BilledCost,ChargeCategory\n1.00,Usage\n');
    await put('incoming/billing/focus/broken/export-Manifest.json', '{}');

    record = await runLand({ store, clock });
    lines = await readNdjsonTree(join(root, 'raw/billing_lines'));
    quarantined = await readNdjsonTree(join(root, 'quarantine/billing_lines'));
  });

  afterAll(async () => {
    await engine?.close();
    await rm(scratch, { recursive: true, force: true });
    await cleanup?.();
  });

  it.each(SAMPLES)('lands $path from $codec Parquet as the same billing lines as from CSV', (sample) => {
    // Act: done once in beforeAll.
    const fromCsv = linesOf(csvKey(sample.path));
    const fromParquet = linesOf(parquetKey(sample.path, sample.codec));

    // Assess: every row of the sample, numbered 1… in the Parquet file, equal field for field.
    const rows = readCsv(sharedDataPath(sample.path)).rows.length;
    expect(objectOf(parquetKey(sample.path, sample.codec))).toMatchObject({
      records_read: rows,
      valid: rows,
      quarantined: 0,
      error: null,
    });
    expect(fromCsv).toHaveLength(rows);
    expect(fromParquet.map((line) => line.source_line)).toEqual(
      Array.from({ length: rows }, (_, i) => i + 1),
    );
    expect(fromParquet.map(withoutOrigin)).toEqual(fromCsv.map(withoutOrigin));
  });

  it('sums the real FOCUS sample per charge category to the figures DuckDB sums over the CSV', async () => {
    // Prepare: the independent figures, summed by DuckDB over the original text.
    const sample = SAMPLES[0];
    const { rows } = await engine.query(
      `select lower(ChargeCategory) as category,
              cast(sum(cast(BilledCost as decimal(38, 15))) as varchar) as billed,
              cast(sum(cast(coalesce(EffectiveCost, BilledCost) as decimal(38, 15))) as varchar) as effective
       from read_csv('${fileURLToPath(sharedDataPath(sample.path))}', all_varchar = true, nullstr = ['NULL', ''])
       group by 1 order by 1`,
      [],
      z.object({ category: z.string(), billed: z.string(), effective: z.string() }),
    );
    const trimmed = (text: string) => text.replace(/\.?0+$/, '');

    // Act
    const landed = linesOf(parquetKey(sample.path, sample.codec));
    const total = (category: string, field: 'billed_cost' | 'effective_cost') =>
      sumDecimals(
        landed.filter((line) => line.charge_category === category).map((line) => line[field] as string),
      );

    // Assess: usage, credit and adjustment map one to one (no unused commitment in the sample).
    expect(rows.map((row) => row.category)).toEqual(['adjustment', 'credit', 'usage']);
    for (const row of rows) {
      expect(total(row.category, 'billed_cost'), row.category).toBe(trimmed(row.billed));
      expect(total(row.category, 'effective_cost'), row.category).toBe(trimmed(row.effective));
    }
  });

  it('sums the AI examples per charge category to the figures read off the CSV cells by hand', () => {
    const totals = (path: string, codec: string) => {
      const byCategory: Record<string, [string[], string[]]> = {};
      for (const line of linesOf(parquetKey(path, codec))) {
        const category = line.charge_category as string;
        byCategory[category] ??= [[], []];
        const [billed, effective] = byCategory[category];
        billed.push(line.billed_cost as string);
        effective.push(line.effective_cost as string);
      }
      return Object.fromEntries(
        Object.entries(byCategory).map(([category, [billed, effective]]) => [
          category,
          [sumDecimals(billed), sumDecimals(effective)],
        ]),
      );
    };

    // per token: 42.00 + 52.50; prompt caching: 1.5 + 7.5 + 2.4 + 22.5.
    expect(totals(SAMPLES[1].path, SAMPLES[1].codec)).toEqual({ usage: ['94.5', '94.5'] });
    expect(totals(SAMPLES[6].path, SAMPLES[6].codec)).toEqual({ usage: ['33.9', '33.9'] });
    // Drawdown: the purchase is billed 500000.00 with no effective cost; usage billed 0.00 + 0.00,
    // effective 20.00 + 30.00 drawn from the commitment.
    expect(totals(SAMPLES[4].path, SAMPLES[4].codec)).toEqual({
      commitment: ['500000', '0'],
      usage: ['0', '50'],
    });
  });

  it('keeps DECIMAL money exact beyond 15 significant digits, negative and of every width', () => {
    // Act
    const landed = linesOf('incoming/billing/focus/parquet/precision/decimals.zstd.parquet');

    // Assess: the values written, as text; the model and token type come from the JSON column.
    expect(landed.map((line) => [line.billed_cost, line.effective_cost, line.consumed_quantity])).toEqual([
      ['1234567890123.456789012345678', '123456789012.345678', '12345.6789'],
      ['-98765432109876.543210987654321', '-0.000001', '-0.0001'],
    ]);
    expect(landed[0]).toMatchObject({
      provider: 'bedrock',
      currency: 'USD',
      sku_or_model: 'anthropic.claude-3-haiku-20240307-v1:0',
      token_type: 'input',
      billing_period_start: '2026-05-01',
      charge_period_start: '2026-05-03T10:00:00.000Z',
      charge_period_end: '2026-05-03T11:00:00.000Z',
      source_line: 1,
    });
  });

  it('quarantines a row with a NULL BilledCost under its row number, with the row as JSON', () => {
    // Act
    const entries = quarantined.filter(
      (entry) => entry.source_key === 'incoming/billing/focus/parquet/precision/decimals.zstd.parquet',
    );

    // Assess
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      line: 3,
      reasons: [{ path: 'BilledCost', message: 'must not be empty or NULL' }],
    });
    const row = JSON.parse(entries[0]?.text as string);
    expect(row).toMatchObject({ BilledCost: null, EffectiveCost: '1', Tags: '{"team":"search"}' });
    expect(JSON.parse(row.SkuPriceDetails)).toEqual({
      ModelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      TokenDirection: 'Input',
    });
  });

  it('reads DOUBLE and FLOAT costs as their shortest round-trip decimals and milliseconds as written', () => {
    // Act
    const landed = linesOf('incoming/billing/focus/parquet/aws-typed/export-00001.snappy.parquet');

    // Assess: 0.1 + 0.2 in binary64 is 0.30000000000000004; 1.5e-7 prints as 0.00000015;
    // the FLOAT 0.1 is 0.1 at single precision, not 0.10000000149011612.
    expect(landed.map((line) => [line.billed_cost, line.effective_cost, line.consumed_quantity])).toEqual([
      ['0.30000000000000004', '0.1', '1200000'],
      ['0.00000015', '0.1', '1200000'],
    ]);
    expect(landed[0]?.charge_period_start).toBe('2026-05-03T10:00:00.123Z');
  });

  it('reports an unreadable Parquet object as its own error and lands every other object', () => {
    // Assess: one quarantined record each, naming the fault; the run itself finished.
    for (const key of [
      'incoming/billing/focus/broken/truncated.snappy.parquet',
      'incoming/billing/focus/broken/not-parquet.parquet',
    ]) {
      expect(objectOf(key), key).toMatchObject({ records_read: 1, valid: 0, quarantined: 1 });
      expect(objectOf(key)?.error, key).toMatch(
        /^the object could not be read past line 0: not a readable Parquet file: parquet file invalid/,
      );
      expect(quarantined.filter((entry) => entry.source_key === key).map((entry) => entry.line)).toEqual([1]);
    }
    expect(record.ignored.map((entry) => entry.key)).toEqual([
      'incoming/billing/focus/broken/export-Manifest.json',
    ]);
    const landedObjects = record.objects.filter((object) => object.valid > 0);
    expect(landedObjects).toHaveLength(SAMPLES.length * 2 + 2);
  });
});
