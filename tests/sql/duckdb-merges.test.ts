import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbQueryEngine, duckDbWarehouse } from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import type { RawRow } from '../../lambdas/ports/query-engine.ts';
import { loadSqlCatalog } from '../../lambdas/sql/sql-catalog.ts';
import { type NamedParams, SqlRunner } from '../../lambdas/sql/sql-runner.ts';
import {
  costEvent,
  createPipelineLake,
  landCostEvents,
  landOutcomes,
  outcomeEvent,
  type PipelineLake,
  selectRows,
} from '../helpers/pipeline-lake.ts';

/**
 * On DuckDB, compute merges with an update then an insert per curated table instead of the
 * MERGE statements Athena runs (int_requests__merged, int_unit_first_requests__merged,
 * int_outcomes__merged). Both routes run here on the same lake, landing after landing, and
 * must leave the same rows; the rows expected at the end are also worked out by hand from
 * §7.1: the copy landed last wins, a request copy is matched against curated rows of its own
 * UTC day, a unit keeps its earliest request (ties by the smaller request_id).
 */
function request(id: string, at: string, outputTokens: number, unitId?: string) {
  return costEvent({
    request_id: id,
    timestamp_utc: at,
    usage: { input_tokens: 1000, output_tokens: outputTokens },
    ...(unitId ? { business_unit: { unit_type: 'support_case', unit_id: unitId } } : {}),
  });
}

const FIRST = [
  request('keep', '2026-05-10T08:00:00Z', 100, 'u-early'),
  request('twice', '2026-05-10T09:00:00Z', 100),
  // Same landing, later line: this copy wins.
  request('twice', '2026-05-10T09:00:00Z', 300),
  request('moved', '2026-05-10T23:00:00Z', 100),
  request('fix', '2026-05-11T10:00:00Z', 100),
  request('stale', '2026-05-11T11:00:00Z', 100),
  request('exact', '2026-05-11T12:00:00Z', 100),
  request('tie-b', '2026-05-11T06:00:00Z', 100, 'u-tie'),
  // Two first requests at one instant in one landing, the larger id first: same-a wins, with its tenant.
  { ...request('same-b', '2026-05-10T05:00:00Z', 100, 'u-same'), tenant_id: 'tenant-b' },
  { ...request('same-a', '2026-05-10T05:00:00Z', 100, 'u-same'), tenant_id: 'tenant-c' },
];

// Landed later: replaces fix on its day; moved now falls on 2026-05-11 (its old row, on the 10th, stays:
// copies are matched within their day); split has two copies here, the later line (the 12th) wins.
// early and tie-a become the first requests of their units.
const SECOND = [
  request('fix', '2026-05-11T10:00:00Z', 200),
  request('moved', '2026-05-11T01:00:00Z', 200),
  request('split', '2026-05-11T05:00:00Z', 100),
  request('split', '2026-05-12T05:00:00Z', 400),
  request('early', '2026-05-10T07:00:00Z', 100, 'u-early'),
  request('tie-a', '2026-05-11T06:00:00Z', 100, 'u-tie'),
];

// Landed with an earlier received time than the first landing: loses to every copy already merged.
// Merging its day (the 11th) again also meets split's copy of the 11th alone, with no row on that day.
const EARLIER = [request('stale', '2026-05-11T11:00:00Z', 900)];

function outcome(unitId: string, at: string, result: string) {
  return outcomeEvent({ unit_id: unitId, outcome: result, outcome_at: at });
}

const OUTCOMES = [
  [
    outcome('u-early', '2026-05-10T12:00:00Z', 'pending'),
    outcome('u-early', '2026-05-10T12:00:00Z', 'resolved'),
  ],
  [
    outcome('u-early', '2026-05-10T12:00:00Z', 'reopened'),
    outcome('u-tie', '2026-05-11T12:00:00Z', 'resolved'),
  ],
  [outcome('u-tie', '2026-05-11T12:00:00Z', 'escalated')],
];

const STEPS: { dt_from: string; dt_to: string }[] = [
  { dt_from: '2026-05-10', dt_to: '2026-05-11' },
  { dt_from: '2026-05-10', dt_to: '2026-05-12' },
  { dt_from: '2026-05-11', dt_to: '2026-05-11' },
  // Merging the same days again changes nothing.
  { dt_from: '2026-05-10', dt_to: '2026-05-12' },
];

const ROUTES = {
  merge: [
    ['int_requests__merged', 'dt'],
    ['int_unit_first_requests__merged', 'day'],
    ['int_outcomes__merged', 'dt'],
  ],
  duckdb: [
    ['requests__landed_updated', 'dt'],
    ['requests__landed_inserted', 'dt'],
    ['unit_first_requests__updated', 'day'],
    ['unit_first_requests__inserted', 'day'],
    ['outcomes__landed_updated', 'dt'],
    ['outcomes__landed_inserted', 'dt'],
  ],
} as const;

const QUERIES = {
  requests:
    'select request_id, request_day, timestamp_utc, output_tokens, source_key, source_line, source_received_at, unit_id ' +
    'from requests order by request_id, request_day',
  units:
    'select unit_id, first_request_at, first_request_id, tenant_id, environment, workflow ' +
    'from unit_first_requests order by unit_id',
  outcomes:
    'select unit_id, outcome_at, outcome, source_key, source_line, source_received_at from outcomes order by unit_id',
};

type Tables = Record<keyof typeof QUERIES, RawRow[]>;

describe('SQL: the DuckDB merges leave the rows of the MERGE statements', () => {
  let lake: PipelineLake;
  const tables: Partial<Record<keyof typeof ROUTES, Tables>> = {};
  // The units after the first merge alone: later merges of the same days would correct a wrong pick.
  const firstUnits: Partial<Record<keyof typeof ROUTES, RawRow[]>> = {};

  beforeAll(async () => {
    lake = await createPipelineLake();
    const catalog = await loadSqlCatalog();
    const engines = {
      merge: await DuckDbQueryEngine.open({ databasePath: ':memory:' }),
      duckdb: await DuckDbQueryEngine.open({ databasePath: ':memory:' }),
    };
    const landings = [
      async () => {
        await landCostEvents(lake, FIRST, { runId: 'land-1', receivedAt: '2026-05-12T01:00:00.000Z' });
        // Every line of land-1 again in another file: exact copies (same key, line and time), one kept.
        await landCostEvents(lake, FIRST, {
          runId: 'land-1',
          receivedAt: '2026-05-12T01:00:00.000Z',
          sourceId: 'land-1-again',
        });
      },
      () => landCostEvents(lake, SECOND, { runId: 'land-2', receivedAt: '2026-05-12T02:00:00.000Z' }),
      () => landCostEvents(lake, EARLIER, { runId: 'land-0', receivedAt: '2026-05-12T00:00:00.000Z' }),
      async () => undefined,
    ];
    const outcomeLandings = [
      { runId: 'outcomes-1', receivedAt: '2026-05-12T01:00:00.000Z' },
      { runId: 'outcomes-2', receivedAt: '2026-05-12T02:00:00.000Z' },
      { runId: 'outcomes-0', receivedAt: '2026-05-12T00:00:00.000Z' },
    ];
    try {
      for (const [index, land] of landings.entries()) {
        await land();
        const outcomes = OUTCOMES[index];
        const outcomeLanding = outcomeLandings[index];
        if (outcomes && outcomeLanding) await landOutcomes(lake, outcomes, outcomeLanding);
        const step = STEPS[index] as { dt_from: string; dt_to: string };
        for (const route of ['merge', 'duckdb'] as const) {
          const runner = new SqlRunner(engines[route], catalog, duckDbWarehouse(lake.root));
          await runner.create([
            'stg_raw__cost_events',
            'stg_raw__outcomes',
            'requests',
            'unit_first_requests',
            'outcomes',
          ]);
          for (const [statement, range] of ROUTES[route]) {
            const params: NamedParams =
              range === 'dt' ? step : { day_from: step.dt_from, day_to: step.dt_to };
            await runner.execute(statement, params);
          }
          if (index === 0) firstUnits[route] = await selectRows(engines[route], QUERIES.units);
        }
      }
      for (const route of ['merge', 'duckdb'] as const) {
        tables[route] = {
          requests: await selectRows(engines[route], QUERIES.requests),
          units: await selectRows(engines[route], QUERIES.units),
          outcomes: await selectRows(engines[route], QUERIES.outcomes),
        };
      }
    } finally {
      await engines.merge.close();
      await engines.duckdb.close();
    }
  });

  afterAll(async () => {
    await lake.remove();
  });

  it('leaves exactly the rows the MERGE statements leave', () => {
    expect(tables.duckdb).toEqual(tables.merge);
  });

  it('keeps the request copy landed last, matching curated rows within their day', () => {
    expect(
      tables.duckdb?.requests.map((row) => `${row.request_id} ${row.request_day} ${row.output_tokens}`),
    ).toEqual([
      'early 2026-05-10 100',
      'exact 2026-05-11 100',
      'fix 2026-05-11 200',
      'keep 2026-05-10 100',
      'moved 2026-05-10 100',
      'moved 2026-05-11 200',
      'same-a 2026-05-10 100',
      'same-b 2026-05-10 100',
      'split 2026-05-11 100',
      'split 2026-05-12 400',
      'stale 2026-05-11 100',
      'tie-a 2026-05-11 100',
      'tie-b 2026-05-11 100',
      'twice 2026-05-10 300',
    ]);
  });

  it('moves a unit first request to an earlier one landed later, ties to the smaller request_id', () => {
    expect(
      tables.duckdb?.units.map((row) => `${row.unit_id} ${row.first_request_id} ${row.first_request_at}`),
    ).toEqual([
      'u-early early 2026-05-10 07:00:00',
      'u-same same-a 2026-05-10 05:00:00',
      'u-tie tie-a 2026-05-11 06:00:00',
    ]);
    expect(tables.duckdb?.units.find((row) => row.unit_id === 'u-same')?.tenant_id).toBe('tenant-c');
  });

  it('picks a new unit first request in one landing by time, then the smaller request_id, with its attributes', () => {
    expect(firstUnits.duckdb).toEqual(firstUnits.merge);
    expect(
      firstUnits.duckdb?.map(
        (row) => `${row.unit_id} ${row.first_request_id} ${row.first_request_at} ${row.tenant_id}`,
      ),
    ).toEqual([
      'u-early keep 2026-05-10 08:00:00 tenant-a',
      'u-same same-a 2026-05-10 05:00:00 tenant-c',
      'u-tie tie-b 2026-05-11 06:00:00 tenant-a',
    ]);
  });

  it('keeps the outcome copy landed last', () => {
    expect(tables.duckdb?.outcomes.map((row) => `${row.unit_id} ${row.outcome}`)).toEqual([
      'u-early reopened',
      'u-tie resolved',
    ]);
  });
});
