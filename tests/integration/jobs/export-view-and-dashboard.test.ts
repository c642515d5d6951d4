import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbQueryEngine } from '../../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { duckDbWarehouse } from '../../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { formatDashboardTable } from '../../../lambdas/domain/dashboard.ts';
import { InvalidInputError } from '../../../lambdas/domain/errors.ts';
import { FINANCE_VIEWS } from '../../../lambdas/domain/finance-views.ts';
import { loadDashboard } from '../../../lambdas/jobs/dashboard.ts';
import { exportView } from '../../../lambdas/jobs/export-view.ts';
import {
  computeLake,
  costEvent,
  createPipelineLake,
  landCostEvents,
  landOutcomes,
  outcomeEvent,
  type PipelineLake,
  writePricing,
} from '../../helpers/pipeline-lake.ts';

/**
 * Export and dashboard over a computed lake. gpt-test costs 2.50/1M input + 10.00/1M
 * output: the default request (1,000 in, 100 out) costs 0.0025 + 0.001 = 0.0035.
 */
describe('Job: export-view and dashboard', () => {
  let lake: PipelineLake;
  let engine: DuckDbQueryEngine;

  beforeAll(async () => {
    lake = await createPipelineLake();
    await writePricing(lake, [
      'openai,gpt-test,standard,input,1000000,2.50,USD,2026-01-01,,list,',
      'openai,gpt-test,standard,output,1000000,10.00,USD,2026-01-01,,list,',
    ]);
    await landCostEvents(
      lake,
      [
        costEvent({
          request_id: 'r-1',
          timestamp_utc: '2026-05-04T10:00:00.120Z',
          workflow: 'answer, then cite "sources"',
          business_unit: { unit_type: 'support_case', unit_id: 'c1' },
        }),
        costEvent({
          request_id: 'r-2',
          timestamp_utc: '2026-05-11T10:00:00Z',
          business_unit: { unit_type: 'support_case', unit_id: 'c2' },
        }),
        costEvent({
          request_id: 'r-3',
          timestamp_utc: '2026-05-11T11:00:00Z',
          business_unit: { unit_type: 'support_case', unit_id: 'c3' },
        }),
        costEvent({ request_id: 'r-4', timestamp_utc: '2026-05-11T12:00:00Z' }),
      ],
      { runId: 'land-1', receivedAt: '2026-05-12T00:00:00.000Z' },
    );
    await landOutcomes(
      lake,
      [
        outcomeEvent({ unit_id: 'c2', outcome: 'resolved', outcome_at: '2026-05-11T13:00:00Z' }),
        outcomeEvent({ unit_id: 'c3', outcome: 'rejected', outcome_at: '2026-05-11T13:00:00Z' }),
      ],
      { runId: 'land-2', receivedAt: '2026-05-12T00:00:00.000Z' },
    );
    ({ engine } = await computeLake(lake, { asOf: new Date('2026-05-12T00:00:00Z') }));
  });

  afterAll(async () => {
    await engine.close();
    await lake.remove();
  });

  it('exports a view as CSV with the contract columns first, ISO timestamps and exact decimals', async () => {
    const csv = await exportView(engine, 'v_request_costs', 'csv');
    const [header, first] = csv.split('\n');
    expect(header).toBe(FINANCE_VIEWS.v_request_costs.columns.map(([name]) => name).join(','));
    // a field holding a comma and quotes is quoted, quotes doubled (RFC 4180)
    expect(first).toContain(
      'r-1,2026-05-04T10:00:00.120Z,2026-05-04,production,support-bot,"answer, then cite ""sources"""',
    );
    expect(first).toContain(',true,0.003500000000,USD,');
  });

  it('exports a view as JSON with money as strings and booleans as booleans', async () => {
    const rows = JSON.parse(await exportView(engine, 'v_unit_costs', 'json')) as Record<string, unknown>[];
    expect(rows.map((row) => row.unit_id)).toEqual(['c1', 'c2', 'c3']);
    expect(rows[1]).toMatchObject({
      cost: '0.003500000000',
      first_request_at: '2026-05-11T10:00:00.000Z',
      outcome_at: '2026-05-11T13:00:00.000Z',
      outcome_class: 'success',
    });
    expect(Object.keys(rows[0] ?? {})).toEqual(FINANCE_VIEWS.v_unit_costs.columns.map(([name]) => name));
    const requests = JSON.parse(await exportView(engine, 'v_request_costs', 'json')) as Record<
      string,
      unknown
    >[];
    expect(requests[0]?.priced).toBe(true);
  });

  it('rejects a view that is not documented, and a format it does not know', async () => {
    await expect(exportView(engine, 'requests', 'csv')).rejects.toBeInstanceOf(InvalidInputError);
    await expect(exportView(engine, 'v_unit_costs; drop table requests', 'csv')).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(exportView(engine, 'v_unit_costs', 'xml' as 'csv')).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });

  it('loads the last complete week by default, and any week by application and workflow', async () => {
    const warehouse = duckDbWarehouse(lake.root);
    // The window ends on Tuesday 2026-05-12 (ISO week 2026-W20, in progress): the last week whose
    // Sunday (2026-05-10) is published is 2026-W19, the week the report and the alerts judge.
    const byDefault = await loadDashboard({ engine, warehouse });
    expect(byDefault.week).toBe('2026-W19');
    expect(byDefault.rows).toEqual((await loadDashboard({ engine, warehouse }, { week: '2026-W19' })).rows);

    const dashboard = await loadDashboard({ engine, warehouse }, { week: '2026-W20' });
    // W20 holds 2026-05-11: c2 0.0035 (success), c3 0.0035 (failure), r-4 0.0035 unallocated
    // total 0.0105; coverage 0.007 / 0.0105 = 2/3; per attempted 0.0105 / 2 = 0.00525; per successful 0.0105 / 1
    expect(dashboard.rows).toEqual([
      {
        application: 'support-bot',
        workflow: 'answer',
        environment: 'production',
        currency: 'USD',
        total_cost: '0.010500000000',
        allocation_coverage: expect.stringMatching(/^0\.666666666666666/),
        attempted_units: '2',
        successful_units: '1',
        cost_per_attempted_unit: '0.005250000',
        cost_per_successful_unit: '0.010500000',
        failed_unit_cost: '0.003500000000',
        wow_cost_per_attempted_unit: null,
        wow_cost_per_successful_unit: null,
      },
    ]);
  });

  it('loads a given week and rejects a malformed one', async () => {
    const dashboard = await loadDashboard(
      { engine, warehouse: duckDbWarehouse(lake.root) },
      { week: '2026-W19' },
    );
    expect(dashboard.rows.map((row) => row.workflow)).toEqual(['answer, then cite "sources"']);
    await expect(
      loadDashboard({ engine, warehouse: duckDbWarehouse(lake.root) }, { week: '2026-20' }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('prints the dashboard as an aligned table', async () => {
    const dashboard = await loadDashboard(
      { engine, warehouse: duckDbWarehouse(lake.root) },
      { week: '2026-W20' },
    );
    const text = formatDashboardTable(dashboard.week ?? '', dashboard.rows);
    expect(text.split('\n')[0]).toBe('Unit economics, ISO week 2026-W20');
    expect(text).toContain('0.0105');
    expect(text).toContain('66.7%');
  });
});
