import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbQueryEngine } from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { duckDbWarehouse } from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { focusRowNormalizer } from '../../lambdas/domain/billing/focus.ts';
import { runDoctor } from '../../lambdas/jobs/doctor.ts';
import { type CurRow, reconcileLake, writeCurParquet } from '../helpers/billing-lake.ts';
import { fixturePath, readJson } from '../helpers/evidence-files.ts';
import {
  computeLake,
  costEvent,
  createPipelineLake,
  landCostEvents,
  type PipelineLake,
  selectRows,
  writePricing,
  writeSettings,
} from '../helpers/pipeline-lake.ts';

/**
 * Amazon Bedrock lines with no resource ARN name the model only in their usage type
 * (`USE1-Claude3Haiku-input-tokens`): the CUR staging SQL and the FOCUS normalizer read
 * the same billing name from it, and reconciliation meets that name with the estimates
 * of the model ids `reconciliation.bedrock_billing_names` maps to it. Figures by hand.
 */
const PAYER = '999988887777';
const MAPPED_ACCOUNT = '111122223333';
const ARN_ACCOUNT = '444455556666';
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const HAIKU_US = `us.${HAIKU}`;
const AS_OF = new Date('2026-06-20T00:00:00Z');

const SPELLINGS = readJson(fixturePath('billing/bedrock/usage-types-and-billing-names.json')) as {
  names: [string, string][];
};

function cur(overrides: Partial<CurRow> & Pick<CurRow, 'identity_line_item_id'>): CurRow {
  return {
    bill_billing_entity: 'AWS',
    bill_payer_account_id: PAYER,
    bill_billing_period_start_date: '2026-05-01 00:00:00',
    line_item_usage_account_id: MAPPED_ACCOUNT,
    line_item_line_item_type: 'Usage',
    line_item_usage_start_date: '2026-05-10 00:00:00',
    line_item_usage_end_date: '2026-05-11 00:00:00',
    line_item_product_code: 'AmazonBedrock',
    line_item_usage_type: 'USE1-Claude3Haiku-input-tokens',
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

describe('SQL: Bedrock billing names in v_billing_lines', () => {
  let lake: PipelineLake;
  let engine: DuckDbQueryEngine;

  beforeAll(async () => {
    lake = await createPipelineLake();
    // One CUR usage line per spelling, no ARN; the description carries the usage type to find the row again.
    await writeCurParquet(
      lake,
      'cur2',
      '2026-05',
      SPELLINGS.names.map(([usageType], index) =>
        cur({
          identity_line_item_id: `s${index}`,
          line_item_usage_type: usageType,
          line_item_line_item_description: usageType,
        }),
      ),
    );
    ({ engine } = await reconcileLake(lake, { asOf: AS_OF, period: '2026-05' }));
  }, 60_000);

  afterAll(async () => {
    await engine.close();
    await lake.remove();
  });

  it('gives the same billing name from the CUR as from FOCUS for every usage type', async () => {
    // Prepare: the same usage types as FOCUS rows (no ResourceId, no ModelId).
    const header = [
      'BilledCost',
      'BillingCurrency',
      'BillingPeriodStart',
      'ChargePeriodStart',
      'ChargePeriodEnd',
    ];
    const normalize = focusRowNormalizer(
      [...header, 'ChargeCategory', 'ProviderName', 'ServiceName', 'x_UsageType'],
      { key: 'incoming/billing/focus/may.csv', receivedAt: '2026-06-02T00:00:00.000Z' },
    );
    const focus = SPELLINGS.names.map(([usageType], index) => {
      const result = normalize(
        ['0', 'USD', '2026-05-01', '2026-05-10', '2026-05-11', 'Usage', 'AWS', 'Amazon Bedrock', usageType],
        index + 2,
      );
      return result.ok ? [usageType, result.value.sku_or_model] : [usageType, 'rejected'];
    });

    // Act
    const rows = await selectRows(
      engine,
      "select charge_description, sku_or_model from v_billing_lines where source = 'cur'",
    );
    const fromCur = new Map(rows.map((row) => [row.charge_description, row.sku_or_model]));

    // Assess: both equal the names worked out by hand (USE1-Llama3-1-405B-output-tokens-batch: Llama3-1-405B).
    expect(SPELLINGS.names.map(([usageType]) => [usageType, fromCur.get(usageType)])).toEqual(
      SPELLINGS.names,
    );
    expect(focus).toEqual(SPELLINGS.names);
  });
});

describe('SQL: v_reconciliation by Bedrock billing name', () => {
  let lake: PipelineLake;
  let engine: DuckDbQueryEngine;

  beforeAll(async () => {
    lake = await createPipelineLake();
    await writeSettings(lake, {
      recompute_window_days: 60,
      reconciliation: { bedrock_billing_names: { Claude3Haiku: [HAIKU] } },
    });
    await writePricing(lake, [
      `bedrock,${HAIKU_US},standard,input,1000000,0.25,USD,2026-01-01,,list,`,
      `bedrock,${HAIKU_US},standard,output,1000000,1.25,USD,2026-01-01,,list,`,
      `bedrock,${HAIKU},standard,input,1000000,0.25,USD,2026-01-01,,list,`,
      `bedrock,${HAIKU},standard,output,1000000,1.25,USD,2026-01-01,,list,`,
    ]);
    const request = (id: string, account: string, model: string, input: number, output: number) =>
      costEvent({
        request_id: id,
        timestamp_utc: '2026-05-10T10:00:00Z',
        provider: 'bedrock',
        provider_account: account,
        model_or_deployment: model,
        usage: { input_tokens: input, output_tokens: output },
      });
    await landCostEvents(
      lake,
      [
        // Through the US inference profile: 2M x 0.25 / 1M + 400k x 1.25 / 1M = 0.50 + 0.50 = 1.00.
        request('profile-1', MAPPED_ACCOUNT, HAIKU_US, 2_000_000, 400_000),
        // The on-demand id, same account: 1M x 0.25 / 1M = 0.25. Claude3Haiku's estimate: 1.25.
        request('on-demand-1', MAPPED_ACCOUNT, HAIKU, 1_000_000, 0),
        // Another account, whose bill names the model in an ARN: 1M x 0.25 / 1M = 0.25.
        request('arn-1', ARN_ACCOUNT, HAIKU, 1_000_000, 0),
      ],
      { runId: 'land-1', receivedAt: '2026-05-11T00:00:00.000Z' },
    );
    await writeCurParquet(lake, 'legacy', '2026-05', [
      // 3,040 x 1K input tokens = 3.04M at 0.00025 / 1K = 0.76.
      cur({
        identity_line_item_id: 'h-in',
        line_item_usage_amount: 3040,
        line_item_unblended_cost: 0.76,
      }),
      // 400 x 1K output tokens = 0.4M at 0.00125 / 1K = 0.50. Claude3Haiku billed: 1.26.
      cur({
        identity_line_item_id: 'h-out',
        line_item_usage_type: 'USE1-Claude3Haiku-output-tokens',
        line_item_usage_amount: 400,
        line_item_unblended_cost: 0.5,
      }),
      // A billing name the settings do not map: 10 x 1K tokens, 0.024.
      cur({
        identity_line_item_id: 'llama',
        line_item_usage_type: 'USE1-Llama3-1-405B-output-tokens-batch',
        line_item_usage_amount: 10,
        line_item_unblended_cost: 0.024,
      }),
      // The ARN account: 1,000 x 1K input tokens at 0.00025 / 1K = 0.25.
      cur({
        identity_line_item_id: 'arn',
        line_item_usage_account_id: ARN_ACCOUNT,
        line_item_resource_id: `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`,
        line_item_usage_amount: 1000,
        line_item_unblended_cost: 0.25,
      }),
    ]);
    const computed = await computeLake(lake, { asOf: AS_OF });
    await computed.engine.close();
    ({ engine } = await reconcileLake(lake, { asOf: AS_OF, period: '2026-05' }));
  }, 60_000);

  afterAll(async () => {
    await engine.close();
    await lake.remove();
  });

  it('reconciles a billing name against the estimates of its model ids, profile ids included, in one row', async () => {
    const rows = await selectRows(
      engine,
      `select billing_account_id, sku_or_model, estimated_cost, billed_usage_cost, adjusted_variance,
              adjusted_variance_pct, status, requests
         from v_reconciliation where provider = 'bedrock' order by billing_account_id, sku_or_model`,
    );

    // Claude3Haiku: billed 0.76 + 0.50 = 1.26 against 1.00 + 0.25 = 1.25; variance 0.01 = 0.01 / 1.26 of the
    // bill = 0.79%, within the 2% default. No row is left under either model id in this account.
    // Llama3-1-405B: mapped to nothing, its own row with no estimate.
    // The ARN account's line names the model id itself: the estimate stays under it, 0.25 against 0.25.
    expect(rows).toEqual([
      {
        billing_account_id: MAPPED_ACCOUNT,
        sku_or_model: 'Claude3Haiku',
        estimated_cost: '1.250000000000',
        billed_usage_cost: '1.260000000000',
        adjusted_variance: '0.010000000000',
        adjusted_variance_pct: expect.stringMatching(/^0\.0079365079365079/),
        status: 'within_threshold',
        requests: '2',
      },
      {
        billing_account_id: MAPPED_ACCOUNT,
        sku_or_model: 'Llama3-1-405B',
        estimated_cost: '0.000000000000',
        billed_usage_cost: '0.024000000000',
        adjusted_variance: '0.024000000000',
        adjusted_variance_pct: '1',
        status: 'no_estimate',
        requests: '0',
      },
      {
        billing_account_id: ARN_ACCOUNT,
        sku_or_model: HAIKU,
        estimated_cost: '0.250000000000',
        billed_usage_cost: '0.250000000000',
        adjusted_variance: '0.000000000000',
        adjusted_variance_pct: '0',
        status: 'within_threshold',
        requests: '1',
      },
    ]);
  });

  it('says a row was reconciled by billing name, and keeps the mapping it used under the run', async () => {
    const [haiku] = await selectRows(
      engine,
      "select note, run_id from reconciliation where sku_or_model = 'Claude3Haiku'",
    );
    const mapping = await selectRows(
      engine,
      'select run_id, provider, billing_name, model_id from reconciliation_billing_names',
    );

    expect(haiku?.note).toContain('reconciliation.bedrock_billing_names');
    expect(mapping).toEqual([
      { run_id: haiku?.run_id, provider: 'bedrock', billing_name: 'Claude3Haiku', model_id: HAIKU },
    ]);
  });

  it('has doctor name the billed billing name that no setting maps', async () => {
    const report = await runDoctor(
      {
        store: lake.store,
        engine,
        clock: { now: () => new Date('2030-01-01T00:00:00Z') },
        warehouse: duckDbWarehouse(lake.root),
      },
      { asOf: AS_OF },
    );

    const item = report.items.find((candidate) => candidate.check === 'bedrock_billing_names');
    expect(item).toEqual(expect.objectContaining({ status: 'warn' }));
    // Named: Llama3-1-405B alone (Claude3Haiku is mapped; the ARN line names a model id).
    expect(item?.detail.split(': names AWS bills')[0]).toBe(
      'Llama3-1-405B (1 usage line(s), 2026-05..2026-05)',
    );
  });
});
