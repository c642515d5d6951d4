import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbQueryEngine } from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { type BillingLineInput, landBillingLines, reconcileLake } from '../helpers/billing-lake.ts';
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
 * v_reconciliation (DESIGN §7), given requests and billing lines -> expected rows, each
 * figure worked out by hand below (tokens x price / 1M). One lake holds every scenario,
 * each in its own provider account, reconciled as of 2026-07-10: May and June are
 * closed (June ends 07-01, + 5 days = 07-06), July is open and empty.
 */
const PRICES = [
  'openai,gpt-test,standard,input,1000000,2.00,USD,2026-01-01,,list,',
  'openai,gpt-test,standard,output,1000000,10.00,USD,2026-01-01,,list,',
  'anthropic,claude-test,standard,input,1000000,3.00,USD,2026-01-01,,list,',
  'anthropic,claude-test,standard,output,1000000,15.00,USD,2026-01-01,,list,',
  'anthropic,claude-mini,standard,input,1000000,1.00,USD,2026-01-01,,list,',
  'anthropic,claude-mini,standard,output,1000000,5.00,USD,2026-01-01,,list,',
  'bedrock,amazon.nova-test,standard,input,1000000,0.80,USD,2026-01-01,,list,',
  'bedrock,amazon.nova-test,standard,output,1000000,3.20,USD,2026-01-01,,list,',
  'cohere,command-test,standard,input,1000000,1.50,USD,2026-01-01,,list,',
  'cohere,command-test,standard,output,1000000,2.00,USD,2026-01-01,,list,',
  'mistral,mistral-test,standard,input,1000000,1.00,EUR,2026-01-01,,list,',
  'mistral,mistral-test,standard,output,1000000,3.00,EUR,2026-01-01,,list,',
];

function request(
  id: string,
  at: string,
  provider: string,
  account: string,
  model: string,
  inputTokens: number,
  outputTokens = 0,
) {
  return costEvent({
    request_id: id,
    timestamp_utc: at,
    provider,
    provider_account: account,
    model_or_deployment: model,
    usage: { input_tokens: inputTokens, output_tokens: outputTokens },
  });
}

const REQUESTS = [
  // exact: 1M x 2.00 + 100k x 10.00 = 2.00 + 1.00 = 3.00; 500k x 2.00 = 1.00. May: 4.00.
  request('exact-1', '2026-05-10T10:00:00Z', 'openai', 'proj_exact', 'gpt-test', 1_000_000, 100_000),
  request('exact-2', '2026-05-20T10:00:00Z', 'openai', 'proj_exact', 'gpt-test', 500_000),
  // credit + tax: 2M x 3.00 + 200k x 15.00 = 6.00 + 3.00 = 9.00.
  request('credit-1', '2026-05-12T10:00:00Z', 'anthropic', 'wrk_credit', 'claude-test', 2_000_000, 200_000),
  // month end: 1M x 2.00 = 2.00 on each side of midnight.
  request('edge-may', '2026-05-31T23:59:59Z', 'openai', 'proj_edge', 'gpt-test', 1_000_000),
  request('edge-jun', '2026-06-01T00:00:00Z', 'openai', 'proj_edge', 'gpt-test', 1_000_000),
  // timing: 500k x 2.00 = 1.00 on the last second of May, billed in June.
  request('late-1', '2026-05-31T23:59:59Z', 'openai', 'proj_late', 'gpt-test', 500_000),
  // correction: 1M x 0.80 = 0.80 twice in May.
  request('corr-1', '2026-05-10T10:00:00Z', 'bedrock', '111122223333', 'amazon.nova-test', 1_000_000),
  request('corr-2', '2026-05-20T10:00:00Z', 'bedrock', '111122223333', 'amazon.nova-test', 1_000_000),
  // estimate and no bill: 1M x 1.50 = 1.50.
  request('cohere-1', '2026-05-15T10:00:00Z', 'cohere', 'co-1', 'command-test', 1_000_000),
  // currencies: 1M x 1.00 EUR = 1.00 EUR.
  request('mistral-1', '2026-05-15T10:00:00Z', 'mistral', 'mi-1', 'mistral-test', 1_000_000),
  // totals-only invoice: 2M x 3.00 = 6.00 and 6M x 1.00 = 6.00; 12.00 for the account.
  request('tot-1', '2026-05-05T10:00:00Z', 'anthropic', 'wrk_totals', 'claude-test', 2_000_000),
  request('tot-2', '2026-05-06T10:00:00Z', 'anthropic', 'wrk_totals', 'claude-mini', 6_000_000),
  // breach: 5M x 2.00 = 10.00.
  request('breach-1', '2026-05-15T10:00:00Z', 'openai', 'proj_breach', 'gpt-test', 5_000_000),
  // a tax line with no model beside model-level usage: 1M x 3.00 = 3.00.
  request('split-1', '2026-05-15T10:00:00Z', 'anthropic', 'wrk_split', 'claude-test', 1_000_000),
];

const MAY = '2026-05-01';
const JUNE = '2026-06-01';

const LINES: BillingLineInput[] = [
  // exact: the two token types add up to 3.00 + 1.00 = 4.00.
  {
    billing_period_start: MAY,
    provider: 'openai',
    sub_account_id: 'proj_exact',
    sku_or_model: 'gpt-test',
    charge_category: 'usage',
    billed_cost: '3.00',
    token_type: 'input',
  },
  {
    billing_period_start: MAY,
    provider: 'openai',
    sub_account_id: 'proj_exact',
    sku_or_model: 'gpt-test',
    charge_category: 'usage',
    billed_cost: '1.00',
    token_type: 'output',
  },
  // credit + tax on the model: billed 9.00 - 1.00 + 0.72 = 8.72.
  {
    billing_period_start: MAY,
    provider: 'anthropic',
    sub_account_id: 'wrk_credit',
    sku_or_model: 'claude-test',
    charge_category: 'usage',
    billed_cost: '9.00',
  },
  {
    billing_period_start: MAY,
    provider: 'anthropic',
    sub_account_id: 'wrk_credit',
    sku_or_model: 'claude-test',
    charge_category: 'credit',
    billed_cost: '-1.00',
  },
  {
    billing_period_start: MAY,
    provider: 'anthropic',
    sub_account_id: 'wrk_credit',
    sku_or_model: 'claude-test',
    charge_category: 'tax',
    billed_cost: '0.72',
  },
  // month end: daily buckets, the 31st in May's bill, the 1st in June's.
  {
    billing_period_start: MAY,
    charge_period_start: '2026-05-31T00:00:00.000Z',
    charge_period_end: '2026-06-01T00:00:00.000Z',
    provider: 'openai',
    sub_account_id: 'proj_edge',
    sku_or_model: 'gpt-test',
    charge_category: 'usage',
    billed_cost: '2.00',
  },
  {
    billing_period_start: JUNE,
    charge_period_start: '2026-06-01T00:00:00.000Z',
    charge_period_end: '2026-06-02T00:00:00.000Z',
    provider: 'openai',
    sub_account_id: 'proj_edge',
    sku_or_model: 'gpt-test',
    charge_category: 'usage',
    billed_cost: '2.00',
  },
  // timing: May 31's usage on June's bill, not marked as a correction.
  {
    billing_period_start: JUNE,
    charge_period_start: '2026-05-31T00:00:00.000Z',
    charge_period_end: '2026-06-01T00:00:00.000Z',
    provider: 'openai',
    sub_account_id: 'proj_late',
    sku_or_model: 'gpt-test',
    charge_category: 'usage',
    billed_cost: '1.00',
  },
  // correction: May bills 0.80; June's bill corrects May 20 with the other 0.80.
  {
    billing_period_start: MAY,
    charge_period_start: '2026-05-10T00:00:00.000Z',
    charge_period_end: '2026-05-11T00:00:00.000Z',
    provider: 'bedrock',
    billing_account_id: '999988887777',
    sub_account_id: '111122223333',
    sku_or_model: 'amazon.nova-test',
    charge_category: 'usage',
    billed_cost: '0.80',
    source: 'focus',
    source_key: 'incoming/billing/focus/may.csv',
  },
  {
    billing_period_start: JUNE,
    charge_period_start: '2026-05-20T00:00:00.000Z',
    charge_period_end: '2026-05-21T00:00:00.000Z',
    provider: 'bedrock',
    billing_account_id: '999988887777',
    sub_account_id: '111122223333',
    sku_or_model: 'amazon.nova-test',
    charge_category: 'usage',
    charge_class: 'correction',
    billed_cost: '0.80',
    source: 'focus',
    source_key: 'incoming/billing/focus/june.csv',
  },
  // a bill and no estimate: a provider the events never name.
  {
    billing_period_start: MAY,
    provider: 'acme-ai',
    sub_account_id: 'acme-1',
    sku_or_model: 'acme-large',
    charge_category: 'usage',
    billed_cost: '5.00',
  },
  // currencies: 1.00 EUR and 0.50 USD for one account and model.
  {
    billing_period_start: MAY,
    provider: 'mistral',
    sub_account_id: 'mi-1',
    sku_or_model: 'mistral-test',
    charge_category: 'usage',
    billed_cost: '1.00',
    currency: 'EUR',
  },
  {
    billing_period_start: MAY,
    provider: 'mistral',
    sub_account_id: 'mi-1',
    sku_or_model: 'mistral-test',
    charge_category: 'usage',
    billed_cost: '0.50',
    currency: 'USD',
  },
  // totals only: usage 12.00 and tax 0.96, no model on either.
  {
    billing_period_start: MAY,
    provider: 'anthropic',
    sub_account_id: 'wrk_totals',
    charge_category: 'usage',
    billed_cost: '12.00',
  },
  {
    billing_period_start: MAY,
    provider: 'anthropic',
    sub_account_id: 'wrk_totals',
    charge_category: 'tax',
    billed_cost: '0.96',
  },
  // breach: 10.30 billed for 10.00 estimated.
  {
    billing_period_start: MAY,
    provider: 'openai',
    sub_account_id: 'proj_breach',
    sku_or_model: 'gpt-test',
    charge_category: 'usage',
    billed_cost: '10.30',
  },
  // model-level usage and an account-level tax.
  {
    billing_period_start: MAY,
    provider: 'anthropic',
    sub_account_id: 'wrk_split',
    sku_or_model: 'claude-test',
    charge_category: 'usage',
    billed_cost: '3.00',
  },
  {
    billing_period_start: MAY,
    provider: 'anthropic',
    sub_account_id: 'wrk_split',
    charge_category: 'tax',
    billed_cost: '0.24',
  },
];

const AS_OF = new Date('2026-07-10T00:00:00Z');

async function rowsOf(engine: DuckDbQueryEngine, account: string) {
  return selectRows(
    engine,
    'select * from v_reconciliation where billing_account_id = ? order by billing_period, sku_or_model nulls last, currency',
    [account],
  );
}

/** The money and status columns of a row, for one toEqual. */
function figures(row: Record<string, string | null> | undefined) {
  if (!row) return undefined;
  const {
    billing_period,
    sku_or_model,
    currency,
    estimated_cost,
    billed_total,
    billed_usage_cost,
    credits,
    taxes,
    corrections,
    raw_variance,
    adjusted_variance,
    status,
  } = row;
  return {
    billing_period,
    sku_or_model,
    currency,
    estimated_cost,
    billed_total,
    billed_usage_cost,
    credits,
    taxes,
    corrections,
    raw_variance,
    adjusted_variance,
    status,
  };
}

const ZERO = '0.000000000000';

describe('SQL: v_reconciliation', () => {
  let lake: PipelineLake;
  let engine: DuckDbQueryEngine;

  beforeAll(async () => {
    lake = await createPipelineLake();
    await writePricing(lake, PRICES);
    await landCostEvents(lake, REQUESTS, { runId: 'land-1', receivedAt: '2026-07-01T00:00:00.000Z' });
    const computed = await computeLake(lake, { asOf: AS_OF });
    await computed.engine.close();
    await landBillingLines(lake, LINES, { sourceId: 'land-2' });
    ({ engine } = await reconcileLake(lake, { asOf: AS_OF }));
  }, 60_000);

  afterAll(async () => {
    await engine.close();
    await lake.remove();
  });

  it('finds no variance when the bill matches the estimate exactly', async () => {
    const rows = await rowsOf(engine, 'proj_exact');

    // Estimate 3.00 + 1.00 = 4.00; billed 3.00 + 1.00 = 4.00.
    expect(rows.map(figures)).toEqual([
      {
        billing_period: '2026-05',
        sku_or_model: 'gpt-test',
        currency: 'USD',
        estimated_cost: '4.000000000000',
        billed_total: '4.000000000000',
        billed_usage_cost: '4.000000000000',
        credits: ZERO,
        taxes: ZERO,
        corrections: ZERO,
        raw_variance: ZERO,
        adjusted_variance: ZERO,
        status: 'within_threshold',
      },
    ]);
    expect(rows[0]?.raw_variance_pct).toBe('0');
    expect(rows[0]?.usage_lines).toBe('2');
  });

  it('sets a credit and a tax apart so they explain the whole raw variance', async () => {
    const [row] = await rowsOf(engine, 'wrk_credit');

    // billed_total 9.00 - 1.00 + 0.72 = 8.72; raw 8.72 - 9.00 = -0.28 = credit -1.00 + tax 0.72;
    // adjusted 9.00 - 9.00 = 0.
    expect(figures(row)).toEqual({
      billing_period: '2026-05',
      sku_or_model: 'claude-test',
      currency: 'USD',
      estimated_cost: '9.000000000000',
      billed_total: '8.720000000000',
      billed_usage_cost: '9.000000000000',
      credits: '-1.000000000000',
      taxes: '0.720000000000',
      corrections: ZERO,
      raw_variance: '-0.280000000000',
      adjusted_variance: ZERO,
      status: 'within_threshold',
    });
    // raw_variance_pct = -0.28 / 8.72 (the billed total it compares with).
    expect(Number(row?.raw_variance_pct)).toBeCloseTo(-0.28 / 8.72, 12);
    expect(row?.adjusted_variance_pct).toBe('0');
  });

  it('puts 23:59:59 on the last day in its month and 00:00:00 in the next', async () => {
    const rows = await rowsOf(engine, 'proj_edge');

    // Each month: one request of 2.00 against one daily bucket of 2.00.
    expect(rows.map(figures)).toEqual([
      expect.objectContaining({
        billing_period: '2026-05',
        estimated_cost: '2.000000000000',
        billed_usage_cost: '2.000000000000',
        adjusted_variance: ZERO,
        status: 'within_threshold',
      }),
      expect.objectContaining({
        billing_period: '2026-06',
        estimated_cost: '2.000000000000',
        billed_usage_cost: '2.000000000000',
        adjusted_variance: ZERO,
        status: 'within_threshold',
      }),
    ]);
  });

  it('shows a timing difference as opposite variances in two months, named in the later one', async () => {
    const rows = await rowsOf(engine, 'proj_late');

    // May: estimate 1.00, nothing billed (raw -1.00). June: 1.00 billed for May 31, no estimate.
    expect(rows.map(figures)).toEqual([
      expect.objectContaining({
        billing_period: '2026-05',
        estimated_cost: '1.000000000000',
        billed_total: ZERO,
        raw_variance: '-1.000000000000',
        status: 'no_billing_data',
      }),
      expect.objectContaining({
        billing_period: '2026-06',
        estimated_cost: ZERO,
        billed_total: '1.000000000000',
        raw_variance: '1.000000000000',
        status: 'no_estimate',
      }),
    ]);
    expect(rows[1]?.timing).toBe('1.000000000000');
    expect(rows[1]?.note).toContain('usage of another month');
  });

  it('counts a correction billed in a later period in the period it corrects, and says so', async () => {
    const rows = await rowsOf(engine, '111122223333');

    // May: 0.80 on May's bill + 0.80 corrected on June's = 1.60 against 0.80 + 0.80 = 1.60.
    // June shows nothing for this account: its only line moved to May.
    expect(rows.map(figures)).toEqual([
      {
        billing_period: '2026-05',
        sku_or_model: 'amazon.nova-test',
        currency: 'USD',
        estimated_cost: '1.600000000000',
        billed_total: '1.600000000000',
        billed_usage_cost: '1.600000000000',
        credits: ZERO,
        taxes: ZERO,
        corrections: '0.800000000000',
        raw_variance: ZERO,
        adjusted_variance: ZERO,
        status: 'within_threshold',
      },
    ]);
    expect(rows[0]?.corrections_billed_from).toBe('2026-06');
    expect(rows[0]?.note).toContain('includes corrections billed in 2026-06');
    expect(rows[0]?.payer_account_id).toBe('999988887777');
  });

  it('marks a bill with no estimate no_estimate, and an estimate with no bill no_billing_data', async () => {
    const [billedOnly] = await rowsOf(engine, 'acme-1');
    const [estimatedOnly] = await rowsOf(engine, 'co-1');

    // acme-ai: 5.00 billed, nothing estimated; cohere: 1M x 1.50 = 1.50 estimated, nothing billed.
    expect(figures(billedOnly)).toEqual(
      expect.objectContaining({
        estimated_cost: ZERO,
        billed_usage_cost: '5.000000000000',
        status: 'no_estimate',
      }),
    );
    expect(billedOnly?.requests).toBe('0');
    expect(figures(estimatedOnly)).toEqual(
      expect.objectContaining({
        estimated_cost: '1.500000000000',
        billed_total: ZERO,
        raw_variance: '-1.500000000000',
        status: 'no_billing_data',
      }),
    );
    expect(estimatedOnly?.billing_lines).toBe('0');
    expect(estimatedOnly?.raw_variance_pct).toBeNull();
  });

  it('never sums amounts in different currencies', async () => {
    const rows = await rowsOf(engine, 'mi-1');

    // EUR: 1.00 estimated (EUR prices), 1.00 billed. USD: 0.50 billed alone; not 1.50 anywhere.
    expect(rows.map(figures)).toEqual([
      expect.objectContaining({
        currency: 'EUR',
        estimated_cost: '1.000000000000',
        billed_total: '1.000000000000',
        status: 'within_threshold',
      }),
      expect.objectContaining({
        currency: 'USD',
        estimated_cost: ZERO,
        billed_total: '0.500000000000',
        status: 'no_estimate',
      }),
    ]);
  });

  it('reconciles an invoice with totals only per account, every model estimate included', async () => {
    const rows = await rowsOf(engine, 'wrk_totals');

    // Estimate 6.00 + 6.00 = 12.00 against usage 12.00; tax 0.96: billed_total 12.96, raw 0.96.
    expect(rows.map(figures)).toEqual([
      {
        billing_period: '2026-05',
        sku_or_model: null,
        currency: 'USD',
        estimated_cost: '12.000000000000',
        billed_total: '12.960000000000',
        billed_usage_cost: '12.000000000000',
        credits: ZERO,
        taxes: '0.960000000000',
        corrections: ZERO,
        raw_variance: '0.960000000000',
        adjusted_variance: ZERO,
        status: 'within_threshold',
      },
    ]);
    expect(rows[0]?.granularity).toBe('account');
    expect(rows[0]?.requests).toBe('2');
  });

  it('keeps a tax that names no model on its own account row beside the model rows', async () => {
    const rows = await rowsOf(engine, 'wrk_split');

    // claude-test: 3.00 against 3.00. The account row: tax 0.24, no estimate, no usage, nothing to compare.
    expect(rows.map(figures)).toEqual([
      expect.objectContaining({
        sku_or_model: 'claude-test',
        estimated_cost: '3.000000000000',
        status: 'within_threshold',
      }),
      expect.objectContaining({
        sku_or_model: null,
        estimated_cost: ZERO,
        billed_total: '0.240000000000',
        taxes: '0.240000000000',
        adjusted_variance: ZERO,
        status: 'within_threshold',
      }),
    ]);
    expect(rows[1]?.granularity).toBe('model');
    expect(rows[1]?.note).toContain('charges that name no model');
  });

  it('marks a breach when the variance after adjustments passes the threshold', async () => {
    const [row] = await rowsOf(engine, 'proj_breach');

    // 10.30 - 10.00 = 0.30; 0.30 / 10.30 = 0.0291... > the default 0.02.
    expect(figures(row)).toEqual(
      expect.objectContaining({ adjusted_variance: '0.300000000000', status: 'breach' }),
    );
    expect(Number(row?.adjusted_variance_pct)).toBeCloseTo(0.3 / 10.3, 12);
    expect(row?.threshold).toBe('0.02');
  });

  it('writes no row for the open, empty period and lists every published period', async () => {
    const periods = await selectRows(engine, 'select billing_period from reconciliation_periods order by 1');
    const july = await selectRows(
      engine,
      "select count(*) as n from v_reconciliation where billing_period = '2026-07'",
    );

    // Lookback 3 months ending with the as-of month: May, June, July.
    expect(periods.map((row) => row.billing_period)).toEqual(['2026-05', '2026-06', '2026-07']);
    expect(july).toEqual([{ n: '0' }]);
  });
});
