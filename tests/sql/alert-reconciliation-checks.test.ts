import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DuckDbQueryEngine,
  duckDbWarehouse,
} from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { type RuleRow, ruleRowSchema } from '../../lambdas/domain/alerts/candidates.ts';
import {
  type AlertRule,
  COMPLETENESS_GAP,
  RECONCILIATION_VARIANCE,
} from '../../lambdas/domain/alerts/rules.ts';
import type { SqlParam } from '../../lambdas/ports/query-engine.ts';
import { loadSqlCatalog } from '../../lambdas/sql/sql-catalog.ts';
import { SqlRunner } from '../../lambdas/sql/sql-runner.ts';
import {
  type BillingLineInput,
  landBillingLines,
  landUsageRecords,
  reconcileLake,
  type UsageRecordInput,
} from '../helpers/billing-lake.ts';
import {
  type CostEventInput,
  computeLake,
  costEvent,
  createPipelineLake,
  landCostEvents,
  type PipelineLake,
  writePricing,
} from '../helpers/pipeline-lake.ts';

/**
 * The alert checks that read what reconcile publishes (v_reconciliation,
 * v_data_completeness), run on DuckDB over lakes computed and reconciled by the real
 * jobs. Each lake holds a `golden` fixture (healthy: no row), a `breaking` one (the row,
 * figures worked out by hand in the comments) and a `tiny` one (breaks the threshold,
 * below the minimum volume: no row), each in its own account or source.
 */
const PRICES = [
  'openai,gpt-test,standard,input,1000000,2.00,USD,2026-01-01,,list,',
  'bedrock,nova-test,standard,input,1000000,1.00,USD,2026-01-01,,list,',
];

interface CheckedLake {
  check(rule: AlertRule, params: Readonly<Record<string, SqlParam>>): Promise<RuleRow[]>;
  close(): Promise<void>;
}

/** Lands the events, billing lines and usage records, runs compute then reconcile as of `asOf`. */
async function reconciledLake(
  events: readonly CostEventInput[],
  lines: readonly BillingLineInput[],
  usage: readonly UsageRecordInput[],
  asOf: Date,
): Promise<CheckedLake> {
  const lake: PipelineLake = await createPipelineLake();
  await writePricing(lake, PRICES);
  await landCostEvents(lake, events, { runId: 'land-1', receivedAt: '2026-05-20T00:00:00.000Z' });
  if (lines.length > 0) await landBillingLines(lake, lines, { sourceId: 'land-2' });
  if (usage.length > 0) await landUsageRecords(lake, usage, { sourceId: 'land-3' });
  const computed = await computeLake(lake, { asOf });
  await computed.engine.close();
  const { engine, record } = await reconcileLake(lake, { asOf });
  if (record.status !== 'succeeded') throw new Error(`reconcile failed: ${JSON.stringify(record.error)}`);
  const runner = new SqlRunner(
    engine as DuckDbQueryEngine,
    await loadSqlCatalog(),
    duckDbWarehouse(lake.root),
  );
  return {
    check: (rule, params) => {
      if (rule.input.from !== 'sql') throw new Error(`${rule.id} has no SQL check`);
      return runner.query(rule.input.check, params, ruleRowSchema(rule));
    },
    close: async () => {
      await engine.close();
      await lake.remove();
    },
  };
}

/** A request of `inputTokens` input tokens to `model` in provider account `account`. */
function request(
  id: string,
  at: string,
  account: string,
  inputTokens: number,
  extra: Record<string, unknown> = {},
) {
  return costEvent({
    request_id: id,
    timestamp_utc: at,
    provider_account: account,
    usage: { input_tokens: inputTokens, output_tokens: 0 },
    ...extra,
  });
}

/** A May 2026 line of the OpenAI bill charged to project `account` for gpt-test. */
function mayLine(account: string, category: string, billedCost: string): BillingLineInput {
  return {
    billing_period_start: '2026-05-01',
    provider: 'openai',
    sub_account_id: account,
    sku_or_model: 'gpt-test',
    charge_category: category as BillingLineInput['charge_category'],
    billed_cost: billedCost,
  };
}

describe('SQL check: alert_reconciliation_variance', () => {
  let lake: CheckedLake;

  beforeAll(async () => {
    // Reconciled as of 2026-07-10: May and June are closed (June + 5 days ends 07-06), July is open.
    lake = await reconciledLake(
      [
        // golden: 5M x 2.00 / 1M = 10.00 against 10.10 billed: 0.10 / 10.10 = 1.0%, within 2%; its
        // -5.00 credit is set apart, so the raw variance (5.10 - 10.00) does not count
        request('g1', '2026-05-15T10:00:00Z', 'proj_golden', 5_000_000),
        // breaking: 4M x 2.00 = 8.00 on May's first instant + 1M x 2.00 = 2.00 on its last second = 10.00
        request('b1', '2026-05-01T00:00:00Z', 'proj_breach', 4_000_000),
        request('b2', '2026-05-31T23:59:59Z', 'proj_breach', 1_000_000),
        // tiny: 1M x 2.00 = 2.00 against 3.00 billed: 1.00 / 3.00 = 33%, but one billing line < min_volume 2
        request('t1', '2026-05-15T10:00:00Z', 'proj_tiny', 1_000_000),
        // open: 1M x 2.00 = 2.00 on July's first instant against 4.00 billed: 50%, but July is not closed
        request('o1', '2026-07-01T00:00:00Z', 'proj_open', 1_000_000),
      ],
      [
        mayLine('proj_golden', 'usage', '10.10'),
        mayLine('proj_golden', 'credit', '-5.00'),
        // breaking: usage 6.00 + 5.00 = 11.00 and a 0.88 tax: billed_total 11.88, three lines
        mayLine('proj_breach', 'usage', '6.00'),
        mayLine('proj_breach', 'usage', '5.00'),
        mayLine('proj_breach', 'tax', '0.88'),
        mayLine('proj_tiny', 'usage', '3.00'),
        { ...mayLine('proj_open', 'usage', '4.00'), billing_period_start: '2026-07-01' },
      ],
      [],
      new Date('2026-07-10T00:00:00Z'),
    );
  }, 60_000);
  afterAll(() => lake.close());

  it('returns the closed period over the threshold after adjustments, with its figures', async () => {
    const rows = await lake.check(RECONCILIATION_VARIANCE, {
      billing_period_from: '2026-05',
      billing_period_to: '2026-07',
      threshold: 0.05,
      min_volume: 2,
    });

    // adjusted variance 11.00 - 10.00 = 1.00, / 11.00 billed usage = 0.0909...; raw 11.88 - 10.00 = 1.88 / 11.88
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row?.period).toBe('2026-05');
    expect(row?.scope).toEqual({
      provider: 'openai',
      billing_account_id: 'proj_breach',
      sku_or_model: 'gpt-test',
      currency: 'USD',
    });
    expect(row?.metric).toBeCloseTo(1 / 11, 12);
    expect(row?.volume).toBe(3);
    const money = Object.fromEntries(
      [
        'adjusted_variance',
        'estimated_cost',
        'billed_usage_cost',
        'billed_total',
        'credits',
        'taxes',
        'refunds',
      ].map((name) => [name, Number(row?.values[name])]),
    );
    expect(money).toEqual({
      adjusted_variance: 1,
      estimated_cost: 10,
      billed_usage_cost: 11,
      billed_total: 11.88,
      credits: 0,
      taxes: 0.88,
      refunds: 0,
    });
    expect(Number(row?.values.adjusted_variance_pct)).toBeCloseTo(1 / 11, 12);
    expect(Number(row?.values.raw_variance_pct)).toBeCloseTo(1.88 / 11.88, 12);
  });

  it('returns the small account too when the minimum volume is lowered to its one line', async () => {
    const rows = await lake.check(RECONCILIATION_VARIANCE, {
      billing_period_from: '2026-05',
      billing_period_to: '2026-07',
      threshold: 0.05,
      min_volume: 1,
    });

    expect(rows.map((row) => [row.scope.billing_account_id, row.volume])).toEqual([
      ['proj_breach', 3],
      ['proj_tiny', 1],
    ]);
    expect(rows[1]?.metric).toBeCloseTo(1 / 3, 12);
  });

  it('returns nothing for billing periods outside the range or a threshold above the variance', async () => {
    const later = await lake.check(RECONCILIATION_VARIANCE, {
      billing_period_from: '2026-06',
      billing_period_to: '2026-07',
      threshold: 0,
      min_volume: 1,
    });
    // 1 / 11 = 0.0909 and 1 / 3 = 0.333 are both under 0.4
    const looser = await lake.check(RECONCILIATION_VARIANCE, {
      billing_period_from: '2026-05',
      billing_period_to: '2026-07',
      threshold: 0.4,
      min_volume: 1,
    });

    expect(later).toEqual([]);
    expect(looser).toEqual([]);
  });
});

/** A provider usage record of `tokens` input tokens. */
function usage(
  source: UsageRecordInput['source'],
  provider: string,
  start: string,
  end: string,
  tokens: number,
  id: string,
  extra: Partial<UsageRecordInput> = {},
): UsageRecordInput {
  return {
    usage_start: start,
    usage_end: end,
    provider,
    input_tokens: tokens,
    request_count: 1,
    source,
    source_line_id: id,
    ...extra,
  };
}

describe('SQL check: alert_completeness_gap', () => {
  let lake: CheckedLake;
  const W20 = { week: '2026-W20', day_from: '2026-05-11', day_to: '2026-05-17' };

  beforeAll(async () => {
    const bedrock = { provider: 'bedrock', model_or_deployment: 'nova-test', application: 'docs-app' };
    lake = await reconciledLake(
      [
        // golden (openai-usage, hourly buckets): one event of 1,000 tokens in each of three buckets of 1,000
        request('g1', '2026-05-12T10:15:00Z', 'proj_1', 1000),
        request('g2', '2026-05-12T11:15:00Z', 'proj_1', 1000),
        request('g3', '2026-05-12T12:15:00Z', 'proj_1', 1000),
        // breaking (bedrock-invocation-logs, by request id): three events the logs hold
        request('b1', '2026-05-11T00:00:00Z', '111122223333', 1000, bedrock),
        request('b2', '2026-05-13T10:00:00Z', '111122223333', 1000, bedrock),
        request('b3', '2026-05-13T11:00:00Z', '111122223333', 1000, bedrock),
      ],
      [],
      [
        ...[10, 11, 12].map((hour) =>
          usage(
            'openai-usage',
            'openai',
            `2026-05-12T${hour}:00:00.000Z`,
            `2026-05-12T${hour + 1}:00:00.000Z`,
            1000,
            `usage|${hour}`,
            { provider_account: 'proj_1', model_or_deployment: 'gpt-test' },
          ),
        ),
        // golden's unmatched buckets just outside W20 (Sunday before, Monday after) do not count
        usage(
          'openai-usage',
          'openai',
          '2026-05-10T23:00:00.000Z',
          '2026-05-11T00:00:00.000Z',
          5000,
          'usage|w19',
        ),
        usage(
          'openai-usage',
          'openai',
          '2026-05-18T00:00:00.000Z',
          '2026-05-18T01:00:00.000Z',
          5000,
          'usage|w21',
        ),
        // breaking: b1, b2, b3 logged (3,000 tokens) and x9 on W20's last second that no event names (1,000)
        ...['b1', 'b2', 'b3'].map((id, index) =>
          usage(
            'bedrock-invocation-logs',
            'bedrock',
            ['2026-05-11T00:00:01.000Z', '2026-05-13T10:00:01.000Z', '2026-05-13T11:00:01.000Z'][
              index
            ] as string,
            ['2026-05-11T00:00:01.000Z', '2026-05-13T10:00:01.000Z', '2026-05-13T11:00:01.000Z'][
              index
            ] as string,
            1000,
            `log|${id}`,
            { request_id: id, model_or_deployment: 'nova-test' },
          ),
        ),
        usage(
          'bedrock-invocation-logs',
          'bedrock',
          '2026-05-17T23:59:59.000Z',
          '2026-05-17T23:59:59.000Z',
          1000,
          'log|x9',
          { request_id: 'x9', model_or_deployment: 'nova-test' },
        ),
        // tiny (anthropic-usage): one bucket of 100 tokens no event explains: 100%, but 1 record < min_volume 3
        usage(
          'anthropic-usage',
          'anthropic',
          '2026-05-14T00:00:00.000Z',
          '2026-05-15T00:00:00.000Z',
          100,
          'a|14',
        ),
      ],
      new Date('2026-05-19T12:00:00Z'),
    );
  }, 60_000);
  afterAll(() => lake.close());

  it('returns the source whose usage no event explains over the threshold, with its figures', async () => {
    const rows = await lake.check(COMPLETENESS_GAP, { ...W20, threshold: 0.05, min_volume: 3 });

    // bedrock: 4 records, 4,000 tokens, x9's 1,000 unmatched -> 1,000 / 4,000 = 0.25, on one day (05-17);
    // the 3 events of its days (05-11, 05-13) are the cost-allocation events set against it
    expect(rows).toEqual([
      {
        period: '2026-W20',
        scope: { source: 'bedrock-invocation-logs' },
        metric: 0.25,
        volume: 4,
        values: {
          gap_share: '0.25',
          provider_usage_records: '4',
          application_events: '3',
          unmatched_usage_records: '1',
          unmatched_provider_tokens: '1000',
          provider_tokens: '4000',
          gap_days: '1',
        },
      },
    ]);
  });

  it('returns the small source too when the minimum volume is lowered to its one record', async () => {
    const rows = await lake.check(COMPLETENESS_GAP, { ...W20, threshold: 0.05, min_volume: 1 });

    expect(rows.map((row) => [row.scope.source, row.metric, row.volume])).toEqual([
      ['anthropic-usage', 1, 1],
      ['bedrock-invocation-logs', 0.25, 4],
    ]);
  });

  it('finds the unmatched buckets outside the week only when the week holds them', async () => {
    const rows = await lake.check(COMPLETENESS_GAP, {
      week: '2026-W21',
      day_from: '2026-05-18',
      day_to: '2026-05-24',
      threshold: 0.05,
      min_volume: 1,
    });

    // W21 holds only golden's 5,000-token bucket of 05-18 with no event: 100%
    expect(rows.map((row) => [row.period, row.scope.source, row.metric])).toEqual([
      ['2026-W21', 'openai-usage', 1],
    ]);
  });
});
