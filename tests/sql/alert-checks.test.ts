import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ATTEMPTED_DOWN_SUCCESSFUL_UP,
  COST_PER_SUCCESSFUL_UNIT_UP,
  FAILED_UNIT_SPEND_SHARE,
  TENANT_COST_PER_UNIT_OUTLIER,
  UNALLOCATED_COST_SHARE,
  UNPRICED_USAGE,
} from '../../lambdas/domain/alerts/rules.ts';
import { ALERT_PRICES, type AlertLake, computedAlertLake, outcome, spend } from '../helpers/alert-lake.ts';

/**
 * The alert checks under sql/checks/alert_*.sql, run on DuckDB over lakes computed by the
 * real pipeline. Each lake holds three fixtures as separate applications: `golden`
 * (healthy: no row), `breaking` (the row, figures worked out by hand in the comments)
 * and `tiny` (breaks the threshold, below the minimum volume: no row). A request of
 * N USD is N * 1,000,000 input tokens of model `m` at 1.00 USD per million.
 */
const W20 = { week: '2026-W20', day_from: '2026-05-11', day_to: '2026-05-17' };

describe('SQL check: alert_unallocated_cost_share', () => {
  let lake: AlertLake;

  beforeAll(async () => {
    lake = await computedAlertLake([
      // golden: 4 units of 1.00 + one unallocated 0.25 -> 0.25 / 4.25 = 5.9%, under 10%
      ...[1, 2, 3, 4].map((n) =>
        spend(`g${n}`, '2026-05-12T10:00:00Z', 1, `g${n}`, { application: 'golden' }),
      ),
      spend('g-u', '2026-05-13T10:00:00Z', 0.25, null, { application: 'golden' }),
      // golden's large unallocated spend outside W20 (the Sunday before, the Monday after) does not count
      spend('g-before', '2026-05-10T23:59:59Z', 100, null, { application: 'golden' }),
      spend('g-after', '2026-05-18T00:00:00Z', 100, null, { application: 'golden' }),
      // breaking: 3 units of 1.00 + one unallocated 1.00 at the first instant of W20 -> 1 / 4 = 25%
      ...[1, 2, 3].map((n) =>
        spend(`b${n}`, '2026-05-12T10:00:00Z', 1, `b${n}`, { application: 'breaking' }),
      ),
      spend('b-u', '2026-05-11T00:00:00Z', 1, null, { application: 'breaking' }),
      // breaking's staging traffic is all unallocated: its own environment, not judged
      spend('b-s', '2026-05-12T10:00:00Z', 5, null, { application: 'breaking', environment: 'staging' }),
      // tiny: 1 unit of 1.00 + one unallocated 1.00 -> 50%, but 2 requests < min_volume 4
      spend('t1', '2026-05-12T10:00:00Z', 1, 't1', { application: 'tiny' }),
      spend('t-u', '2026-05-12T11:00:00Z', 1, null, { application: 'tiny' }),
    ]);
  });
  afterAll(() => lake.close());

  it('returns the one workflow over the share, with its figures, when others are healthy or too small', async () => {
    const rows = await lake.check(UNALLOCATED_COST_SHARE, {
      environment: 'production',
      ...W20,
      threshold: 0.1,
      min_volume: 4,
    });

    expect(rows).toEqual([
      {
        period: '2026-W20',
        scope: { environment: 'production', application: 'breaking', workflow: 'answer', currency: 'USD' },
        metric: 0.25,
        volume: 4,
        values: {
          unallocated_share: '0.25',
          requests: '4',
          unallocated_cost: '1.000000000000',
          total_cost: '4.000000000000',
          unallocated_requests: '1',
        },
      },
    ]);
  });

  it('returns the small workflow too when the minimum volume is lowered to its 2 requests', async () => {
    const rows = await lake.check(UNALLOCATED_COST_SHARE, {
      environment: 'production',
      ...W20,
      threshold: 0.1,
      min_volume: 2,
    });

    expect(rows.map((row) => [row.scope.application, row.metric])).toEqual([
      ['breaking', 0.25],
      ['tiny', 0.5],
    ]);
  });
});

describe('SQL check: alert_failed_unit_spend_share', () => {
  let lake: AlertLake;

  beforeAll(async () => {
    const unit = (app: string, id: string, dollars: number) =>
      spend(id, '2026-05-12T10:00:00Z', dollars, id, { application: app });
    const settled = (app: string, id: string, value: string) =>
      outcome(app, id, value, '2026-05-13T10:00:00Z');
    lake = await computedAlertLake(
      [
        // golden: 4 units of 1.00, one rejected -> 1 / 4 = 25%, under 30%
        ...['g1', 'g2', 'g3', 'g4'].map((id) => unit('golden', id, 1)),
        // breaking: b1 1.00 resolved, b2 1.00 and b3 2.00 rejected -> 3 / 4 = 75%
        unit('breaking', 'b1', 1),
        unit('breaking', 'b2', 1),
        unit('breaking', 'b3', 2),
        // tiny: 2 units, both rejected -> 100%, but 2 attempted units < min_volume 3
        unit('tiny', 't1', 1),
        unit('tiny', 't2', 1),
      ],
      [
        settled('golden', 'g1', 'resolved'),
        settled('golden', 'g2', 'resolved'),
        settled('golden', 'g3', 'resolved'),
        settled('golden', 'g4', 'rejected'),
        settled('breaking', 'b1', 'resolved'),
        settled('breaking', 'b2', 'rejected'),
        settled('breaking', 'b3', 'abandoned'),
        settled('tiny', 't1', 'rejected'),
        settled('tiny', 't2', 'rejected'),
      ],
    );
  });
  afterAll(() => lake.close());

  it('returns the workflow that spends 75% on failed units, with its figures', async () => {
    const rows = await lake.check(FAILED_UNIT_SPEND_SHARE, {
      environment: 'production',
      week: W20.week,
      threshold: 0.3,
      min_volume: 3,
    });

    // failed units b2 + b3 = 2 costing 3.00 of 4.00; per failed unit 3.00 / 2 = 1.5
    expect(rows).toEqual([
      {
        period: '2026-W20',
        scope: { environment: 'production', application: 'breaking', workflow: 'answer', currency: 'USD' },
        metric: 0.75,
        volume: 3,
        values: {
          failed_unit_share: '0.75',
          attempted_units: '3',
          failed_unit_cost: '3.000000000000',
          total_cost: '4.000000000000',
          failed_units: '2',
          cost_per_failed_unit: '1.500000000',
        },
      },
    ]);
  });
});

describe('SQL check: alert_tenant_cost_per_unit_outlier', () => {
  let lake: AlertLake;

  beforeAll(async () => {
    const unit = (app: string, tenant: string, id: string, dollars: number) =>
      spend(id, '2026-05-12T10:00:00Z', dollars, id, { application: app, tenant_id: tenant });
    lake = await computedAlertLake([
      // golden: a 2 x 1.00, b 2 x 1.50 -> workflow 5.00 / 4 = 1.25; b 1.50 / 1.25 = 1.2x, under 2x
      unit('golden', 'a', 'ga1', 1),
      unit('golden', 'a', 'ga2', 1),
      unit('golden', 'b', 'gb1', 1.5),
      unit('golden', 'b', 'gb2', 1.5),
      // breaking: a 3 x 1.00, b 2 x 8.00 -> workflow 19.00 / 5 = 3.80; b 8.00 / 3.80 = 2.105x
      unit('breaking', 'a', 'ba1', 1),
      unit('breaking', 'a', 'ba2', 1),
      unit('breaking', 'a', 'ba3', 1),
      unit('breaking', 'b', 'bb1', 8),
      unit('breaking', 'b', 'bb2', 8),
      // a W19 unit of b outside the range does not count
      spend('bb0', '2026-05-10T23:59:59Z', 1, 'bb0', { application: 'breaking', tenant_id: 'b' }),
      // tiny: a 3 x 1.00, b 1 x 10.00 -> workflow 13.00 / 4 = 3.25; b 3.08x, but 1 unit < min_volume 2
      unit('tiny', 'a', 'ta1', 1),
      unit('tiny', 'a', 'ta2', 1),
      unit('tiny', 'a', 'ta3', 1),
      unit('tiny', 'b', 'tb1', 10),
      // a workflow with a single tenant is never compared with itself
      unit('solo', 'a', 'sa1', 50),
    ]);
  });
  afterAll(() => lake.close());

  it("returns the tenant above twice its workflow's cost per unit, with its figures", async () => {
    const rows = await lake.check(TENANT_COST_PER_UNIT_OUTLIER, {
      environment: 'production',
      day_from: W20.day_from,
      day_to: W20.day_to,
      threshold: 2,
      min_volume: 2,
    });

    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row?.scope).toEqual({
      environment: 'production',
      application: 'breaking',
      workflow: 'answer',
      tenant_id: 'b',
      currency: 'USD',
    });
    expect(row?.metric).toBeCloseTo(8 / 3.8, 12);
    expect(row?.volume).toBe(2);
    expect(row?.values).toMatchObject({
      tenant_cost_per_unit: '8.000000000',
      workflow_cost_per_unit: '3.800000000',
      tenant_cost: '16.000000000000',
      workflow_units: '5',
      workflow_tenants: '2',
    });
  });
});

describe('SQL check: alert_unpriced_usage', () => {
  let lake: AlertLake;

  beforeAll(async () => {
    lake = await computedAlertLake(
      [
        // golden: model m, priced since 2025
        spend('g1', '2026-05-12T10:00:00Z', 1, null, { application: 'golden' }),
        // breaking: model `partial` has a price only from 2026-05-14: 2 of its 3 W20 requests are unpriced
        spend('p1', '2026-05-12T10:00:00Z', 0.0005, null, {
          model_or_deployment: 'partial',
          application: 'x',
        }),
        spend('p2', '2026-05-13T23:59:59Z', 0.0007, null, {
          model_or_deployment: 'partial',
          application: 'x',
        }),
        spend('p3', '2026-05-14T00:00:00Z', 0.0009, null, {
          model_or_deployment: 'partial',
          application: 'x',
        }),
        // tiny: model `ghost` has no price at all, but only 1 request < min_volume 2
        spend('h1', '2026-05-12T10:00:00Z', 0.001, null, { model_or_deployment: 'ghost', application: 'x' }),
      ],
      [],
      [...ALERT_PRICES, 'openai,partial,standard,input,1000000,1.00,USD,2026-05-14,,list,'],
    );
  });
  afterAll(() => lake.close());

  it('returns the model whose price starts too late, with its unpriced requests and tokens', async () => {
    const rows = await lake.check(UNPRICED_USAGE, {
      day_from: W20.day_from,
      day_to: W20.day_to,
      threshold: 0,
      min_volume: 2,
    });

    // p1 (500 tokens) and p2 (700 tokens) are before the price's 2026-05-14 start: 2 of 3, 1,200 tokens
    expect(rows).toHaveLength(1);
    expect(rows[0]?.scope).toEqual({
      provider: 'openai',
      model_or_deployment: 'partial',
      billing_category: 'standard',
    });
    expect(rows[0]?.metric).toBeCloseTo(2 / 3, 12);
    expect(rows[0]?.volume).toBe(2);
    expect(rows[0]?.values).toMatchObject({
      requests: '3',
      unpriced_input_tokens: '1200',
      unpriced_output_tokens: '0',
      missing_price_token_types: 'input',
      first_unpriced_day: '2026-05-12',
      last_unpriced_day: '2026-05-13',
      applications: '1',
    });
  });
});

/** Two or three weeks of units for one application: [week start day, dollars per unit, outcomes]. */
function weeks(app: string, plan: readonly (readonly [string, number, readonly string[]])[]) {
  const events = [];
  const outcomes = [];
  for (const [day, dollars, results] of plan) {
    for (const [index, result] of results.entries()) {
      const id = `${app}-${day}-${index}`;
      events.push(spend(id, `${day}T10:00:00Z`, dollars, id, { application: app }));
      if (result !== 'none') outcomes.push(outcome(app, id, result, `${day}T12:00:00Z`));
    }
  }
  return { events, outcomes };
}

const R = 'resolved';
const X = 'rejected';
const P = 'pending';

describe('SQL check: alert_cost_per_successful_unit_up', () => {
  let lake: AlertLake;

  beforeAll(async () => {
    const fixtures = [
      // golden: W19 4 x 1.00, 3 successes -> 4/3 = 1.333333333; W20 4 x 1.10 -> 4.40/3 = 1.466666667: +10%
      weeks('golden', [
        ['2026-05-05', 1, [R, R, R, X]],
        ['2026-05-12', 1.1, [R, R, R, X]],
      ]),
      // breaking: W19 1.333333333 per success; W20 4 x 1.50 -> 6.00/3 = 2.000000000: +50%, success rate 75% both weeks
      weeks('breaking', [
        ['2026-05-05', 1, [R, R, R, X]],
        ['2026-05-12', 1.5, [R, R, R, X]],
      ]),
      // tiny: 1 success each week, 1.00 then 2.00: +100%, but 1 success < min_volume 2
      weeks('tiny', [
        ['2026-05-05', 1, [R]],
        ['2026-05-12', 2, [R]],
      ]),
      // quality dropped: 4/3 -> 4/2 per success (+50%) but the success rate fell 75% -> 50%: not this rule
      weeks('dropped', [
        ['2026-05-05', 1, [R, R, R, X]],
        ['2026-05-12', 1, [R, R, X, X]],
      ]),
      // settling: W20 is all pending, so W19 against W18 is judged: 4/3 -> 8/3 per success, +100%
      weeks('settling', [
        ['2026-04-28', 1, [R, R, R, X]],
        ['2026-05-05', 2, [R, R, R, X]],
        ['2026-05-12', 1, [P, P, P, P]],
      ]),
    ];
    lake = await computedAlertLake(
      fixtures.flatMap((fixture) => fixture.events),
      fixtures.flatMap((fixture) => fixture.outcomes),
    );
  });
  afterAll(() => lake.close());

  it('returns the workflows whose cost per success rose with a flat success rate, each on its latest settled week', async () => {
    const rows = await lake.check(COST_PER_SUCCESSFUL_UNIT_UP, {
      environment: 'production',
      week_from: '2026-W18',
      week_to: '2026-W20',
      max_pending_share: 0.2,
      threshold: 0.2,
      min_volume: 2,
      success_rate_band: 0.02,
    });

    expect(rows.map((row) => [row.scope.application, row.period])).toEqual([
      ['breaking', '2026-W20'],
      ['settling', '2026-W19'],
    ]);
    const [breaking, settling] = rows;
    // 2.000000000 / 1.333333333 - 1 = 0.50000000012..
    expect(breaking?.metric).toBeCloseTo(0.5, 8);
    expect(breaking?.volume).toBe(3);
    expect(breaking?.values).toMatchObject({
      cost_per_successful_unit: '2.000000000',
      previous_cost_per_successful_unit: '1.333333333',
      success_rate: '0.75',
      previous_success_rate: '0.75',
      successful_units: '3',
      previous_successful_units: '3',
      previous_week: '2026-W19',
    });
    // 2.666666667 / 1.333333333 - 1 = 1.0000000007..
    expect(settling?.metric).toBeCloseTo(1, 8);
    expect(settling?.values).toMatchObject({
      previous_week: '2026-W18',
      cost_per_successful_unit: '2.666666667',
    });
  });
});

describe('SQL check: alert_attempted_down_successful_up', () => {
  let lake: AlertLake;

  beforeAll(async () => {
    const fixtures = [
      // golden: 4 x 2.00 all resolved, then 4 x 1.50 all resolved: both unit costs fall 25%
      weeks('golden', [
        ['2026-05-05', 2, [R, R, R, R]],
        ['2026-05-12', 1.5, [R, R, R, R]],
      ]),
      // breaking: per attempt 2.00 -> 1.50 (-25%); per success 8.00/4 = 2.00 -> 6.00/2 = 3.00 (+50%)
      weeks('breaking', [
        ['2026-05-05', 2, [R, R, R, R]],
        ['2026-05-12', 1.5, [R, R, X, X]],
      ]),
      // tiny: the same moves, but 1 success in W20 < min_volume 2
      weeks('tiny', [
        ['2026-05-05', 2, [R, R]],
        ['2026-05-12', 1.5, [R, X]],
      ]),
    ];
    lake = await computedAlertLake(
      fixtures.flatMap((fixture) => fixture.events),
      fixtures.flatMap((fixture) => fixture.outcomes),
    );
  });
  afterAll(() => lake.close());

  it('returns the workflow that got cheaper per attempt and dearer per success, with its figures', async () => {
    const rows = await lake.check(ATTEMPTED_DOWN_SUCCESSFUL_UP, {
      environment: 'production',
      week_from: '2026-W18',
      week_to: '2026-W20',
      max_pending_share: 0.2,
      threshold: 0.1,
      min_volume: 2,
    });

    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row?.period).toBe('2026-W20');
    expect(row?.scope.application).toBe('breaking');
    expect(row?.metric).toBeCloseTo(0.5, 12);
    expect(row?.volume).toBe(2);
    expect(Number(row?.values.wow_cost_per_attempted_unit)).toBeCloseTo(-0.25, 12);
    expect(row?.values).toMatchObject({
      cost_per_attempted_unit: '1.500000000',
      previous_cost_per_attempted_unit: '2.000000000',
      cost_per_successful_unit: '3.000000000',
      previous_cost_per_successful_unit: '2.000000000',
      success_rate: '0.5',
      previous_success_rate: '1',
    });
  });
});
