import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  DuckDbQueryEngine,
  duckDbWarehouse,
  WAREHOUSE_FILE,
} from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { type BillingLine, BillingLineSchema } from '../../lambdas/domain/billing-line.ts';
import { type ProviderUsageRecord, ProviderUsageRecordSchema } from '../../lambdas/domain/usage-record.ts';
import {
  type ReconcileOptions,
  type ReconcileRunRecord,
  runReconcile,
} from '../../lambdas/jobs/reconcile.ts';
import type { Clock } from '../../lambdas/ports/clock.ts';
import type { SqlParam } from '../../lambdas/ports/query-engine.ts';
import { type PipelineLake, steppingClock } from './pipeline-lake.ts';

/**
 * Billing evidence and provider usage records laid out exactly as `land` leaves them
 * (raw/billing_lines/dt=<billing period start>/, raw/usage_records/dt=<usage day>/, every
 * key present and in the schema's order), and AWS CUR Parquet files where AWS delivers
 * them, for reconciliation and completeness tests.
 */
export type BillingLineInput = Partial<BillingLine> &
  Pick<BillingLine, 'billing_period_start' | 'provider' | 'charge_category' | 'billed_cost'>;

/** A billing line with the schema's key order; unset fields get plain defaults (a whole-month usage line). */
export function billingLine(input: BillingLineInput, index = 0): BillingLine {
  const start = input.billing_period_start;
  const next = new Date(`${start}T00:00:00.000Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return BillingLineSchema.parse({
    billing_period_start: start,
    charge_period_start: input.charge_period_start ?? `${start}T00:00:00.000Z`,
    charge_period_end: input.charge_period_end ?? next.toISOString(),
    provider: input.provider,
    billing_account_id: input.billing_account_id ?? null,
    sub_account_id: input.sub_account_id ?? null,
    service: input.service ?? null,
    sku_or_model: input.sku_or_model ?? null,
    charge_category: input.charge_category,
    charge_class: input.charge_class ?? null,
    billed_cost: input.billed_cost,
    effective_cost: input.effective_cost ?? input.billed_cost,
    currency: input.currency ?? 'USD',
    consumed_quantity: input.consumed_quantity ?? null,
    consumed_unit: input.consumed_unit ?? null,
    source: input.source ?? 'invoice-csv',
    source_line_id:
      input.source_line_id ??
      `${input.source ?? 'invoice-csv'}|${input.source_key ?? 'test.csv'}|${index + 2}`,
    token_type: input.token_type ?? null,
    charge_description: input.charge_description ?? null,
    source_key: input.source_key ?? 'incoming/billing/invoice-csv/test.csv',
    source_line: input.source_line ?? index + 2,
    source_received_at: input.source_received_at ?? '2030-01-01T00:00:00.000Z',
  });
}

export interface RawLanding {
  /** The land run's source id: names the raw file (`<sourceId>-00001.ndjson`). */
  readonly sourceId: string;
}

/** Writes billing lines as one land run would: one NDJSON file per billing period partition. */
export async function landBillingLines(
  lake: PipelineLake,
  inputs: readonly BillingLineInput[],
  landing: RawLanding,
): Promise<BillingLine[]> {
  const lines = inputs.map((input, index) => billingLine(input, index));
  await writePartitions(lake, 'billing_lines', lines, (line) => line.billing_period_start, landing);
  return lines;
}

export type UsageRecordInput = Partial<ProviderUsageRecord> &
  Pick<ProviderUsageRecord, 'usage_start' | 'provider' | 'source' | 'source_line_id'>;

export function usageRecord(input: UsageRecordInput, index = 0): ProviderUsageRecord {
  return ProviderUsageRecordSchema.parse({
    usage_start: input.usage_start,
    usage_end: input.usage_end ?? input.usage_start,
    provider: input.provider,
    provider_account: input.provider_account ?? null,
    model_or_deployment: input.model_or_deployment ?? null,
    request_id: input.request_id ?? null,
    billing_category: input.billing_category ?? null,
    input_tokens: input.input_tokens ?? 0,
    cached_input_tokens: input.cached_input_tokens ?? 0,
    cache_write_tokens: input.cache_write_tokens ?? 0,
    output_tokens: input.output_tokens ?? 0,
    request_count: input.request_count ?? null,
    source: input.source,
    source_line_id: input.source_line_id,
    source_key: input.source_key ?? `incoming/usage/${input.source}/test.json`,
    source_line: input.source_line ?? index + 1,
    source_received_at: input.source_received_at ?? '2030-01-01T00:00:00.000Z',
  });
}

export async function landUsageRecords(
  lake: PipelineLake,
  inputs: readonly UsageRecordInput[],
  landing: RawLanding,
): Promise<ProviderUsageRecord[]> {
  const records = inputs.map((input, index) => usageRecord(input, index));
  await writePartitions(lake, 'usage_records', records, (record) => record.usage_start.slice(0, 10), landing);
  return records;
}

async function writePartitions<T>(
  lake: PipelineLake,
  kind: 'billing_lines' | 'usage_records',
  records: readonly T[],
  dayOf: (record: T) => string,
  landing: RawLanding,
): Promise<void> {
  const byDay = new Map<string, T[]>();
  for (const record of records) byDay.set(dayOf(record), [...(byDay.get(dayOf(record)) ?? []), record]);
  for (const [dt, dayRecords] of byDay) {
    const body = dayRecords.map((record) => JSON.stringify(record)).join('\n');
    await lake.store.put(`raw/${kind}/dt=${dt}/${landing.sourceId}-00001.ndjson`, `${body}\n`);
  }
}

/** One CUR line item, legacy column names; `product_product_name` becomes `product['product_name']` in CUR 2.0. */
export interface CurRow {
  readonly identity_line_item_id: string;
  readonly bill_billing_entity: string;
  readonly bill_payer_account_id: string;
  readonly bill_billing_period_start_date: string;
  readonly line_item_usage_account_id: string;
  readonly line_item_line_item_type: string;
  readonly line_item_usage_start_date: string;
  readonly line_item_usage_end_date: string;
  readonly line_item_product_code: string;
  readonly line_item_usage_type: string;
  readonly line_item_operation: string;
  readonly line_item_resource_id: string | null;
  readonly line_item_usage_amount: number;
  readonly line_item_currency_code: string;
  readonly line_item_unblended_cost: number;
  readonly line_item_line_item_description: string;
  readonly line_item_legal_entity: string;
  readonly product_product_name: string;
  readonly pricing_unit: string;
}

const CUR_COLUMNS: readonly (readonly [keyof CurRow, string])[] = [
  ['identity_line_item_id', 'varchar'],
  ['bill_billing_entity', 'varchar'],
  ['bill_payer_account_id', 'varchar'],
  ['bill_billing_period_start_date', 'timestamp'],
  ['line_item_usage_account_id', 'varchar'],
  ['line_item_line_item_type', 'varchar'],
  ['line_item_usage_start_date', 'timestamp'],
  ['line_item_usage_end_date', 'timestamp'],
  ['line_item_product_code', 'varchar'],
  ['line_item_usage_type', 'varchar'],
  ['line_item_operation', 'varchar'],
  ['line_item_resource_id', 'varchar'],
  ['line_item_usage_amount', 'double'],
  ['line_item_currency_code', 'varchar'],
  ['line_item_unblended_cost', 'double'],
  ['line_item_line_item_description', 'varchar'],
  ['line_item_legal_entity', 'varchar'],
  ['product_product_name', 'varchar'],
  ['pricing_unit', 'varchar'],
];

/**
 * Writes CUR rows as a Parquet file where AWS delivers it: legacy CUR (flat product
 * columns, plus an unrelated column, as real reports have hundreds) under
 * `incoming/billing/cur/legacy/<report>/<report>/year=YYYY/month=M/`, or CUR 2.0 (the
 * `product` map) under `incoming/billing/cur/cur2/<export>/data/BILLING_PERIOD=YYYY-MM/`.
 * The file is written with DuckDB's COPY from rows given here by hand.
 */
export async function writeCurParquet(
  lake: PipelineLake,
  version: 'legacy' | 'cur2',
  period: string,
  rows: readonly CurRow[],
): Promise<string> {
  const [year, month] = period.split('-') as [string, string];
  const key =
    version === 'legacy'
      ? `incoming/billing/cur/legacy/ai-unit-economics/ai-unit-economics/year=${year}/month=${Number(month)}/ai-unit-economics-00001.snappy.parquet`
      : `incoming/billing/cur/cur2/ai-unit-economics-cur2/data/BILLING_PERIOD=${period}/ai-unit-economics-cur2-00001.snappy.parquet`;
  const path = join(lake.root, key);
  await mkdir(dirname(path), { recursive: true });
  const engine = await DuckDbQueryEngine.open({ databasePath: ':memory:' });
  try {
    await engine.execute(
      `create table cur_rows (${CUR_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')})`,
    );
    const marks = CUR_COLUMNS.map(([, type]) => `cast(? as ${type})`).join(', ');
    for (const row of rows) {
      const values: SqlParam[] = CUR_COLUMNS.map(([name]) => row[name]);
      await engine.execute(`insert into cur_rows values (${marks})`, values);
    }
    const select =
      version === 'legacy'
        ? "select *, 'unused' as product_instance_type from cur_rows"
        : `select * exclude (product_product_name),
             map {'product_name': product_product_name, 'region': 'us-east-1'} as product,
             'Example payer' as bill_payer_account_name
           from cur_rows`;
    await engine.execute(`copy (${select}) to '${path}' (format parquet)`);
  } finally {
    await engine.close();
  }
  return key;
}

/** Opens the lake's warehouse, runs reconcile, and leaves the engine open for assertions. */
export async function reconcileLake(
  lake: PipelineLake,
  options: ReconcileOptions,
  extra: { clock?: Clock } = {},
): Promise<{ engine: DuckDbQueryEngine; record: ReconcileRunRecord }> {
  const engine = await DuckDbQueryEngine.open({ databasePath: join(lake.root, WAREHOUSE_FILE) });
  try {
    const record = await runReconcile(
      {
        store: lake.store,
        engine,
        clock: extra.clock ?? steppingClock('2030-02-01T00:00:00.000Z'),
        warehouse: duckDbWarehouse(lake.root),
      },
      options,
    );
    return { engine, record };
  } catch (error) {
    await engine.close();
    throw error;
  }
}
