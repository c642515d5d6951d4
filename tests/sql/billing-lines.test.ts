import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbQueryEngine } from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { BillingLineSchema } from '../../lambdas/domain/billing-line.ts';
import { ProviderUsageRecordSchema } from '../../lambdas/domain/usage-record.ts';
import { loadSqlCatalog, type SqlCatalog } from '../../lambdas/sql/sql-catalog.ts';
import {
  type CurRow,
  landBillingLines,
  landUsageRecords,
  reconcileLake,
  writeCurParquet,
} from '../helpers/billing-lake.ts';
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
 * v_billing_lines (DESIGN §6, §7): the lines land normalized, deduplicated as BillingLine
 * prescribes, and Amazon Bedrock's CUR line items (legacy, 2.0, Marketplace) mapped to
 * the same shape. Expected rows are written out by hand from the fixtures below.
 */
const PAYER = '999988887777';
const USAGE_ACCOUNT = '111122223333';

function cur(overrides: Partial<CurRow> & Pick<CurRow, 'identity_line_item_id'>): CurRow {
  return {
    bill_billing_entity: 'AWS',
    bill_payer_account_id: PAYER,
    bill_billing_period_start_date: '2026-05-01 00:00:00',
    line_item_usage_account_id: USAGE_ACCOUNT,
    line_item_line_item_type: 'Usage',
    line_item_usage_start_date: '2026-05-02 10:00:00',
    line_item_usage_end_date: '2026-05-02 11:00:00',
    line_item_product_code: 'AmazonBedrock',
    line_item_usage_type: 'USE1-NovaPro-input-tokens',
    line_item_operation: 'InvokeModelInference',
    line_item_resource_id: null,
    line_item_usage_amount: 0,
    line_item_currency_code: 'USD',
    line_item_unblended_cost: 0,
    line_item_line_item_description: 'Amazon Bedrock usage',
    line_item_legal_entity: 'Amazon Web Services, Inc.',
    product_product_name: 'Amazon Bedrock',
    pricing_unit: '1K tokens',
    ...overrides,
  };
}

const NOVA_ARN = 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0';

const LEGACY_MAY: CurRow[] = [
  // 1,500 x 1K tokens of Nova Pro input at 0.0008 / 1K = 1.20.
  cur({
    identity_line_item_id: 'l1',
    line_item_resource_id: NOVA_ARN,
    line_item_usage_amount: 1500,
    line_item_unblended_cost: 1.2,
  }),
  // A global cross-region cache read through a system inference profile: the profile id is the model.
  cur({
    identity_line_item_id: 'l2',
    line_item_usage_type: 'USE1-Claude4Sonnet-cache-read-input-token-count-cross-region-global',
    line_item_resource_id:
      'arn:aws:bedrock:us-east-1:111122223333:inference-profile/global.anthropic.claude-sonnet-4-v1:0',
    line_item_usage_amount: 200,
    line_item_unblended_cost: 0.06,
  }),
  // Batch output, no resource id: the model is the usage type's billing name, dashes included (not "Llama3").
  cur({
    identity_line_item_id: 'l3',
    line_item_usage_type: 'USE1-Llama3-1-405B-output-tokens-batch',
    line_item_usage_amount: 10,
    line_item_unblended_cost: 0.024,
  }),
  // Flex input.
  cur({
    identity_line_item_id: 'l4',
    line_item_usage_type: 'USE1-Nova2.0Lite-input-tokens-flex',
    line_item_usage_amount: 100,
    line_item_unblended_cost: 0.003,
  }),
  cur({
    identity_line_item_id: 'l5',
    line_item_line_item_type: 'Tax',
    line_item_usage_type: 'Tax',
    line_item_unblended_cost: 0.1,
    pricing_unit: '',
  }),
  cur({
    identity_line_item_id: 'l6',
    line_item_line_item_type: 'Credit',
    line_item_usage_type: 'Credit',
    line_item_unblended_cost: -0.5,
    pricing_unit: '',
  }),
  cur({
    identity_line_item_id: 'l7',
    line_item_line_item_type: 'EdpDiscount',
    line_item_usage_type: 'USE1-NovaPro-input-tokens',
    line_item_unblended_cost: -0.012,
    pricing_unit: '',
  }),
  // Not Bedrock: an EC2 line and Marketplace software that is not a Bedrock edition.
  cur({
    identity_line_item_id: 'l8',
    line_item_product_code: 'AmazonEC2',
    product_product_name: 'Amazon Elastic Compute Cloud',
    line_item_usage_type: 'BoxUsage:t3.micro',
    line_item_unblended_cost: 9,
  }),
  cur({
    identity_line_item_id: 'l9',
    bill_billing_entity: 'AWS Marketplace',
    line_item_product_code: 'xyz',
    product_product_name: 'Some Firewall',
    line_item_unblended_cost: 7,
  }),
  // Marketplace Claude, old format: usage in units the description calls millions (0.05 M = 50,000 tokens).
  cur({
    identity_line_item_id: 'l10',
    bill_billing_entity: 'AWS Marketplace',
    line_item_product_code: 'prod-claude35haiku',
    product_product_name: 'Claude 3.5 Haiku (Amazon Bedrock Edition)',
    line_item_usage_type: 'USE1-MP:USE1_OutputTokenCount-Units',
    line_item_operation: 'Usage',
    line_item_line_item_description: 'Claude 3.5 Haiku|Output tokens|Million Output Tokens',
    pricing_unit: 'Units',
    line_item_usage_amount: 0.05,
    line_item_unblended_cost: 0.2,
  }),
];

const CUR2_MAY: CurRow[] = [
  // Nova Pro cache write, priority tier: 3 x 1K tokens at 0.0012 / 1K = 0.0036.
  cur({
    identity_line_item_id: 'c1',
    line_item_usage_type: 'USE1-NovaPro-cache-write-input-token-count-priority',
    line_item_resource_id: NOVA_ARN,
    line_item_usage_amount: 3,
    line_item_unblended_cost: 0.0036,
  }),
  // Marketplace Claude in 1M tokens, global: 0.25 M = 250,000 tokens.
  cur({
    identity_line_item_id: 'c2',
    bill_billing_entity: 'AWS Marketplace',
    line_item_product_code: 'prod-claudesonnet46',
    product_product_name: 'Claude Sonnet 4.6 (Amazon Bedrock Edition)',
    line_item_usage_type: 'USE1-MP:USE1_input_tokens_global_standard-Units',
    pricing_unit: '1M tokens',
    line_item_usage_amount: 0.25,
    line_item_unblended_cost: 0.75,
  }),
  // Marketplace units the description does not size: kept as billed.
  cur({
    identity_line_item_id: 'c3',
    bill_billing_entity: 'AWS Marketplace',
    line_item_product_code: 'prod-claudesonnet46',
    product_product_name: 'Claude Sonnet 4.6 (Amazon Bedrock Edition)',
    line_item_usage_type: 'USE1-MP:USE1_CacheWrite1hInputTokenCount_Global-Units',
    line_item_line_item_description: 'Claude Sonnet 4.6|cache write',
    pricing_unit: 'Units',
    line_item_usage_amount: 42,
    line_item_unblended_cost: 0.05,
  }),
];

const CUR_COLUMNS = [
  'source_key',
  'sku_or_model',
  'service',
  'charge_category',
  'token_type',
  'billing_category',
  'inference_scope',
  'billed_cost',
  'consumed_quantity',
  'consumed_unit',
] as const;

let catalog: SqlCatalog;

beforeAll(async () => {
  catalog = await loadSqlCatalog();
});

describe('SQL: raw billing and usage bindings', () => {
  const loaderColumns = (name: string) =>
    [...catalog.get(`${name}__loaded`, 'duckdb').text.matchAll(/^\s+'(\w+)': '\w+'/gm)].map(
      (match) => match[1],
    );
  const tableColumns = (name: string) =>
    [...catalog.get(name, 'duckdb').text.matchAll(/^\s+(\w+) \w+,?$/gm)].map((match) => match[1]);
  const athenaColumns = (name: string) =>
    [...catalog.get(name, 'athena').text.matchAll(/^\s+`(\w+)` \w+/gm)].map((match) => match[1]);

  it('reads raw/billing_lines with exactly the keys land writes, in order, on both engines', () => {
    const keys = Object.keys(BillingLineSchema.shape);

    expect(loaderColumns('raw_billing_lines')).toEqual(keys);
    expect(tableColumns('raw_billing_lines')).toEqual([...keys, 'dt']);
    expect(athenaColumns('raw_billing_lines')).toEqual(keys);
  });

  it('reads raw/usage_records with exactly the keys land writes, in order, on both engines', () => {
    const keys = Object.keys(ProviderUsageRecordSchema.shape);

    expect(loaderColumns('raw_usage_records')).toEqual(keys);
    expect(tableColumns('raw_usage_records')).toEqual([...keys, 'dt']);
    expect(athenaColumns('raw_usage_records')).toEqual(keys);
  });

  it('selects the same CUR columns on both engines', () => {
    const duckdb = [...catalog.get('raw_cur2', 'duckdb').text.matchAll(/^\s+(\w+) [\w(, )]+,?$/gm)].map(
      (match) => match[1],
    );

    expect(duckdb).toEqual([...athenaColumns('raw_cur2'), 'billing_period']);
  });
});

describe('SQL: v_billing_lines', () => {
  let lake: PipelineLake;
  let engine: DuckDbQueryEngine;

  beforeAll(async () => {
    lake = await createPipelineLake();
    // Landed lines. An invoice delivered twice under one key: the second delivery holds one line.
    await landBillingLines(
      lake,
      [
        {
          billing_period_start: '2026-05-01',
          provider: 'anthropic',
          sub_account_id: 'wrk_1',
          charge_category: 'usage',
          billed_cost: '10.00',
          source_key: 'incoming/billing/invoice-csv/may.csv',
          source_received_at: '2026-06-02T09:00:00.000Z',
        },
        {
          billing_period_start: '2026-05-01',
          provider: 'anthropic',
          sub_account_id: 'wrk_1',
          charge_category: 'tax',
          billed_cost: '0.80',
          source_key: 'incoming/billing/invoice-csv/may.csv',
          source_received_at: '2026-06-02T09:00:00.000Z',
        },
        // An OpenAI costs page: buckets B and C.
        {
          billing_period_start: '2026-05-01',
          provider: 'openai',
          sub_account_id: 'proj_1',
          sku_or_model: 'gpt-test',
          charge_category: 'usage',
          billed_cost: '1.00',
          source: 'openai-costs',
          source_line_id: 'openai-costs|B',
          source_key: 'incoming/billing/openai-costs/page-1.json',
          source_received_at: '2026-05-20T00:00:00.000Z',
        },
        {
          billing_period_start: '2026-05-01',
          provider: 'openai',
          sub_account_id: 'proj_1',
          sku_or_model: 'gpt-test',
          charge_category: 'usage',
          billed_cost: '2.00',
          source: 'openai-costs',
          source_line_id: 'openai-costs|C',
          source_key: 'incoming/billing/openai-costs/page-1.json',
          source_received_at: '2026-05-20T00:00:00.000Z',
        },
      ],
      { sourceId: 'land-1' },
    );
    await landBillingLines(
      lake,
      [
        {
          billing_period_start: '2026-05-01',
          provider: 'anthropic',
          sub_account_id: 'wrk_1',
          charge_category: 'usage',
          billed_cost: '11.00',
          source_key: 'incoming/billing/invoice-csv/may.csv',
          source_received_at: '2026-06-03T09:00:00.000Z',
        },
        // A later, overlapping pull names bucket B again, in another page, with its final amount.
        {
          billing_period_start: '2026-05-01',
          provider: 'openai',
          sub_account_id: 'proj_1',
          sku_or_model: 'gpt-test',
          charge_category: 'usage',
          billed_cost: '1.25',
          source: 'openai-costs',
          source_line_id: 'openai-costs|B',
          source_key: 'incoming/billing/openai-costs/page-9.json',
          source_received_at: '2026-06-01T00:00:00.000Z',
        },
      ],
      { sourceId: 'land-2' },
    );
    await writeCurParquet(lake, 'legacy', '2026-05', LEGACY_MAY);
    await writeCurParquet(lake, 'cur2', '2026-05', CUR2_MAY);

    // One Nova Pro request: 1,503,000 input of which 3,000 cache writes:
    // 1,500,000 x 0.80 / 1M + 3,000 x 1.20 / 1M = 1.20 + 0.0036 = 1.2036, the two CUR usage lines' sum.
    await writePricing(lake, [
      'bedrock,amazon.nova-pro-v1:0,standard,input,1000000,0.80,USD,2026-01-01,,list,',
      'bedrock,amazon.nova-pro-v1:0,standard,cache_write,1000000,1.20,USD,2026-01-01,,list,',
      'bedrock,amazon.nova-pro-v1:0,standard,output,1000000,3.20,USD,2026-01-01,,list,',
    ]);
    await landCostEvents(
      lake,
      [
        costEvent({
          request_id: 'nova-1',
          timestamp_utc: '2026-05-02T10:30:00Z',
          provider: 'bedrock',
          provider_account: USAGE_ACCOUNT,
          model_or_deployment: 'amazon.nova-pro-v1:0',
          usage: { input_tokens: 1_503_000, cache_write_tokens: 3_000, output_tokens: 0 },
        }),
      ],
      { runId: 'land-3', receivedAt: '2026-05-03T00:00:00.000Z' },
    );
    const asOf = new Date('2026-06-20T00:00:00Z');
    const computed = await computeLake(lake, { asOf });
    await computed.engine.close();
    ({ engine } = await reconcileLake(lake, { asOf, period: '2026-05' }));
  }, 60_000);

  afterAll(async () => {
    await engine.close();
    await lake.remove();
  });

  it('keeps only the latest delivery of a file and the latest copy of an API bucket', async () => {
    const rows = await selectRows(
      engine,
      "select source_key, source_line_id, charge_category, billed_cost from v_billing_lines where source <> 'cur' order by source_key, source_line_id",
    );

    // may.csv: only the second delivery's one line (the tax line is gone with the first delivery).
    // Bucket B: 1.25 from the later pull; bucket C: 2.00, only ever in page 1.
    expect(rows).toEqual([
      {
        source_key: 'incoming/billing/invoice-csv/may.csv',
        source_line_id: 'invoice-csv|incoming/billing/invoice-csv/may.csv|2',
        charge_category: 'usage',
        billed_cost: '11.000000000000',
      },
      {
        source_key: 'incoming/billing/openai-costs/page-1.json',
        source_line_id: 'openai-costs|C',
        charge_category: 'usage',
        billed_cost: '2.000000000000',
      },
      {
        source_key: 'incoming/billing/openai-costs/page-9.json',
        source_line_id: 'openai-costs|B',
        charge_category: 'usage',
        billed_cost: '1.250000000000',
      },
    ]);
  });

  it('maps legacy CUR, CUR 2.0 and Marketplace Bedrock line items to billing lines', async () => {
    const rows = await selectRows(
      engine,
      `select ${CUR_COLUMNS.join(', ')} from v_billing_lines where source = 'cur' order by source_key desc, billed_cost`,
    );
    const line = (values: readonly (string | null)[]) =>
      Object.fromEntries(CUR_COLUMNS.map((column, index) => [column, values[index] ?? null]));
    const legacy = 'incoming/billing/cur/legacy/';
    const cur2 = 'incoming/billing/cur/cur2/';

    // Token quantities: 1K tokens x 1,000; 1M tokens (or units a description calls millions) x 1,000,000.
    expect(rows).toEqual([
      // Non-usage lines with no resource ARN name no model: they count at their account.
      line([
        legacy,
        null,
        'Amazon Bedrock',
        'credit',
        null,
        null,
        null,
        '-0.500000000000',
        '0.000000000000',
        null,
      ]),
      line([
        legacy,
        null,
        'Amazon Bedrock',
        'adjustment',
        null,
        null,
        null,
        '-0.012000000000',
        '0.000000000000',
        null,
      ]),
      line([
        legacy,
        'Nova2.0Lite',
        'Amazon Bedrock',
        'usage',
        'input',
        'flex',
        null,
        '0.003000000000',
        '100000.000000000000',
        'Tokens',
      ]),
      line([
        legacy,
        'Llama3-1-405B',
        'Amazon Bedrock',
        'usage',
        'output',
        'batch',
        null,
        '0.024000000000',
        '10000.000000000000',
        'Tokens',
      ]),
      line([
        legacy,
        'global.anthropic.claude-sonnet-4-v1:0',
        'Amazon Bedrock',
        'usage',
        'cached_input',
        'standard',
        'global',
        '0.060000000000',
        '200000.000000000000',
        'Tokens',
      ]),
      line([
        legacy,
        null,
        'Amazon Bedrock',
        'tax',
        null,
        null,
        null,
        '0.100000000000',
        '0.000000000000',
        null,
      ]),
      line([
        legacy,
        'Claude 3.5 Haiku',
        'Claude 3.5 Haiku (Amazon Bedrock Edition)',
        'usage',
        'output',
        'standard',
        null,
        '0.200000000000',
        '50000.000000000000',
        'Tokens',
      ]),
      line([
        legacy,
        'amazon.nova-pro-v1:0',
        'Amazon Bedrock',
        'usage',
        'input',
        'standard',
        null,
        '1.200000000000',
        '1500000.000000000000',
        'Tokens',
      ]),
      line([
        cur2,
        'amazon.nova-pro-v1:0',
        'Amazon Bedrock',
        'usage',
        'cache_write',
        'priority',
        null,
        '0.003600000000',
        '3000.000000000000',
        'Tokens',
      ]),
      line([
        cur2,
        'Claude Sonnet 4.6',
        'Claude Sonnet 4.6 (Amazon Bedrock Edition)',
        'usage',
        'cache_write',
        'standard',
        'global',
        '0.050000000000',
        '42.000000000000',
        'Units',
      ]),
      line([
        cur2,
        'Claude Sonnet 4.6',
        'Claude Sonnet 4.6 (Amazon Bedrock Edition)',
        'usage',
        'input',
        'standard',
        'global',
        '0.750000000000',
        '250000.000000000000',
        'Tokens',
      ]),
    ]);
  });

  it('names the payer, the usage account, the period and the currency of every CUR line', async () => {
    const rows = await selectRows(
      engine,
      "select distinct provider, billing_account_id, sub_account_id, billing_period_start, currency, dt, charge_class from v_billing_lines where source = 'cur'",
    );

    expect(rows).toEqual([
      {
        provider: 'bedrock',
        billing_account_id: PAYER,
        sub_account_id: USAGE_ACCOUNT,
        billing_period_start: '2026-05-01',
        currency: 'USD',
        dt: '2026-05-01',
        charge_class: null,
      },
    ]);
  });

  it('reconciles CUR usage against the estimate of the model the resource ARN names', async () => {
    const [row] = await selectRows(
      engine,
      "select estimated_cost, billed_usage_cost, status from v_reconciliation where sku_or_model = 'amazon.nova-pro-v1:0'",
    );

    // 1.20 (legacy) + 0.0036 (CUR 2.0) = 1.2036 against the request's 1.2036.
    expect(row).toEqual({
      estimated_cost: '1.203600000000',
      billed_usage_cost: '1.203600000000',
      status: 'within_threshold',
    });
  });
});

describe('SQL: raw bindings on a lake with no evidence', () => {
  it('binds billing lines and usage records over empty folders and reads no row', async () => {
    const lake = await createPipelineLake();
    const { engine, record } = await reconcileLake(lake, { asOf: new Date('2026-06-20T00:00:00Z') });
    try {
      const lines = await selectRows(engine, 'select count(*) as n from v_billing_lines');
      const usage = await selectRows(engine, 'select count(*) as n from stg_raw__usage_records');

      expect(lines).toEqual([{ n: '0' }]);
      expect(usage).toEqual([{ n: '0' }]);
      expect(record).toEqual(
        expect.objectContaining({
          status: 'succeeded',
          rows: 0,
          raw_files: { raw_billing_lines: 0, raw_usage_records: 0, raw_cur_legacy: 0, raw_cur2: 0 },
        }),
      );
    } finally {
      await engine.close();
      await lake.remove();
    }
  });
});

describe('SQL: stg_raw__usage_records', () => {
  it('keeps one record per source_line_id, the latest received', async () => {
    const lake = await createPipelineLake();
    await landUsageRecords(
      lake,
      [
        {
          usage_start: '2026-05-02T10:00:00.000Z',
          provider: 'bedrock',
          request_id: 'req-1',
          input_tokens: 100,
          source: 'bedrock-invocation-logs',
          source_line_id: 'bedrock|req-1',
          source_received_at: '2026-05-02T11:00:00.000Z',
        },
      ],
      { sourceId: 'land-1' },
    );
    await landUsageRecords(
      lake,
      [
        {
          usage_start: '2026-05-02T10:00:00.000Z',
          provider: 'bedrock',
          request_id: 'req-1',
          input_tokens: 120,
          source: 'bedrock-invocation-logs',
          source_line_id: 'bedrock|req-1',
          source_received_at: '2026-05-02T12:00:00.000Z',
        },
      ],
      { sourceId: 'land-2' },
    );
    const { engine } = await reconcileLake(lake, { asOf: new Date('2026-06-20T00:00:00Z') });
    try {
      const rows = await selectRows(
        engine,
        'select request_id, input_tokens, usage_day from stg_raw__usage_records',
      );

      expect(rows).toEqual([{ request_id: 'req-1', input_tokens: '120', usage_day: '2026-05-02' }]);
    } finally {
      await engine.close();
      await lake.remove();
    }
  });
});
