import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DuckDbQueryEngine,
  duckDbWarehouse,
} from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { formatJoinValidation, type JoinValidation } from '../../lambdas/domain/join-validation.ts';
import { SettingsSchema } from '../../lambdas/domain/settings.ts';
import { runJoinValidation } from '../../lambdas/jobs/join-validation.ts';
import {
  computeLake,
  costEvent,
  createPipelineLake,
  landCostEvents,
  landOutcomes,
  outcomeEvent,
  type PipelineLake,
  writePricing,
  writeSettings,
} from '../helpers/pipeline-lake.ts';

/**
 * Join validation on given rows, as of 2026-05-20T00:00:00Z. Support cases are checked
 * with a 2-day span and a 3-day pending horizon (settings); documents with the defaults
 * (7 and 14 days). Expected rows are listed by hand next to each unit.
 */
const AS_OF = '2026-05-20T00:00:00Z';
const PRICES = [
  'openai,gpt-test,standard,input,1000000,2.50,USD,2026-01-01,,list,',
  'openai,gpt-test,standard,output,1000000,10.00,USD,2026-01-01,,list,',
];
const SETTINGS = { unit_types: { support_case: { max_unit_span_days: 2, pending_horizon_days: 3 } } };

function request(id: string, at: string, unitId: string, extra: Record<string, unknown> = {}) {
  const { unit_type = 'support_case', unit_outcome, ...rest } = extra;
  return costEvent({
    request_id: id,
    timestamp_utc: at,
    business_unit: { unit_type, unit_id: unitId, ...(unit_outcome ? { unit_outcome } : {}) },
    ...rest,
  });
}

const REQUESTS = [
  request('known-1', '2026-05-10T10:00:00Z', 'known'),
  // no outcome; last request + 3 days = 05-13 <= as-of: listed
  request('old-1', '2026-05-10T10:00:00Z', 'no-outcome-old'),
  // no outcome; + 3 days = 05-21 > as-of: not yet
  request('fresh-1', '2026-05-18T10:00:00Z', 'no-outcome-fresh'),
  // exactly on the horizon (05-17 00:00:00 + 3 days = as-of): listed; one second later: not
  request('edge-1', '2026-05-17T00:00:00Z', 'no-outcome-edge'),
  request('edge-2', '2026-05-17T00:00:01Z', 'no-outcome-edge-plus'),
  // the outcome rides on the cost event: known
  request('inline-1', '2026-05-10T10:00:00Z', 'inline-outcome', { unit_outcome: 'resolved' }),
  request('pending-old-1', '2026-05-10T10:00:00Z', 'pending-old'),
  request('pending-recent-1', '2026-05-10T10:00:00Z', 'pending-recent'),
  // span 2 days: 05-03 08:00:00 is exactly 2 days after the first (kept), 08:00:01 is not (listed)
  request('span-1', '2026-05-01T08:00:00Z', 'span'),
  request('span-2', '2026-05-03T08:00:00Z', 'span'),
  request('span-3', '2026-05-03T08:00:01Z', 'span'),
  // documents keep the default 7-day span: 7 days and 1 second later is listed
  request('doc-1', '2026-05-01T00:00:00Z', 'doc-span', { unit_type: 'document', workflow: 'extract' }),
  request('doc-2', '2026-05-08T00:00:01Z', 'doc-span', { unit_type: 'document', workflow: 'extract' }),
  request('teams-1', '2026-05-12T09:00:00Z', 'two-teams', { team: 'alpha' }),
  request('teams-2', '2026-05-12T09:05:00Z', 'two-teams', { team: 'beta' }),
  request('tenants-1', '2026-05-12T09:00:00Z', 'two-tenants', { tenant_id: 'tenant-a' }),
  request('tenants-2', '2026-05-12T09:05:00Z', 'two-tenants', { tenant_id: 'tenant-b' }),
];

const OUTCOMES = [
  outcomeEvent({ unit_id: 'known', outcome: 'resolved', outcome_at: '2026-05-11T00:00:00Z' }),
  // pending since 05-11 10:00 + 3 days = 05-14 <= as-of: listed
  outcomeEvent({ unit_id: 'pending-old', outcome: 'pending', outcome_at: '2026-05-11T10:00:00Z' }),
  // pending, but news on 05-18: 05-21 > as-of
  outcomeEvent({ unit_id: 'pending-recent', outcome: 'pending', outcome_at: '2026-05-18T10:00:00Z' }),
  outcomeEvent({ unit_id: 'span', outcome: 'resolved', outcome_at: '2026-05-04T00:00:00Z' }),
  outcomeEvent({
    unit_id: 'doc-span',
    unit_type: 'document',
    outcome: 'accepted',
    outcome_at: '2026-05-08T01:00:00Z',
  }),
  outcomeEvent({ unit_id: 'two-teams', outcome: 'resolved', outcome_at: '2026-05-12T12:00:00Z' }),
  outcomeEvent({ unit_id: 'two-tenants', outcome: 'resolved', outcome_at: '2026-05-12T12:00:00Z' }),
];

describe('SQL: join validation (assert_units_outcome_known, …, requests_per_unit_by_workflow)', () => {
  let lake: PipelineLake;
  let engine: DuckDbQueryEngine;
  let validation: JoinValidation;
  const check = (id: string) => validation.checks.find((candidate) => candidate.id === id);

  beforeAll(async () => {
    lake = await createPipelineLake();
    await writePricing(lake, PRICES);
    await writeSettings(lake, SETTINGS);
    await landCostEvents(lake, REQUESTS, { runId: 'land-1', receivedAt: '2026-05-19T00:00:00.000Z' });
    await landOutcomes(lake, OUTCOMES, { runId: 'land-2', receivedAt: '2026-05-19T00:00:00.000Z' });
    ({ engine } = await computeLake(lake, { asOf: new Date(AS_OF) }));
    validation = await runJoinValidation(
      { engine, warehouse: duckDbWarehouse(lake.root) },
      SettingsSchema.parse(SETTINGS),
      { asOf: new Date(AS_OF) },
    );
  });

  afterAll(async () => {
    await engine.close();
    await lake.remove();
  });

  it('checks the recompute window up to the as-of day with each unit type limits', () => {
    // 35 days ending 2026-05-20: from 2026-04-16
    expect(validation.window).toEqual({ from: '2026-04-16', to: '2026-05-20' });
    expect(validation.limits).toEqual({
      document: { maxUnitSpanDays: 7, pendingHorizonDays: 14 },
      support_case: { maxUnitSpanDays: 2, pendingHorizonDays: 3 },
    });
  });

  it('lists units no outcome source knows once the horizon has passed, the boundary included', () => {
    const found = check('unit_ids_unknown_to_outcomes');

    expect(found?.status).toBe('warn');
    expect(found?.sample.map((row) => row.unit_id).sort()).toEqual(['no-outcome-edge', 'no-outcome-old']);
  });

  it("lists the requests that came after their unit's span, with the default span for documents", () => {
    const found = check('requests_outside_unit_span');

    expect(found?.sample.map((row) => row.request_id).sort()).toEqual(['doc-2', 'span-3']);
    expect(found?.sample.find((row) => row.request_id === 'span-3')?.first_request_at).toBe(
      '2026-05-01 08:00:00',
    );
  });

  it('lists units still pending with no news for the horizon', () => {
    expect(check('units_pending_past_horizon')?.sample.map((row) => row.unit_id)).toEqual(['pending-old']);
  });

  it('lists units whose requests named several tenants or several teams', () => {
    const rows = check('units_with_several_tenants_or_teams')?.sample ?? [];
    const byUnit = Object.fromEntries(rows.map((row) => [row.unit_id, row]));

    expect(Object.keys(byUnit).sort()).toEqual(['two-teams', 'two-tenants']);
    expect(byUnit['two-teams']).toMatchObject({
      tenants: '1',
      teams: '2',
      first_team: 'alpha',
      last_team: 'beta',
    });
    expect(byUnit['two-tenants']).toMatchObject({
      tenants: '2',
      first_tenant_id: 'tenant-a',
      last_tenant_id: 'tenant-b',
    });
  });

  it('gives the requests-per-unit distribution per workflow', () => {
    // answer: 11 units with 1,1,1,1,1,1,1,1,2,2,3 requests = 15; median at rank (11+1)/2 = 6 -> 1;
    // p90 at rank ceil(0.9 x 11) = 10 -> 2; 8 single-request units. extract: one unit, 2 requests.
    expect(validation.requestsPerUnit).toEqual([
      {
        environment: 'production',
        application: 'support-bot',
        workflow: 'answer',
        units: '11',
        requests: '15',
        mean_requests: expect.stringMatching(/^1\.36363636/),
        min_requests: '1',
        median_requests: '1',
        p90_requests: '2',
        max_requests: '3',
        single_request_units: '8',
      },
      {
        environment: 'production',
        application: 'support-bot',
        workflow: 'extract',
        units: '1',
        requests: '2',
        mean_requests: '2',
        min_requests: '2',
        median_requests: '2',
        p90_requests: '2',
        max_requests: '2',
        single_request_units: '0',
      },
    ]);
  });

  it('prints warn lines with examples for doctor', () => {
    const text = formatJoinValidation(validation);

    expect(text).toContain('warn  Unit ids no outcome source knows: 2 failing');
    expect(text).toContain('unit_id=no-outcome-old');
    expect(text).toMatch(/production support-bot\/answer: 11 units, mean 1\.4, 1 \/ 2 \/ 3, 8 single/);
  });
});
