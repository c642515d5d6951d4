import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbQueryEngine } from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import type { RawRow } from '../../lambdas/ports/query-engine.ts';
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
 * Outcome -> decision metrics (DESIGN §7.1, §7.2). Model `m` costs 1.00 per 1,000,000
 * input tokens, so a request's cost in dollars is its input tokens / 1,000,000; every
 * figure below is worked out by hand from those costs.
 */
const PRICES = ['openai,m,standard,input,1000000,1.00,USD,2025-01-01,,list,'];

function spend(
  id: string,
  at: string,
  millionths: number,
  unitId: string | null,
  extra: Record<string, unknown> = {},
) {
  return costEvent({
    request_id: id,
    timestamp_utc: at,
    model_or_deployment: 'm',
    usage: { input_tokens: millionths, output_tokens: 0 },
    ...(unitId ? { business_unit: { unit_type: 'support_case', unit_id: unitId } } : {}),
    ...extra,
  });
}

const dailyKey = (row: RawRow) =>
  `${row.day}|${row.environment}|${row.application}|${row.workflow}|${row.currency}`;

describe('SQL: daily unit economics (int_unit_economics__daily, v_unit_economics_daily)', () => {
  let lake: PipelineLake;
  let engine: DuckDbQueryEngine;
  let daily: Map<string, RawRow>;

  beforeAll(async () => {
    lake = await createPipelineLake();
    await writePricing(lake, PRICES);
    await landCostEvents(
      lake,
      [
        // 2026-05-09, production: three units and one unallocated request.
        spend('p1-a', '2026-05-09T09:00:00Z', 1_000_000, 'p1'),
        spend('p2-a', '2026-05-09T09:00:00Z', 2_000_000, 'p2'),
        spend('p3-a', '2026-05-09T09:00:00Z', 1_000_000, 'p3'),
        spend('u-1', '2026-05-09T23:59:59Z', 1_000_000, null),
        // 2026-05-09, staging: its own row, never in production's.
        spend('s1-a', '2026-05-09T09:00:00Z', 10_000_000, 's1', { environment: 'staging' }),
        // 2026-05-10: unallocated cost only, plus p1's unpriced second request (by its own date).
        spend('u-2', '2026-05-10T00:00:00Z', 2_000_000, null),
        spend('p1-b', '2026-05-10T08:00:00Z', 500, 'p1', { model_or_deployment: 'mystery' }),
        // p2's unpriced second request under another workflow: no unit starts in that grain and no
        // request there is unallocated, so it makes no row.
        spend('p2-b', '2026-05-10T09:00:00Z', 300, 'p2', {
          model_or_deployment: 'mystery',
          workflow: 'triage',
        }),
        // 2026-05-11: a failed unit that cost nothing, and an unpriced request of an unknown provider.
        spend('z1-a', '2026-05-11T08:00:00Z', 0, 'z1', { workflow: 'triage' }),
        spend('acme-1', '2026-05-11T08:00:00Z', 700, null, {
          application: 'other-app',
          workflow: 'x',
          provider: 'acme',
        }),
      ],
      { runId: 'land-1', receivedAt: '2026-05-11T12:00:00.000Z' },
    );
    await landOutcomes(
      lake,
      [
        outcomeEvent({ unit_id: 'p1', outcome: 'resolved', outcome_at: '2026-05-09T10:00:00Z' }),
        outcomeEvent({ unit_id: 'p2', outcome: 'rejected', outcome_at: '2026-05-09T10:00:00Z' }),
        outcomeEvent({ unit_id: 's1', outcome: 'resolved', outcome_at: '2026-05-09T10:00:00Z' }),
        outcomeEvent({
          unit_id: 'z1',
          outcome: 'abandoned',
          outcome_at: '2026-05-11T09:00:00Z',
          workflow: 'triage',
        }),
      ],
      { runId: 'land-2', receivedAt: '2026-05-11T12:00:00.000Z' },
    );
    ({ engine } = await computeLake(lake, { asOf: new Date('2026-05-12T00:00:00Z') }));
    daily = new Map(
      (await selectRows(engine, 'select * from v_unit_economics_daily')).map((row) => [dailyKey(row), row]),
    );
  });

  afterAll(async () => {
    await engine.close();
    await lake.remove();
  });

  it('computes every figure of a production day from its units and unallocated requests', () => {
    // units p1 1.00 (success), p2 2.00 (failure), p3 1.00 (unknown: no outcome) + unallocated 1.00
    // total 5.00, allocated 4.00, coverage 4 / 5 = 0.8; per attempted 5.00 / 3 = 1.666666666.. -> 1.666666667;
    // per successful 5.00 / 1; failed-unit cost 2.00, per failed 2.00 / 1
    expect(daily.get('2026-05-09|production|support-bot|answer|USD')).toEqual({
      day: '2026-05-09',
      environment: 'production',
      application: 'support-bot',
      workflow: 'answer',
      currency: 'USD',
      total_cost: '5.000000000000',
      allocated_cost: '4.000000000000',
      unallocated_cost: '1.000000000000',
      allocation_coverage: '0.8',
      attempted_units: '3',
      successful_units: '1',
      failed_units: '1',
      pending_units: '0',
      unknown_units: '1',
      cost_per_attempted_unit: '1.666666667',
      cost_per_successful_unit: '5.000000000',
      failed_unit_cost: '2.000000000000',
      cost_per_failed_unit: '2.000000000',
      unpriced_requests: '0',
      unpriced_input_tokens: '0',
      unpriced_output_tokens: '0',
    });
  });

  it('keeps staging traffic in its own row, out of production figures', () => {
    const staging = daily.get('2026-05-09|staging|support-bot|answer|USD');
    expect(staging?.total_cost).toBe('10.000000000000');
    expect(staging?.attempted_units).toBe('1');
    expect(staging?.cost_per_successful_unit).toBe('10.000000000');
    // production's 5.00 above holds none of staging's 10.00
    expect(daily.get('2026-05-09|production|support-bot|answer|USD')?.total_cost).toBe('5.000000000000');
  });

  it('gives null ratios for zero denominators and a 0 coverage for cost without units', () => {
    // 2026-05-10: unallocated 2.00 only; p1-b (unpriced, allocated) counts by its own date
    const row = daily.get('2026-05-10|production|support-bot|answer|USD');
    expect(row?.total_cost).toBe('2.000000000000');
    expect(row?.allocation_coverage).toBe('0');
    expect(row?.attempted_units).toBe('0');
    expect(row?.cost_per_attempted_unit).toBeNull();
    expect(row?.cost_per_successful_unit).toBeNull();
    expect(row?.cost_per_failed_unit).toBeNull();
    expect(row?.unpriced_requests).toBe('1');
    expect(row?.unpriced_input_tokens).toBe('500');
  });

  it('gives a null coverage when the total cost is zero, and zero unit costs over non-zero unit counts', () => {
    // z1: one failed unit (abandoned) that cost 0.00
    const row = daily.get('2026-05-11|production|support-bot|triage|USD');
    expect(row?.allocation_coverage).toBeNull();
    expect(row?.cost_per_attempted_unit).toBe('0.000000000');
    expect(row?.cost_per_successful_unit).toBeNull();
    expect(row?.cost_per_failed_unit).toBe('0.000000000');
  });

  it('keeps a row for unallocated unpriced requests of a provider with no prices', () => {
    const row = daily.get('2026-05-11|production|other-app|x|null');
    expect(row?.total_cost).toBe('0.000000000000');
    expect(row?.unpriced_requests).toBe('1');
    expect(row?.allocation_coverage).toBeNull();
  });

  it('adds no unit cost for an unpriced request', async () => {
    const [p1] = await selectRows(
      engine,
      "select cost, unpriced_requests from v_unit_costs where unit_id = 'p1'",
    );
    expect(p1).toEqual({ cost: '1.000000000000', unpriced_requests: '1' });
  });

  it('has exactly the daily rows worked out, and the DESIGN §7 columns in order', () => {
    expect([...daily.keys()].sort()).toEqual([
      '2026-05-09|production|support-bot|answer|USD',
      '2026-05-09|staging|support-bot|answer|USD',
      '2026-05-10|production|support-bot|answer|USD',
      '2026-05-11|production|other-app|x|null',
      '2026-05-11|production|support-bot|triage|USD',
    ]);
    const [first] = daily.values();
    expect(Object.keys(first ?? {}).slice(0, 19)).toEqual([
      'day',
      'environment',
      'application',
      'workflow',
      'currency',
      'total_cost',
      'allocated_cost',
      'unallocated_cost',
      'allocation_coverage',
      'attempted_units',
      'successful_units',
      'failed_units',
      'pending_units',
      'unknown_units',
      'cost_per_attempted_unit',
      'cost_per_successful_unit',
      'failed_unit_cost',
      'cost_per_failed_unit',
      'unpriced_requests',
    ]);
  });
});

describe('SQL: weekly unit economics across an ISO year boundary (v_unit_economics_weekly)', () => {
  let lake: PipelineLake;
  let engine: DuckDbQueryEngine;
  let weekly: Map<string, RawRow>;

  beforeAll(async () => {
    lake = await createPipelineLake();
    await writePricing(lake, PRICES);
    await landCostEvents(
      lake,
      [
        // 2025-W52 (2025-12-22 .. 2025-12-28)
        spend('a-1', '2025-12-22T00:00:00Z', 1_000_000, 'a'),
        spend('a-2', '2025-12-22T01:00:00Z', 1_000_000, 'a'),
        spend('b-1', '2025-12-28T23:59:59Z', 1_000_000, 'b'),
        spend('u-1', '2025-12-24T12:00:00Z', 1_000_000, null),
        // 2026-W01 (2025-12-29 .. 2026-01-04): ISO year 2026 starts on Monday 2025-12-29
        spend('c-1', '2025-12-29T00:00:00Z', 3_000_000, 'c'),
        spend('d-1', '2026-01-04T08:00:00Z', 1_000_000, 'd'),
        spend('e-1', '2026-01-04T23:59:59Z', 2_000_000, 'e'),
      ],
      { runId: 'land-1', receivedAt: '2026-01-05T00:00:00.000Z' },
    );
    await landOutcomes(
      lake,
      [
        outcomeEvent({ unit_id: 'a', outcome: 'resolved', outcome_at: '2025-12-23T00:00:00Z' }),
        outcomeEvent({ unit_id: 'b', outcome: 'rejected', outcome_at: '2025-12-29T00:00:00Z' }),
        outcomeEvent({ unit_id: 'c', outcome: 'resolved', outcome_at: '2025-12-30T00:00:00Z' }),
        outcomeEvent({ unit_id: 'd', outcome: 'resolved', outcome_at: '2026-01-05T00:00:00Z' }),
        outcomeEvent({ unit_id: 'e', outcome: 'rejected', outcome_at: '2026-01-05T00:00:00Z' }),
      ],
      { runId: 'land-2', receivedAt: '2026-01-05T06:00:00.000Z' },
    );
    ({ engine } = await computeLake(lake, { asOf: new Date('2026-01-05T12:00:00Z') }));
    weekly = new Map(
      (await selectRows(engine, 'select * from v_unit_economics_weekly')).map((row) => [
        row.week as string,
        row,
      ]),
    );
  });

  afterAll(async () => {
    await engine.close();
    await lake.remove();
  });

  it('labels weeks by ISO year: 2025-12-29 belongs to 2026-W01', () => {
    expect([...weekly.keys()].sort()).toEqual(['2025-W52', '2026-W01']);
  });

  it('sums the week: 2025-W52', () => {
    // a 2.00 (success), b 1.00 (failure, Sunday 23:59:59) + unallocated 1.00: total 4.00, coverage 3 / 4
    // per attempted 4.00 / 2 = 2.00; per successful 4.00 / 1; per failed 1.00 / 1
    const week = weekly.get('2025-W52');
    expect(week?.total_cost).toBe('4.000000000000');
    expect(week?.allocation_coverage).toBe('0.75');
    expect([week?.attempted_units, week?.successful_units, week?.failed_units]).toEqual(['2', '1', '1']);
    expect(week?.cost_per_attempted_unit).toBe('2.000000000');
    expect(week?.cost_per_successful_unit).toBe('4.000000000');
    expect(week?.cost_per_failed_unit).toBe('1.000000000');
    // no 2025-W51 row: every week-over-week change is null
    expect(week?.wow_cost_per_attempted_unit).toBeNull();
    expect(week?.wow_allocation_coverage).toBeNull();
  });

  it('compares 2026-W01 with 2025-W52 across the ISO year boundary', () => {
    // c 3.00 (Monday 00:00:00), d 1.00 (success), e 2.00 (failure, Sunday 23:59:59): total 6.00, coverage 1
    // per attempted 6 / 3 = 2.00; per successful 6 / 2 = 3.00; per failed 2.00 / 1
    const week = weekly.get('2026-W01');
    expect(week?.total_cost).toBe('6.000000000000');
    expect(week?.cost_per_attempted_unit).toBe('2.000000000');
    expect(week?.cost_per_successful_unit).toBe('3.000000000');
    expect(week?.cost_per_failed_unit).toBe('2.000000000');
    // wow = this / last - 1: 2/2 - 1 = 0; 3/4 - 1 = -0.25; 2/1 - 1 = 1; coverage 1 / 0.75 - 1 = 1/3
    expect(week?.wow_cost_per_attempted_unit).toBe('0');
    expect(week?.wow_cost_per_successful_unit).toBe('-0.25');
    expect(week?.wow_cost_per_failed_unit).toBe('1');
    expect(Number(week?.wow_allocation_coverage)).toBeCloseTo(1 / 3, 12);
  });

  it('lists week first, the daily figures, then the four week-over-week columns', () => {
    const [first] = weekly.values();
    const columns = Object.keys(first ?? {});
    expect(columns[0]).toBe('week');
    expect(columns.slice(19, 23)).toEqual([
      'wow_cost_per_attempted_unit',
      'wow_cost_per_successful_unit',
      'wow_cost_per_failed_unit',
      'wow_allocation_coverage',
    ]);
  });
});
