import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DuckDbQueryEngine,
  duckDbWarehouse,
} from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { CohortUnitRowSchema } from '../../lambdas/domain/cohort-comparison.ts';
import { compare } from '../../lambdas/jobs/compare.ts';
import { loadSqlCatalog } from '../../lambdas/sql/sql-catalog.ts';
import { SqlRunner } from '../../lambdas/sql/sql-runner.ts';
import {
  computeLake,
  costEvent,
  createPipelineLake,
  landCostEvents,
  landOutcomes,
  outcomeEvent,
  type PipelineLake,
  writePricing,
} from '../helpers/pipeline-lake.ts';

/** cohort_units and `compare` on given units; every request costs 0.0035 (1,000 in x 2.50 + 100 out x 10.00 per 1M). */
const PRICES = [
  'openai,gpt-test,standard,input,1000000,2.50,USD,2026-01-01,,list,',
  'openai,gpt-test,standard,output,1000000,10.00,USD,2026-01-01,,list,',
];

function request(id: string, at: string, unitId: string, extra: Record<string, unknown> = {}) {
  return costEvent({
    request_id: id,
    timestamp_utc: at,
    business_unit: { unit_type: 'support_case', unit_id: unitId },
    ...extra,
  });
}

const REQUESTS = [
  // the first request sets the cohort: v1, although the second used v2
  request('c1-1', '2026-05-11T10:00:00Z', 'c1', { prompt_version: 'v1' }),
  request('c1-2', '2026-05-11T10:05:00Z', 'c1', { prompt_version: 'v2' }),
  // two fallbacks: the first route taken (10:01) names the unit's route
  request('c2-1', '2026-05-12T10:00:00Z', 'c2', { prompt_version: 'v2' }),
  request('c2-2', '2026-05-12T10:01:00Z', 'c2', {
    prompt_version: 'v2',
    routing: { attempt_number: 2, fallback_used: true, fallback_route: 'route-1' },
  }),
  request('c2-3', '2026-05-12T10:02:00Z', 'c2', {
    prompt_version: 'v2',
    routing: { attempt_number: 3, fallback_used: true, fallback_route: 'route-2' },
  }),
  // no prompt version
  request('c3-1', '2026-05-13T10:00:00Z', 'c3'),
  // other environment, and a cohort day before --from: left out
  request('s-1', '2026-05-12T10:00:00Z', 'staging-unit', { environment: 'staging', prompt_version: 'v1' }),
  request('old-1', '2026-05-01T10:00:00Z', 'old-unit', { prompt_version: 'v1' }),
];

const OUTCOMES = [
  outcomeEvent({ unit_id: 'c1', outcome: 'resolved', outcome_at: '2026-05-11T12:00:00Z' }),
  outcomeEvent({ unit_id: 'c2', outcome: 'rejected', outcome_at: '2026-05-12T12:00:00Z' }),
];

describe('SQL: cohort_units and compare', () => {
  let lake: PipelineLake;
  let engine: DuckDbQueryEngine;

  beforeAll(async () => {
    lake = await createPipelineLake();
    await writePricing(lake, PRICES);
    await landCostEvents(lake, REQUESTS, { runId: 'land-1', receivedAt: '2026-05-14T00:00:00.000Z' });
    await landOutcomes(lake, OUTCOMES, { runId: 'land-2', receivedAt: '2026-05-14T00:00:00.000Z' });
    ({ engine } = await computeLake(lake, { asOf: new Date('2026-05-14T00:00:00Z') }));
  });

  afterAll(async () => {
    await engine.close();
    await lake.remove();
  });

  it("gives each unit its first request's prompt version and model and its first fallback route", async () => {
    const runner = new SqlRunner(engine, await loadSqlCatalog(), duckDbWarehouse(lake.root));

    const rows = await runner.query(
      'cohort_units',
      { day_from: '2026-05-10', day_to: '2026-05-14', environment: 'production' },
      CohortUnitRowSchema,
    );

    expect(
      rows.map((row) => [
        row.unit_id,
        row.prompt_version,
        row.model_or_deployment,
        row.fallback_route,
        row.cost,
        row.outcome_class,
      ]),
    ).toEqual([
      ['c1', 'v1', 'gpt-test', null, '0.007000000000', 'success'],
      ['c2', 'v2', 'gpt-test', 'route-1', '0.010500000000', 'failure'],
      ['c3', null, 'gpt-test', null, '0.003500000000', 'unknown'],
    ]);
  });

  it('compares the cohorts of the window: exact totals, and "not enough units" with so few', async () => {
    const result = await compare(
      { engine, warehouse: duckDbWarehouse(lake.root) },
      { by: 'prompt_version', a: 'v1', b: 'v2', from: '2026-05-10', asOf: new Date('2026-05-14T00:00:00Z') },
    );

    expect(result.to).toBe('2026-05-14');
    expect(result.comparison.a).toMatchObject({ units: 1, successful: 1, totalCost: '0.007' });
    expect(result.comparison.b).toMatchObject({
      units: 1,
      failed: 1,
      totalCost: '0.0105',
      costPerSuccessfulUnit: null,
    });
    expect(result.comparison.verdict).toMatch(/^Not enough units to conclude/);
    expect(result.text).toContain('A: v1');
  });

  it('rejects an unknown dimension', async () => {
    await expect(
      compare(
        { engine, warehouse: duckDbWarehouse(lake.root) },
        { by: 'tenant', a: 'x', b: 'y', asOf: new Date('2026-05-14T00:00:00Z') },
      ),
    ).rejects.toThrow('--by "tenant" must be one of prompt_version, model, fallback_route');
  });
});
