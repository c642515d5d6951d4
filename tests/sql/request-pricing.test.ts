import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbQueryEngine } from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import type { RawRow } from '../../lambdas/ports/query-engine.ts';
import {
  computeLake,
  costEvent,
  createPipelineLake,
  landCostEvents,
  type PipelineLake,
  selectRows,
  writePricing,
} from '../helpers/pipeline-lake.ts';

/**
 * Request pricing (DESIGN §7.1, §7.2): given requests and price rows, the expected
 * cost of each request is worked out by hand below (tokens x price / unit_tokens per
 * token type), never taken from the code.
 */
const PRICES = [
  // gpt-test input changes price at 2026-05-10T12:00:00Z: [from, to) ranges.
  'openai,gpt-test,standard,input,1000000,2.50,USD,2026-01-01,2026-05-10T12:00:00Z,list,',
  'openai,gpt-test,standard,input,1000000,2.00,USD,2026-05-10T12:00:00Z,,list,',
  'openai,gpt-test,standard,output,1000000,10.00,USD,2026-01-01,,list,',
  'openai,gpt-test,standard,cached_input,1000000,1.25,USD,2026-01-01,,list,',
  'openai,gpt-test,standard,cache_write,1000000,3.75,USD,2026-01-01,,list,',
  'openai,gpt-test,batch,input,1000000,1.25,USD,2026-01-01,,list,',
  'openai,gpt-test,batch,output,1000000,5.00,USD,2026-01-01,,list,',
  'openai,o-test,standard,input,1000000,1.00,USD,2026-01-01,,list,',
  'openai,o-test,standard,output,1000000,8.00,USD,2026-01-01,,list,',
  'openai,o-test,standard,reasoning,1000000,20.00,USD,2026-01-01,,list,',
  'openai,fee-test,standard,input,1000000,1.00,USD,2026-01-01,,list,',
  'openai,fee-test,standard,output,1000000,2.00,USD,2026-01-01,,list,',
  'openai,fee-test,standard,request,1000,5.00,USD,2026-01-01,,contract,C-42',
  'openai,gpt-nocache,standard,input,1000000,2.50,USD,2026-01-01,,list,',
  'openai,gpt-nocache,standard,output,1000000,10.00,USD,2026-01-01,,list,',
  'openai,late-test,standard,input,1000000,1.00,USD,2026-05-10,,list,',
  'openai,late-test,standard,output,1000000,1.00,USD,2026-05-10,,list,',
  'openai,tiny-test,standard,input,1000000,0.0000015,USD,2026-01-01,,list,',
  // gap-test's output row ends at 2026-05-10 while its input row goes on.
  'openai,gap-test,standard,input,1000000,1.00,USD,2026-01-01,,list,',
  'openai,gap-test,standard,output,1000000,4.00,USD,2026-01-01,2026-05-10,list,',
];

function request(id: string, at: string, model: string, usage: Record<string, number>, extra = {}) {
  return costEvent({
    request_id: id,
    timestamp_utc: at,
    application: 'pricing-app',
    model_or_deployment: model,
    usage,
    ...extra,
  });
}

const REQUESTS = [
  request('before-change', '2026-05-10T11:59:59Z', 'gpt-test', { input_tokens: 1_000_000, output_tokens: 0 }),
  request('at-change', '2026-05-10T12:00:00Z', 'gpt-test', { input_tokens: 1_000_000, output_tokens: 0 }),
  request('cache-mix', '2026-05-09T10:00:00Z', 'gpt-test', {
    input_tokens: 10_000,
    cached_input_tokens: 6_000,
    cache_write_tokens: 1_000,
    output_tokens: 2_000,
    reasoning_tokens: 500,
  }),
  request('reasoning-row', '2026-05-09T10:00:00Z', 'o-test', {
    input_tokens: 1_000,
    output_tokens: 3_000,
    reasoning_tokens: 1_000,
  }),
  request('reasoning-row-no-reasoning', '2026-05-09T10:00:00Z', 'o-test', {
    input_tokens: 0,
    output_tokens: 1_000,
  }),
  request(
    'batch',
    '2026-05-09T10:00:00Z',
    'gpt-test',
    { input_tokens: 100_000, output_tokens: 10_000 },
    { billing_category: 'batch' },
  ),
  request('fee', '2026-05-09T10:00:00Z', 'fee-test', { input_tokens: 1_000, output_tokens: 500 }),
  request(
    'fee-only',
    '2026-05-09T10:00:00Z',
    'fee-test',
    { input_tokens: 0, output_tokens: 0 },
    { status: 'failed' },
  ),
  request('no-tokens', '2026-05-09T10:00:00Z', 'gpt-test', { input_tokens: 0, output_tokens: 0 }),
  request('unpriced-model', '2026-05-09T10:00:00Z', 'mystery', { input_tokens: 1_000, output_tokens: 100 }),
  request('unpriced-type', '2026-05-09T10:00:00Z', 'gpt-nocache', {
    input_tokens: 1_000,
    cached_input_tokens: 100,
    output_tokens: 10,
  }),
  request('type-not-needed', '2026-05-09T10:00:00Z', 'gpt-nocache', {
    input_tokens: 1_000,
    output_tokens: 10,
  }),
  request(
    'unknown-provider',
    '2026-05-09T10:00:00Z',
    'x-1',
    { input_tokens: 1_000, output_tokens: 100 },
    { provider: 'acme' },
  ),
  request('large', '2026-05-09T10:00:00Z', 'gpt-test', { input_tokens: 123_456_789, output_tokens: 987_654 }),
  request('before-first-price', '2026-05-09T23:59:59Z', 'late-test', {
    input_tokens: 1_000_000,
    output_tokens: 0,
  }),
  request('at-first-price', '2026-05-10T00:00:00Z', 'late-test', {
    input_tokens: 1_000_000,
    output_tokens: 0,
  }),
  request('tiny', '2026-05-09T10:00:00Z', 'tiny-test', { input_tokens: 1, output_tokens: 0 }),
  request('after-change', '2026-05-10T12:00:01Z', 'gpt-test', {
    input_tokens: 1_000_000,
    output_tokens: 100_000,
  }),
  request('before-output-ends', '2026-05-09T23:59:59Z', 'gap-test', {
    input_tokens: 1_000_000,
    output_tokens: 1_000_000,
  }),
  request('after-output-ends', '2026-05-10T00:00:00Z', 'gap-test', {
    input_tokens: 1_000_000,
    output_tokens: 1_000_000,
  }),
  request('after-output-ends-input-only', '2026-05-10T00:00:00Z', 'gap-test', {
    input_tokens: 1_000_000,
    output_tokens: 0,
  }),
];

describe('SQL: request pricing (int_requests__priced, v_request_costs)', () => {
  let lake: PipelineLake;
  let engine: DuckDbQueryEngine;
  let byId: Map<string, RawRow>;

  beforeAll(async () => {
    lake = await createPipelineLake();
    await writePricing(lake, PRICES);
    await landCostEvents(lake, REQUESTS, { runId: 'land-1', receivedAt: '2026-05-10T13:00:00.000Z' });
    ({ engine } = await computeLake(lake, { asOf: new Date('2026-05-11T00:00:00Z') }));
    const rows = await selectRows(engine, 'select * from v_request_costs');
    byId = new Map(rows.map((row) => [row.request_id as string, row]));
  });

  afterAll(async () => {
    await engine.close();
    await lake.remove();
  });

  const cost = (id: string) => byId.get(id)?.cost;

  it('prices a request one second before a price change at the old price', () => {
    // 1,000,000 input tokens x 2.50 / 1,000,000 = 2.50 (the range [2026-01-01, 12:00:00Z) holds 11:59:59).
    expect(cost('before-change')).toBe('2.500000000000');
  });

  it('prices a request at the price-change instant at the new price', () => {
    // 1,000,000 x 2.00 / 1,000,000 = 2.00: effective_from is inclusive, effective_to exclusive.
    expect(cost('at-change')).toBe('2.000000000000');
  });

  it('prices a request after one type changed price at the new row and the other types at their unchanged rows', () => {
    // input 1,000,000 x 2.00/1M = 2.00 (the new row); output 100,000 x 10.00/1M = 1.00 (the row since 2026-01-01)
    expect(byId.get('after-change')?.input_price_per_token).toBe('0.000002000000000000000000');
    expect(cost('after-change')).toBe('3.000000000000');
  });

  it('prices each type by its own range when the row of one type ends and that of another goes on', () => {
    // one second before the output row ends: 1,000,000 x 1.00/1M + 1,000,000 x 4.00/1M = 5.00
    expect(cost('before-output-ends')).toBe('5.000000000000');
    // from its end on, output tokens have no row: unpriced, and only output is missing
    expect(byId.get('after-output-ends')?.priced).toBe('false');
    expect(byId.get('after-output-ends')?.cost).toBeNull();
    expect(byId.get('after-output-ends')?.missing_price_token_types).toBe('output');
    // without output tokens the input row alone prices it: 1,000,000 x 1.00/1M = 1.00
    expect(cost('after-output-ends-input-only')).toBe('1.000000000000');
  });

  it('bills cached, cache-write and uncached input at their own rows and reasoning inside output without a reasoning row', () => {
    // uncached = 10,000 - 6,000 - 1,000 = 3,000 x 2.50/1M = 0.0075
    // cached 6,000 x 1.25/1M = 0.0075; cache write 1,000 x 3.75/1M = 0.00375
    // output 2,000 (its 500 reasoning tokens included) x 10.00/1M = 0.02
    // total 0.0075 + 0.0075 + 0.00375 + 0.02 = 0.03875
    const row = byId.get('cache-mix');
    expect(row?.uncached_input_tokens).toBe('3000');
    expect(row?.cost).toBe('0.038750000000');
    expect(row?.priced).toBe('true');
  });

  it('bills reasoning tokens at the reasoning row and the rest of output at the output row when a reasoning row exists', () => {
    // input 1,000 x 1.00/1M = 0.001; output (3,000 - 1,000) x 8.00/1M = 0.016; reasoning 1,000 x 20.00/1M = 0.02
    expect(cost('reasoning-row')).toBe('0.037000000000');
    // no reasoning tokens: all 1,000 output tokens x 8.00/1M = 0.008
    expect(cost('reasoning-row-no-reasoning')).toBe('0.008000000000');
  });

  it('prices a batch request at the batch rows', () => {
    // 100,000 x 1.25/1M = 0.125 + 10,000 x 5.00/1M = 0.05 -> 0.175 (standard rows would give 0.35)
    expect(cost('batch')).toBe('0.175000000000');
  });

  it('adds the request fee once per request, whatever its status', () => {
    // 1,000 x 1.00/1M = 0.001 + 500 x 2.00/1M = 0.001 + fee 5.00 / 1,000 = 0.005 -> 0.007
    expect(cost('fee')).toBe('0.007000000000');
    expect(byId.get('fee')?.request_fee).toBe('0.005000000000000000000000');
    // no tokens, status failed: the fee alone, 0.005
    expect(cost('fee-only')).toBe('0.005000000000');
  });

  it('costs a request with no tokens zero, and priced', () => {
    expect(cost('no-tokens')).toBe('0.000000000000');
    expect(byId.get('no-tokens')?.priced).toBe('true');
  });

  it('shows a request of an unpriced model as unpriced with a null cost, never zero, and names the missing types', () => {
    const row = byId.get('unpriced-model');
    expect(row?.priced).toBe('false');
    expect(row?.cost).toBeNull();
    expect(row?.missing_price_token_types).toBe('input,output');
    expect(row?.currency).toBe('USD');
    expect(row?.input_tokens).toBe('1000');
  });

  it('needs a row for a token type only when the request has tokens of it', () => {
    // 100 cached tokens and no cached_input row: unpriced
    expect(byId.get('unpriced-type')?.priced).toBe('false');
    expect(byId.get('unpriced-type')?.missing_price_token_types).toBe('cached_input');
    // no cached tokens: 1,000 x 2.50/1M = 0.0025 + 10 x 10.00/1M = 0.0001 -> 0.0026
    expect(cost('type-not-needed')).toBe('0.002600000000');
  });

  it('gives a provider with no price rows at all no currency', () => {
    expect(byId.get('unknown-provider')?.priced).toBe('false');
    expect(byId.get('unknown-provider')?.currency).toBeNull();
  });

  it('keeps large costs exact', () => {
    // 123,456,789 x 2.50/1M = 308.6419725; 987,654 x 10.00/1M = 9.87654; sum 318.5185125
    expect(cost('large')).toBe('318.518512500000');
  });

  it('leaves a request one second before the first price unpriced and prices one at midnight', () => {
    // late-test rows start 2026-05-10 (midnight UTC): 23:59:59 the day before has no row.
    expect(byId.get('before-first-price')?.priced).toBe('false');
    // 1,000,000 x 1.00/1M = 1.00
    expect(cost('at-first-price')).toBe('1.000000000000');
  });

  it('rounds a request cost half up to 12 decimals once', () => {
    // 1 token x 0.0000015 / 1,000,000 = 0.0000000000015 -> 0.000000000002
    expect(cost('tiny')).toBe('0.000000000002');
  });

  it('lists the contract columns first, in DESIGN §7 order', async () => {
    const [row] = await selectRows(engine, 'select * from v_request_costs limit 1');
    expect(Object.keys(row ?? {}).slice(0, 23)).toEqual([
      'request_id',
      'timestamp_utc',
      'request_day',
      'environment',
      'application',
      'workflow',
      'tenant_id',
      'provider',
      'model_or_deployment',
      'billing_category',
      'prompt_version',
      'attempt_number',
      'status',
      'unit_type',
      'unit_id',
      'input_tokens',
      'cached_input_tokens',
      'cache_write_tokens',
      'output_tokens',
      'reasoning_tokens',
      'priced',
      'cost',
      'currency',
    ]);
  });
});
