import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbQueryEngine } from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import type { RawRow } from '../../lambdas/ports/query-engine.ts';
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
 * Requests -> business units (DESIGN §7.1): deduplication across landings, cohort day,
 * first-request tenant/environment/workflow, retries and unit cost. Every request costs
 * 1,000 input x 2.50/1M + 100 output x 10.00/1M = 0.0025 + 0.001 = 0.0035 unless noted.
 */
const PRICES = [
  'openai,gpt-test,standard,input,1000000,2.50,USD,2026-01-01,,list,',
  'openai,gpt-test,standard,output,1000000,10.00,USD,2026-01-01,,list,',
  'mistral,mistral-test,standard,input,1000000,1.00,EUR,2026-01-01,,list,',
  'mistral,mistral-test,standard,output,1000000,3.00,EUR,2026-01-01,,list,',
];

function unitRequest(id: string, at: string, unitId: string, extra: Record<string, unknown> = {}) {
  return costEvent({
    request_id: id,
    timestamp_utc: at,
    business_unit: { unit_type: 'support_case', unit_id: unitId },
    ...extra,
  });
}

const FIRST_LANDING = [
  unitRequest('m-1', '2026-05-09T23:59:59Z', 'midnight'),
  unitRequest('m-2', '2026-05-10T00:00:00Z', 'midnight', {
    routing: { attempt_number: 2, fallback_used: true, fallback_route: 'secondary' },
  }),
  unitRequest('t-1', '2026-05-09T08:00:00Z', 'two-tenants', { tenant_id: 'tenant-a' }),
  unitRequest('t-2', '2026-05-09T09:00:00Z', 'two-tenants', { tenant_id: 'tenant-b' }),
  unitRequest('tie-b', '2026-05-09T07:00:00Z', 'tie', { tenant_id: 'tenant-b', workflow: 'triage' }),
  unitRequest('tie-a', '2026-05-09T07:00:00Z', 'tie', { tenant_id: 'tenant-c', workflow: 'answer' }),
  unitRequest('dup-1', '2026-05-09T10:00:00Z', 'dup-unit'),
  unitRequest('fix-1', '2026-05-09T10:00:00Z', 'fix-unit'),
  unitRequest('same-batch', '2026-05-09T10:00:00Z', 'batch-unit', {
    usage: { input_tokens: 1000, output_tokens: 100 },
  }),
  unitRequest('same-batch', '2026-05-09T10:00:00Z', 'batch-unit', {
    usage: { input_tokens: 1000, output_tokens: 300 },
  }),
  unitRequest('pp-1', '2026-05-09T10:00:00Z', 'partly-priced'),
  unitRequest('pp-2', '2026-05-09T11:00:00Z', 'partly-priced', { model_or_deployment: 'mystery' }),
  // One request priced in USD (0.0035) and one in EUR: 1,000 x 1.00/1M + 100 x 3.00/1M = 0.0013.
  unitRequest('cur-usd', '2026-05-09T12:00:00Z', 'two-currencies'),
  unitRequest('cur-eur', '2026-05-09T13:00:00Z', 'two-currencies', {
    provider: 'mistral',
    model_or_deployment: 'mistral-test',
  }),
];

const SECOND_LANDING = [
  // An exact duplicate of dup-1, landed again later from another object.
  unitRequest('dup-1', '2026-05-09T10:00:00Z', 'dup-unit'),
  // A corrected copy of fix-1: 200 output tokens instead of 100.
  unitRequest('fix-1', '2026-05-09T10:00:00Z', 'fix-unit', {
    usage: { input_tokens: 1000, output_tokens: 200 },
  }),
];

describe('SQL: requests to business units (int_requests__merged, int_units__costed, v_unit_costs)', () => {
  let lake: PipelineLake;
  let engine: DuckDbQueryEngine;
  let units: Map<string, RawRow>;
  let requests: RawRow[];

  beforeAll(async () => {
    lake = await createPipelineLake();
    await writePricing(lake, PRICES);
    await landCostEvents(lake, FIRST_LANDING, { runId: 'land-1', receivedAt: '2026-05-10T01:00:00.000Z' });
    await landCostEvents(lake, SECOND_LANDING, { runId: 'land-2', receivedAt: '2026-05-10T02:00:00.000Z' });
    ({ engine } = await computeLake(lake, { asOf: new Date('2026-05-11T00:00:00Z') }));
    units = new Map(
      (await selectRows(engine, 'select * from v_unit_costs')).map((row) => [row.unit_id as string, row]),
    );
    requests = await selectRows(engine, 'select * from v_request_costs');
  });

  afterAll(async () => {
    await engine.close();
    await lake.remove();
  });

  it('keeps one row for an exact duplicate landed twice, the copy landed last', () => {
    const copies = requests.filter((row) => row.request_id === 'dup-1');
    expect(copies).toHaveLength(1);
    expect(copies[0]?.source_key).toBe('incoming/events/land-2.ndjson');
    expect(units.get('dup-unit')?.requests).toBe('1');
    expect(units.get('dup-unit')?.cost).toBe('0.003500000000');
  });

  it('keeps the copy landed last when two landings disagree', () => {
    // 1,000 x 2.50/1M + 200 x 10.00/1M = 0.0025 + 0.002 = 0.0045
    expect(requests.filter((row) => row.request_id === 'fix-1').map((row) => row.cost)).toEqual([
      '0.004500000000',
    ]);
  });

  it('keeps the later line when one landing holds a request twice', () => {
    // line 10 has 300 output tokens: 0.0025 + 300 x 10.00/1M = 0.0055
    expect(requests.filter((row) => row.request_id === 'same-batch').map((row) => row.cost)).toEqual([
      '0.005500000000',
    ]);
  });

  it('gives a unit spanning 23:59:59 and 00:00:00 the cohort day of its first request and counts its retry', () => {
    const unit = units.get('midnight');
    expect(unit?.cohort_day).toBe('2026-05-09');
    expect(unit?.first_request_at).toBe('2026-05-09 23:59:59');
    expect(unit?.last_request_at).toBe('2026-05-10 00:00:00');
    expect(unit?.requests).toBe('2');
    expect(unit?.retries).toBe('1');
    // 2 x 0.0035
    expect(unit?.cost).toBe('0.007000000000');
  });

  it('counts a unit under two tenants once, under its first request tenant, and the check lists it', async () => {
    const unit = units.get('two-tenants');
    expect(unit?.tenant_id).toBe('tenant-a');
    expect(unit?.multiple_tenants).toBe('true');
    expect(unit?.cost).toBe('0.007000000000');
    const failing = await selectRows(engine, await checkSql('assert_units_single_tenant'), [
      '2026-04-07',
      '2026-05-11',
    ]);
    // 'tie' also names two tenants (tenant-b and tenant-c)
    expect(failing.map((row) => row.unit_id).sort()).toEqual(['tie', 'two-tenants']);
  });

  it('breaks a tie on the first timestamp by the smaller request_id', () => {
    const unit = units.get('tie');
    expect(unit?.first_request_id).toBe('tie-a');
    expect(unit?.tenant_id).toBe('tenant-c');
    expect(unit?.workflow).toBe('answer');
  });

  it('adds only priced requests to a unit cost and counts the unpriced one apart', () => {
    const unit = units.get('partly-priced');
    expect(unit?.requests).toBe('2');
    expect(unit?.unpriced_requests).toBe('1');
    expect(unit?.cost).toBe('0.003500000000');
  });

  it('costs a unit priced in two currencies in the smaller code only, and flags it', async () => {
    const unit = units.get('two-currencies');
    expect(unit?.requests).toBe('2');
    // EUR < USD: only the EUR request's 0.0013 counts; the USD one's 0.0035 is not added.
    expect(unit?.currency).toBe('EUR');
    expect(unit?.cost).toBe('0.001300000000');
    expect(unit?.multiple_currencies).toBe('true');
    expect(units.get('midnight')?.multiple_currencies).toBe('false');
  });

  it('lists the contract columns first, in DESIGN §7 order', async () => {
    const [row] = await selectRows(engine, 'select * from v_unit_costs limit 1');
    expect(Object.keys(row ?? {}).slice(0, 16)).toEqual([
      'application',
      'unit_type',
      'unit_id',
      'tenant_id',
      'environment',
      'workflow',
      'cohort_day',
      'first_request_at',
      'last_request_at',
      'requests',
      'retries',
      'cost',
      'currency',
      'outcome',
      'outcome_at',
      'outcome_class',
    ]);
  });
});

async function checkSql(name: string): Promise<string> {
  const { loadSqlCatalog } = await import('../../lambdas/sql/sql-catalog.ts');
  return (await loadSqlCatalog()).get(name, 'duckdb').text;
}
