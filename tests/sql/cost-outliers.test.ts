import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DuckDbQueryEngine,
  duckDbWarehouse,
} from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { outliers } from '../../lambdas/jobs/outliers.ts';
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
 * v_cost_outliers on given units. Prices: input 2.50, cached input 1.25, output 10.00 per
 * 1M tokens, so 1,000 in + 100 out = 0.0025 + 0.001 = 0.0035. ISO week 2026-W20 runs from
 * Monday 2026-05-11 to Sunday 2026-05-17.
 */
const PRICES = [
  'openai,gpt-test,standard,input,1000000,2.50,USD,2026-01-01,,list,',
  'openai,gpt-test,standard,cached_input,1000000,1.25,USD,2026-01-01,,list,',
  'openai,gpt-test,standard,output,1000000,10.00,USD,2026-01-01,,list,',
];

function request(id: string, at: string, unitId: string, input: number, output: number, extra = {}) {
  return costEvent({
    request_id: id,
    timestamp_utc: at,
    usage: { input_tokens: input, output_tokens: output },
    business_unit: { unit_type: 'support_case', unit_id: unitId },
    ...extra,
  });
}

const REQUESTS = [
  // answer, W20, production: 0.0035, 0.006, 0.012, 0.05 and 0.0035 (Sunday 23:59:59)
  request('a1', '2026-05-11T00:00:00Z', 'u1', 1000, 100),
  request('a2', '2026-05-12T10:00:00Z', 'u2', 2000, 100),
  request('a3', '2026-05-13T10:00:00Z', 'u3', 4000, 200),
  // u4: 2,000 uncached x 2.5 + 8,000 cached x 1.25 + 500 out x 10 (per 1M) = 0.005 + 0.01 + 0.005 = 0.02,
  // then a retry on the fallback: 10,000 x 2.5 + 500 x 10 = 0.025 + 0.005 = 0.03; unit 0.05
  request('a4-1', '2026-05-14T10:00:00Z', 'u4', 10000, 500, {
    usage: { input_tokens: 10000, output_tokens: 500, cached_input_tokens: 8000 },
  }),
  request('a4-2', '2026-05-14T10:01:00Z', 'u4', 10000, 500, {
    routing: { attempt_number: 2, fallback_used: true, fallback_route: 'openai/a->openai/b' },
  }),
  request('a5', '2026-05-17T23:59:59Z', 'u5', 1000, 100),
  // Monday 00:00:00 opens W21
  request('a6', '2026-05-18T00:00:00Z', 'u6', 1000, 100),
  // staging keeps its own group
  request('s1', '2026-05-12T10:00:00Z', 'STG-1', 1000, 100, { environment: 'staging' }),
  // triage, W20: 0.0035, 0.006 (two tenants, 0.003 each), 0.012, 0.05
  request('t1', '2026-05-12T10:00:00Z', 't1', 1000, 100, { workflow: 'triage' }),
  request('t2-1', '2026-05-12T10:00:00Z', 't2', 1000, 50, { workflow: 'triage', tenant_id: 'tenant-a' }),
  request('t2-2', '2026-05-12T10:05:00Z', 't2', 1000, 50, { workflow: 'triage', tenant_id: 'tenant-b' }),
  request('t3', '2026-05-12T10:00:00Z', 't3', 4000, 200, { workflow: 'triage' }),
  request('t4', '2026-05-12T10:00:00Z', 't4', 10000, 500, {
    workflow: 'triage',
    usage: { input_tokens: 10000, output_tokens: 500, cached_input_tokens: 8000 },
  }),
  request('t4-2', '2026-05-12T10:01:00Z', 't4', 10000, 500, { workflow: 'triage' }),
];

const OUTCOMES = [
  outcomeEvent({ unit_id: 'u4', outcome: 'abandoned', outcome_at: '2026-05-15T00:00:00Z' }),
  outcomeEvent({ unit_id: 't3', outcome: 'reopened', outcome_at: '2026-05-15T00:00:00Z' }),
];

describe('SQL: v_cost_outliers', () => {
  let lake: PipelineLake;
  let engine: DuckDbQueryEngine;
  let rows: Map<string, RawRow>;

  beforeAll(async () => {
    lake = await createPipelineLake();
    await writePricing(lake, PRICES);
    await landCostEvents(lake, REQUESTS, { runId: 'land-1', receivedAt: '2026-05-19T00:00:00.000Z' });
    await landOutcomes(lake, OUTCOMES, { runId: 'land-2', receivedAt: '2026-05-19T00:00:00.000Z' });
    ({ engine } = await computeLake(lake, { asOf: new Date('2026-05-19T00:00:00Z') }));
    await outliers({ engine, warehouse: duckDbWarehouse(lake.root) }, { top: 1 });
    rows = new Map(
      (await selectRows(engine, 'select * from v_cost_outliers')).map((row) => [row.unit_id as string, row]),
    );
  });

  afterAll(async () => {
    await engine.close();
    await lake.remove();
  });

  it('ranks units by cost within the week and workflow, ties by unit id, and puts Sunday 23:59:59 in the same week', () => {
    const ranks = ['u4', 'u3', 'u2', 'u1', 'u5'].map((id) => [rows.get(id)?.week, rows.get(id)?.cost_rank]);

    expect(ranks).toEqual([
      ['2026-W20', '1'],
      ['2026-W20', '2'],
      ['2026-W20', '3'],
      ['2026-W20', '4'],
      ['2026-W20', '5'],
    ]);
    expect(rows.get('u6')).toMatchObject({ week: '2026-W21', cost_rank: '1', units_in_group: '1' });
  });

  it('takes the middle unit as the median of an odd group and divides by it', () => {
    // sorted 0.0035, 0.0035, 0.006, 0.012, 0.05: median 0.006; 0.05 / 0.006 = 8.333…
    const u4 = rows.get('u4');

    expect(u4?.cost).toBe('0.050000000000');
    expect(u4?.median_unit_cost).toBe('0.006000000000');
    expect(Number(u4?.ratio_to_median)).toBeCloseTo(8.3333333, 6);
  });

  it('takes the mean of the middle two as the median of an even group', () => {
    // triage: 0.0035, 0.006, 0.012, 0.05: (0.006 + 0.012) / 2 = 0.009; 0.05 / 0.009 = 5.555…
    const t4 = rows.get('t4');

    expect(t4?.median_unit_cost).toBe('0.009000000000');
    expect(Number(t4?.ratio_to_median)).toBeCloseTo(5.5555556, 6);
  });

  it("gives the diagnostics of a unit's requests: tokens, cached share, retries and fallback", () => {
    expect(rows.get('u4')).toMatchObject({
      requests: '2',
      retries: '1',
      input_tokens: '20000',
      cached_input_tokens: '8000',
      output_tokens: '1000',
      fallback_requests: '1',
      fallback_used: 'true',
      non_production: 'false',
      outcome: 'abandoned',
      outcome_flag: 'abandoned',
    });
    // 8,000 cached of 20,000 input
    expect(Number(rows.get('u4')?.cached_share)).toBeCloseTo(0.4, 12);
  });

  it('flags non-production units, reopened units and units shared by two tenants', () => {
    expect(rows.get('STG-1')).toMatchObject({
      environment: 'staging',
      non_production: 'true',
      cost_rank: '1',
    });
    expect(rows.get('t3')?.outcome_flag).toBe('reopened');
    expect(rows.get('t2')).toMatchObject({ outcome_flag: 'duplicated', cost: '0.006000000000' });
    expect(rows.get('u1')?.outcome_flag).toBeNull();
  });

  it('gives the top N of one week and workflow as a table for the outliers command', async () => {
    const result = await outliers(
      { engine, warehouse: duckDbWarehouse(lake.root) },
      { week: '2026-W20', workflow: 'answer', top: 2 },
    );

    // production's top two, then staging's only unit (environments are ranked apart)
    expect(result.rows.map((row) => row.unit_id)).toEqual(['u4', 'u3', 'STG-1']);
    expect(result.text).toContain('staging (non-production)');
    expect(result.text).toContain('Costliest units, ISO week 2026-W20, workflow answer (top 2)');
    expect(result.text).toMatch(
      /support_case u4\s+tenant-a\s+0\.05 USD\s+8\.3x\s+20,000\s+40%\s+1,000\s+2\s+1\s+yes \(1\)\s+abandoned/,
    );
  });

  it('rejects a malformed week', async () => {
    await expect(
      outliers({ engine, warehouse: duckDbWarehouse(lake.root) }, { week: '2026-20' }),
    ).rejects.toThrow('must be an ISO week');
  });
});
