import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, InvalidInputError } from '../../../lambdas/domain/errors.ts';
import { FINANCE_VIEW_NAMES, FINANCE_VIEWS } from '../../../lambdas/domain/finance-views.ts';
import { type ComputeRunRecord, recomputeWindow } from '../../../lambdas/jobs/compute.ts';
import { exportView } from '../../../lambdas/jobs/export-view.ts';
import { runLand } from '../../../lambdas/jobs/land.ts';
import {
  computeLake,
  costEvent,
  createPipelineLake,
  landCostEvents,
  landOutcomes,
  outcomeEvent,
  type PipelineLake,
  selectRows,
  steppingClock,
  writePricing,
} from '../../helpers/pipeline-lake.ts';

/** Each request costs 1,000 x 2.50/1M + 100 x 10.00/1M = 0.0035. */
const PRICES = [
  'openai,gpt-test,standard,input,1000000,2.50,USD,2026-01-01,,list,',
  'openai,gpt-test,standard,output,1000000,10.00,USD,2026-01-01,,list,',
];
const AS_OF = new Date('2026-05-12T00:00:00Z');

function unitRequest(id: string, at: string, unitId: string) {
  return costEvent({
    request_id: id,
    timestamp_utc: at,
    business_unit: { unit_type: 'support_case', unit_id: unitId },
  });
}

async function exportAll(lake: PipelineLake, clock = steppingClock('2030-01-01T00:00:00Z')) {
  const { engine, record } = await computeLake(lake, { asOf: AS_OF }, { clock });
  try {
    const files: Record<string, string> = {};
    // Only the views compute creates: reconcile and alert create the others (their own tests export them).
    for (const view of FINANCE_VIEW_NAMES.filter((name) => FINANCE_VIEWS[name].createdBy === 'compute')) {
      files[`${view}.csv`] = await exportView(engine, view, 'csv');
      files[`${view}.json`] = await exportView(engine, view, 'json');
    }
    return { files, record };
  } finally {
    await engine.close();
  }
}

describe('Job: compute', () => {
  let lake: PipelineLake;

  beforeEach(async () => {
    lake = await createPipelineLake();
    await writePricing(lake, PRICES);
    await landCostEvents(
      lake,
      [
        unitRequest('r-1', '2026-05-09T10:00:00Z', 'c1'),
        unitRequest('r-2', '2026-05-10T10:00:00Z', 'c1'),
        unitRequest('r-3', '2026-05-10T11:00:00Z', 'c2'),
        costEvent({ request_id: 'r-4', timestamp_utc: '2026-05-11T09:00:00Z' }),
      ],
      { runId: '20260511T000000Z-land-a', receivedAt: '2026-05-11T00:00:00.000Z' },
    );
    await landOutcomes(
      lake,
      [outcomeEvent({ unit_id: 'c1', outcome: 'resolved', outcome_at: '2026-05-10T12:00:00Z' })],
      {
        runId: '20260511T000000Z-land-b',
        receivedAt: '2026-05-11T00:00:00.000Z',
      },
    );
  });

  afterEach(async () => {
    await lake.remove();
  });

  it('gives byte-identical exports when run twice', async () => {
    const first = await exportAll(lake, steppingClock('2030-01-01T00:00:00Z'));
    const second = await exportAll(lake, steppingClock('2030-01-02T00:00:00Z'));
    expect(second.record.run_id).not.toBe(first.record.run_id);
    expect(second.files).toEqual(first.files);
    expect(first.files['v_unit_costs.csv']?.split('\n').length).toBe(4); // header, c1, c2, final newline
  });

  it('merges on the first run every partition present, then only what later land runs wrote', async () => {
    const first = await exportAll(lake);
    expect(first.record.merged.first_run).toBe(true);
    expect(first.record.merged.partitions.map((p) => `${p.kind}/${p.dt}`)).toEqual([
      'events/2026-05-09',
      'events/2026-05-10',
      'events/2026-05-11',
      'outcomes/2026-05-10',
    ]);
    await landCostEvents(
      lake,
      // r-3 again (an exact duplicate) and a new request for c2 on 2026-05-11
      [unitRequest('r-3', '2026-05-10T11:00:00Z', 'c2'), unitRequest('r-5', '2026-05-11T10:00:00Z', 'c2')],
      { runId: '20260511T060000Z-land-c', receivedAt: '2026-05-11T06:00:00.000Z' },
    );
    const { engine, record } = await computeLake(
      lake,
      { asOf: AS_OF },
      { clock: steppingClock('2030-01-03T00:00:00Z') },
    );
    try {
      expect(record.merged.first_run).toBe(false);
      expect(record.merged.land_runs).toEqual(['20260511T060000Z-land-c']);
      expect(record.merged.partitions.map((p) => `${p.kind}/${p.dt}`)).toEqual([
        'events/2026-05-10',
        'events/2026-05-11',
      ]);
      const [c2] = await selectRows(engine, "select requests, cost from v_unit_costs where unit_id = 'c2'");
      // r-3 once + r-5: 2 x 0.0035
      expect(c2).toEqual({ requests: '2', cost: '0.007000000000' });
    } finally {
      await engine.close();
    }
  });

  it('reclassifies a unit when a late outcome arrives', async () => {
    await exportAll(lake);
    await landOutcomes(
      lake,
      [outcomeEvent({ unit_id: 'c2', outcome: 'rejected', outcome_at: '2026-05-11T12:00:00Z' })],
      {
        runId: '20260511T130000Z-land-d',
        receivedAt: '2026-05-11T13:00:00.000Z',
      },
    );
    const { engine } = await computeLake(
      lake,
      { asOf: AS_OF },
      { clock: steppingClock('2030-01-03T00:00:00Z') },
    );
    try {
      const [c2] = await selectRows(
        engine,
        "select outcome, outcome_class from v_unit_costs where unit_id = 'c2'",
      );
      expect(c2).toEqual({ outcome: 'rejected', outcome_class: 'failure' });
    } finally {
      await engine.close();
    }
  });

  it('records the run: window, rows per table, checks and every query', async () => {
    const { record } = await exportAll(lake);
    const stored = JSON.parse(
      new TextDecoder().decode(await lake.store.getBytes(`state/runs/compute/${record.run_id}.json`)),
    ) as ComputeRunRecord;
    expect(stored.status).toBe('succeeded');
    // 35 days up to 2026-05-12: 2026-04-08 .. 2026-05-12
    expect(stored.window).toEqual({ from: '2026-04-08', to: '2026-05-12' });
    // 4 requests in the window; units c1 and c2; daily rows 2026-05-09 (c1), 05-10 (c2), 05-11 (r-4 unallocated)
    expect(stored.rows).toEqual({ requests: 4, unit_costs: 2, unit_economics_daily: 3 });
    expect(stored.checks).toEqual({
      assert_units_single_tenant: 0,
      assert_units_single_currency: 0,
      assert_requests_unique: 0,
    });
    expect(stored.queries.map((query) => query.name)).toContain('int_result_days__switched');
  });

  it('rejects a bad price book, leaves the previous results visible and records the failure', async () => {
    const before = await exportAll(lake);
    await writePricing(
      lake,
      ['openai,gpt-test,standard,input,1000000,abc,USD,2026-01-01,,list,'],
      'broken.csv',
    );
    const run = computeLake(lake, { asOf: AS_OF }, { clock: steppingClock('2030-01-03T00:00:00Z') });
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(run).rejects.toThrow(/config\/pricing\/broken\.csv:2: field price/);
    await lake.store.delete(['config/pricing/broken.csv']);
    const runs: string[] = [];
    for await (const object of lake.store.list('state/runs/compute/')) runs.push(object.key);
    const failed = JSON.parse(new TextDecoder().decode(await lake.store.getBytes(runs.at(-1) as string)));
    expect(failed.status).toBe('failed');
    expect(failed.error.name).toBe('ConfigError');
    // the results published by the first run are still the ones shown
    const { engine } = await computeLake(
      lake,
      { asOf: AS_OF },
      { clock: steppingClock('2030-01-04T00:00:00Z') },
    );
    try {
      expect(await exportView(engine, 'v_unit_costs', 'csv')).toBe(before.files['v_unit_costs.csv']);
    } finally {
      await engine.close();
    }
  });

  it('replaces only the window: days before --from keep their published rows', async () => {
    await exportAll(lake);
    // c1's cost changes if it is recomputed; a window that starts after its cohort day must not touch it
    await writePricing(lake, [
      'openai,gpt-test,standard,input,1000000,5.00,USD,2026-01-01,,list,',
      'openai,gpt-test,standard,output,1000000,10.00,USD,2026-01-01,,list,',
    ]);
    const { engine } = await computeLake(
      lake,
      { asOf: AS_OF, from: '2026-05-10', to: '2026-05-12' },
      { clock: steppingClock('2030-01-03T00:00:00Z') },
    );
    try {
      const units = await selectRows(engine, 'select unit_id, cost from v_unit_costs order by unit_id');
      // c1 (cohort 2026-05-09, outside): 2 x 0.0035 from the first run; c2 (inside): 1,000 x 5.00/1M + 0.001 = 0.006
      expect(units).toEqual([
        { unit_id: 'c1', cost: '0.007000000000' },
        { unit_id: 'c2', cost: '0.006000000000' },
      ]);
    } finally {
      await engine.close();
    }
  });

  it('lists a request whose later copy moved it to another day', async () => {
    await exportAll(lake);
    // r-1 (2026-05-09) lands again dated 2026-05-10: copies are matched within their day, so both stay
    await landCostEvents(lake, [unitRequest('r-1', '2026-05-10T00:00:00Z', 'c1')], {
      runId: '20260511T070000Z-land-moved',
      receivedAt: '2026-05-11T07:00:00.000Z',
    });
    const { engine, record } = await computeLake(
      lake,
      { asOf: AS_OF },
      { clock: steppingClock('2030-01-03T00:00:00Z') },
    );
    await engine.close();
    expect(record.checks.assert_requests_unique).toBe(1);
  });

  it('waits for a land run still in progress and merges it once it has finished', async () => {
    await exportAll(lake);
    await landCostEvents(lake, [unitRequest('r-9', '2026-05-11T15:00:00Z', 'c9')], {
      runId: '20260511T150000Z-land-e',
      receivedAt: '2026-05-11T15:00:00.000Z',
    });
    const key = 'state/runs/land/20260511T150000Z-land-e-events.json';
    const finished = new TextDecoder().decode(await lake.store.getBytes(key));
    await lake.store.put(key, finished.replace('"succeeded"', '"running"'));
    const second = await computeLake(lake, { asOf: AS_OF }, { clock: steppingClock('2030-01-03T00:00:00Z') });
    expect(second.record.merged.land_runs).toEqual([]);
    await second.engine.close();
    await lake.store.put(key, finished);
    const third = await computeLake(lake, { asOf: AS_OF }, { clock: steppingClock('2030-01-04T00:00:00Z') });
    try {
      expect(third.record.merged.land_runs).toEqual(['20260511T150000Z-land-e']);
      expect(
        await selectRows(third.engine, "select unit_id from v_unit_costs where unit_id = 'c9'"),
      ).toHaveLength(1);
    } finally {
      await third.engine.close();
    }
  });
});

describe('Job: compute on an empty lake', () => {
  it('publishes an empty window when nothing has landed yet', async () => {
    const lake = await createPipelineLake();
    try {
      const { engine, record } = await computeLake(lake, { asOf: AS_OF });
      try {
        expect(record.status).toBe('succeeded');
        expect(record.rows).toEqual({ requests: 0, unit_costs: 0, unit_economics_daily: 0 });
        expect(await exportView(engine, 'v_unit_economics_weekly', 'csv')).toMatch(
          /^week,environment,[^\n]*\n$/,
        );
      } finally {
        await engine.close();
      }
    } finally {
      await lake.remove();
    }
  });
});

describe('Job: compute after the land job', () => {
  it('computes from what land wrote, the copy landed last winning across incoming objects', async () => {
    const lake = await createPipelineLake();
    try {
      await writePricing(lake, PRICES);
      const line = (extra: Record<string, unknown>) =>
        JSON.stringify(unitRequest('r-1', '2026-05-10T23:59:59Z', 'c1')).replace(
          /}$/,
          `,${JSON.stringify(extra).slice(1)}`,
        );
      await lake.store.put('incoming/events/a.ndjson', `${line({ prompt_version: 'v1' })}\n`, {
        lastModified: new Date('2026-05-11T00:00:00Z'),
      });
      await lake.store.put('incoming/events/b.ndjson', `${line({ prompt_version: 'v2' })}\n`, {
        lastModified: new Date('2026-05-11T01:00:00Z'),
      });
      await lake.store.put(
        'incoming/outcomes/o.ndjson',
        `${JSON.stringify(outcomeEvent({ unit_id: 'c1', outcome: 'resolved', outcome_at: '2026-05-11T00:00:00Z' }))}\n`,
      );
      const landed = await runLand({ store: lake.store, clock: steppingClock('2026-05-11T02:00:00Z') });
      expect(landed.status).toBe('succeeded');
      const { engine, record } = await computeLake(lake, { asOf: AS_OF });
      try {
        expect(record.merged.land_runs).toEqual([landed.run_id]);
        const requests = await selectRows(
          engine,
          'select request_id, prompt_version, cost from v_request_costs',
        );
        // one request (0.0035), the copy from b.ndjson (received later)
        expect(requests).toEqual([{ request_id: 'r-1', prompt_version: 'v2', cost: '0.003500000000' }]);
        const [unit] = await selectRows(engine, 'select cohort_day, outcome_class from v_unit_costs');
        expect(unit).toEqual({ cohort_day: '2026-05-10', outcome_class: 'success' });
      } finally {
        await engine.close();
      }
    } finally {
      await lake.remove();
    }
  });
});

describe('Job: compute window', () => {
  it('defaults to the settings window of days up to the as-of day', () => {
    expect(recomputeWindow({ asOf: new Date('2026-03-01T10:00:00Z') }, 35)).toEqual({
      from: '2026-01-26',
      to: '2026-03-01',
    });
  });

  it('rejects --from after --to and dates that do not exist', () => {
    const asOf = new Date('2026-05-12T00:00:00Z');
    expect(() => recomputeWindow({ asOf, from: '2026-05-10', to: '2026-05-01' }, 35)).toThrow(
      InvalidInputError,
    );
    expect(() => recomputeWindow({ asOf, from: '2026-02-30' }, 35)).toThrow(InvalidInputError);
  });
});
