import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbQueryEngine } from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { landUsageRecords, reconcileLake } from '../helpers/billing-lake.ts';
import {
  computeLake,
  costEvent,
  createPipelineLake,
  landCostEvents,
  landOutcomes,
  outcomeEvent,
  type PipelineLake,
  selectRows,
  writePricing,
} from '../helpers/pipeline-lake.ts';

/**
 * v_data_completeness (DESIGN §7): cost events against provider usage records on one
 * day, 2026-05-10. Costs: gpt-test 2.00 / 1M input and 10.00 / 1M output, nova-test
 * 0.80 / 1M input. Tokens are input + output. Every expected figure is counted by hand
 * from the rows below.
 */
const PRICES = [
  'openai,gpt-test,standard,input,1000000,2.00,USD,2026-01-01,,list,',
  'openai,gpt-test,standard,output,1000000,10.00,USD,2026-01-01,,list,',
  'bedrock,nova-test,standard,input,1000000,0.80,USD,2026-01-01,,list,',
];

function event(id: string, at: string, overrides: Record<string, unknown>) {
  return costEvent({ request_id: id, timestamp_utc: at, ...overrides });
}

const support = {
  application: 'support-bot',
  provider: 'openai',
  provider_account: 'proj_1',
  model_or_deployment: 'gpt-test',
};
const docs = {
  application: 'docs-app',
  environment: 'staging',
  provider: 'bedrock',
  provider_account: '111122223333',
  model_or_deployment: 'nova-test',
};

const EVENTS = [
  // 1,000 x 2.00/1M + 100 x 10.00/1M = 0.002 + 0.001 = 0.003; its unit has an outcome.
  event('e1', '2026-05-10T10:15:00Z', {
    ...support,
    usage: { input_tokens: 1000, output_tokens: 100 },
    business_unit: { unit_type: 'support_case', unit_id: 'case-1' },
  }),
  // 2,000 x 2.00/1M = 0.004; its unit has no outcome.
  event('e2', '2026-05-10T10:45:00Z', {
    ...support,
    usage: { input_tokens: 2000, output_tokens: 0 },
    business_unit: { unit_type: 'support_case', unit_id: 'case-2' },
  }),
  // 500 x 2.00/1M = 0.001, no unit.
  event('e3', '2026-05-10T11:10:00Z', { ...support, usage: { input_tokens: 500, output_tokens: 0 } }),
  // 1,000,000 x 0.80/1M = 0.80; its unit has an outcome.
  event('e4', '2026-05-10T10:00:00Z', {
    ...docs,
    usage: { input_tokens: 1_000_000, output_tokens: 0 },
    business_unit: { unit_type: 'document', unit_id: 'doc-1' },
  }),
  // 1,000 x 0.80/1M = 0.0008, no unit; Bedrock never logged it.
  event('e5', '2026-05-10T12:00:00Z', { ...docs, usage: { input_tokens: 1000, output_tokens: 0 } }),
];

const OUTCOMES = [
  outcomeEvent({ unit_id: 'case-1', outcome: 'resolved', outcome_at: '2026-05-10T13:00:00Z' }),
  outcomeEvent({
    application: 'docs-app',
    unit_type: 'document',
    unit_id: 'doc-1',
    outcome: 'accepted',
    outcome_at: '2026-05-10T13:00:00Z',
  }),
];

const bucket = (hour: string, next: string, inputTokens: number, id: string) => ({
  usage_start: `2026-05-10T${hour}:00:00.000Z`,
  usage_end: `2026-05-10T${next}:00:00.000Z`,
  provider: 'openai',
  provider_account: 'proj_1',
  model_or_deployment: 'gpt-test',
  input_tokens: inputTokens,
  request_count: 1,
  source: 'openai-usage' as const,
  source_line_id: id,
});

const USAGE = [
  // Bedrock logs e4 (1,000,000 tokens) and a request no cost event names (300 + 50 = 350 tokens).
  {
    usage_start: '2026-05-10T10:00:01.000Z',
    provider: 'bedrock',
    provider_account: '111122223333',
    model_or_deployment: 'nova-test',
    request_id: 'e4',
    input_tokens: 1_000_000,
    source: 'bedrock-invocation-logs' as const,
    source_line_id: 'log|e4',
  },
  {
    usage_start: '2026-05-10T10:30:00.000Z',
    provider: 'bedrock',
    provider_account: '111122223333',
    model_or_deployment: 'nova-test',
    request_id: 'x9',
    input_tokens: 300,
    output_tokens: 50,
    source: 'bedrock-invocation-logs' as const,
    source_line_id: 'log|x9',
  },
  // OpenAI hourly buckets: 10:00 holds e1 + e2 (1,100 + 2,000 = 3,100 tokens) exactly;
  // 11:00 reports 800 where e3 has 500 (300 unmatched); 12:00 reports 100 with no event at all.
  { ...bucket('10', '11', 3000, 'usage|10'), output_tokens: 100 },
  bucket('11', '12', 800, 'usage|11'),
  bucket('12', '13', 100, 'usage|12'),
];

const FIGURES = [
  'application_events',
  'provider_usage_records',
  'allocated_events',
  'unit_joined_events',
  'events_without_unit',
  'unit_events_without_outcome',
  'events_without_usage_record',
  'usage_records_without_event',
  'matched_events',
  'event_tokens',
  'provider_tokens',
  'unmatched_provider_tokens',
  'gap_share',
  'total_cost',
  'unallocated_cost',
  'unallocated_cost_share',
] as const;

describe('SQL: v_data_completeness', () => {
  let lake: PipelineLake;
  let engine: DuckDbQueryEngine;

  beforeAll(async () => {
    lake = await createPipelineLake();
    await writePricing(lake, PRICES);
    await landCostEvents(lake, EVENTS, { runId: 'land-1', receivedAt: '2026-05-11T00:00:00.000Z' });
    await landOutcomes(lake, OUTCOMES, { runId: 'land-2', receivedAt: '2026-05-11T00:00:00.000Z' });
    await landUsageRecords(lake, USAGE, { sourceId: 'land-3' });
    const asOf = new Date('2026-05-12T00:00:00Z');
    const computed = await computeLake(lake, { asOf });
    await computed.engine.close();
    ({ engine } = await reconcileLake(lake, { asOf }));
  }, 60_000);

  afterAll(async () => {
    await engine.close();
    await lake.remove();
  });

  async function row(source: string, application: string | null) {
    const where = application === null ? 'application is null' : 'application = ?';
    const rows = await selectRows(
      engine,
      `select * from v_data_completeness where day = date '2026-05-10' and source = ? and ${where}`,
      application === null ? [source] : [source, application],
    );
    expect(rows).toHaveLength(1);
    return Object.fromEntries(FIGURES.map((name) => [name, rows[0]?.[name] ?? null]));
  }

  it('counts cost events, units and unallocated cost per application and environment', async () => {
    // support-bot: 3 events, 2 name a unit, 1 of those has an outcome; 3,600 tokens;
    // cost 0.003 + 0.004 + 0.001 = 0.008, of which e3's 0.001 unallocated: 0.001 / 0.008 = 0.125.
    expect(await row('cost_events', 'support-bot')).toEqual({
      application_events: '3',
      provider_usage_records: null,
      allocated_events: '2',
      unit_joined_events: '1',
      events_without_unit: '1',
      unit_events_without_outcome: '1',
      events_without_usage_record: null,
      usage_records_without_event: null,
      matched_events: null,
      event_tokens: '3600',
      provider_tokens: null,
      unmatched_provider_tokens: null,
      gap_share: null,
      total_cost: '0.008000000000',
      unallocated_cost: '0.001000000000',
      unallocated_cost_share: '0.125',
    });
  });

  it('matches a request-level source by request id and lists its records no event names', async () => {
    const matched = await row('bedrock-invocation-logs', 'docs-app');
    const orphans = await row('bedrock-invocation-logs', null);

    // docs-app: e4 matched (1,000,000 tokens logged), e5 not logged; events hold 1,001,000 tokens.
    expect(matched).toEqual(
      expect.objectContaining({
        application_events: '2',
        provider_usage_records: '1',
        matched_events: '1',
        events_without_usage_record: '1',
        usage_records_without_event: '0',
        event_tokens: '1001000',
        provider_tokens: '1000000',
        unmatched_provider_tokens: '0',
        gap_share: '0',
      }),
    );
    // x9: one record, 350 tokens, no cost event: all of it a gap.
    expect(orphans).toEqual(
      expect.objectContaining({
        application_events: '0',
        provider_usage_records: '1',
        usage_records_without_event: '1',
        provider_tokens: '350',
        unmatched_provider_tokens: '350',
        gap_share: '1',
      }),
    );
  });

  it('matches a bucket source by the totals of each bucket', async () => {
    // Provider: 3,100 + 800 + 100 = 4,000 tokens in 3 buckets; events inside: 3,100 and 500.
    // Unmatched: max(3,100 - 3,100, 0) + max(800 - 500, 0) + 100 = 400; 400 / 4,000 = 0.1.
    expect(await row('openai-usage', null)).toEqual(
      expect.objectContaining({
        application_events: '3',
        provider_usage_records: '3',
        matched_events: '3',
        events_without_usage_record: '0',
        usage_records_without_event: '1',
        event_tokens: '3600',
        provider_tokens: '4000',
        unmatched_provider_tokens: '400',
        gap_share: '0.1',
      }),
    );
  });

  it('writes no provider row for a day a source reported nothing', async () => {
    const rows = await selectRows(
      engine,
      "select distinct source from v_data_completeness where day <> date '2026-05-10'",
    );

    expect(rows).toEqual([]);
  });
});
