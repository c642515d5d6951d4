import { describe, expect, it } from 'vitest';
import type { Alert, AlertCandidate, AlertSeverity } from '../../../../lambdas/domain/alerts/alert.ts';
import { type AlertStep, advanceAlerts } from '../../../../lambdas/domain/alerts/alert-lifecycle.ts';

function candidate(overrides: Partial<AlertCandidate> & { severity?: AlertSeverity } = {}): AlertCandidate {
  return {
    kind: 'unallocated_cost_share',
    severity: 'warning',
    period: '2026-W20',
    scope: { environment: 'production', application: 'support-desk', workflow: 'triage', currency: 'USD' },
    summary: '6% of the production cost named no business unit.',
    headline: 'support-desk/triage unallocated 6%',
    figures: [{ name: 'unallocated_share', label: 'unallocated share', value: '0.06', unit: 'share' }],
    threshold: {
      figure: 'unallocated_share',
      unit: 'share',
      warning_above: 0.03,
      critical_above: 0.1,
      min_volume: 100,
      volume_figure: 'requests',
    },
    suggested_action: 'Tag the requests.',
    look_at: { view: 'v_unit_economics_weekly', sql: null },
    ...overrides,
  };
}

const KEY =
  'unallocated_cost_share|environment=production,application=support-desk,workflow=triage,currency=USD|2026-W20';
const EVALUATED = new Set(['unallocated_cost_share']);
const day = (n: number) => new Date(Date.UTC(2026, 4, 18 + n, 5, 30));

/** Runs the state machine over successive runs, feeding each run's state to the next. */
function runs(perRun: readonly (readonly AlertCandidate[])[], evaluated: ReadonlySet<string> = EVALUATED) {
  let state: Alert[] = [];
  const steps: AlertStep[] = [];
  perRun.forEach((candidates, index) => {
    const step = advanceAlerts({ previous: state, candidates, evaluatedRules: evaluated, now: day(index) });
    const changed = new Map(step.alerts.map((alert) => [alert.dedupe_key, alert]));
    state = [...state.filter((alert) => !changed.has(alert.dedupe_key)), ...changed.values()];
    steps.push(step);
  });
  return {
    steps,
    state,
    sent: steps.map((step) => step.transitions.filter((t) => t.notify).map((t) => t.change)),
  };
}

describe('Domain: alert lifecycle (dedupe)', () => {
  it('sends the same condition once over three consecutive runs, refreshing last_seen', () => {
    const { sent, state } = runs([[candidate()], [candidate()], [candidate()]]);

    expect(sent).toEqual([['opened'], [], []]);
    expect(state).toHaveLength(1);
    expect(state[0]).toMatchObject({
      dedupe_key: KEY,
      state: 'open',
      episode: 1,
      sequence: 0,
      first_seen: day(0).toISOString(),
      last_seen: day(2).toISOString(),
    });
  });

  it('sends again when the severity changes, up and down', () => {
    const { sent, state } = runs([
      [candidate()],
      [candidate({ severity: 'critical' })],
      [candidate({ severity: 'critical' })],
      [candidate({ severity: 'warning' })],
    ]);

    expect(sent).toEqual([['opened'], ['escalated'], [], ['deescalated']]);
    expect(state[0]).toMatchObject({ severity: 'warning', episode: 1, sequence: 2 });
  });

  it('sends one resolution when the condition clears, and nothing after', () => {
    const { sent, state, steps } = runs([[candidate()], [], []]);

    expect(sent).toEqual([['opened'], ['resolved'], []]);
    expect(state[0]).toMatchObject({ state: 'resolved', sequence: 1, last_seen: day(0).toISOString() });
    expect(steps[1]?.transitions[0]?.alert.figures).toEqual(candidate().figures);
  });

  it('opens a new episode when a resolved condition comes back', () => {
    const { sent, state } = runs([[candidate()], [], [candidate()]]);

    expect(sent).toEqual([['opened'], ['resolved'], ['opened']]);
    expect(state[0]).toMatchObject({
      state: 'open',
      episode: 2,
      sequence: 0,
      first_seen: day(2).toISOString(),
    });
  });

  it('leaves an open alert alone when its rule was not evaluated (a failed pipeline is not a resolution)', () => {
    // run 1 evaluates and opens; runs 2 and 3 hold the rule back (no candidates, rule not evaluated)
    let state: Alert[] = [];
    const sent: string[][] = [];
    for (const [index, evaluated] of [EVALUATED, new Set<string>(), new Set<string>()].entries()) {
      const step = advanceAlerts({
        previous: state,
        candidates: index === 0 ? [candidate()] : [],
        evaluatedRules: evaluated,
        now: day(index),
      });
      if (step.alerts.length > 0) state = [...step.alerts];
      sent.push(step.transitions.filter((t) => t.notify).map((t) => t.change));
    }

    expect(sent).toEqual([['opened'], [], []]);
    expect(state[0]).toMatchObject({ state: 'open', episode: 1, sequence: 0 });
  });

  it('supersedes last week’s alert silently when the same scope breaks in the next week', () => {
    const { steps, state } = runs([[candidate()], [candidate({ period: '2026-W21' })]]);

    expect(steps[1]?.transitions.map((t) => [t.change, t.notify, t.alert.period])).toEqual([
      ['superseded', false, '2026-W20'],
      ['opened', true, '2026-W21'],
    ]);
    expect(state.map((alert) => [alert.period, alert.state])).toEqual([
      ['2026-W20', 'superseded'],
      ['2026-W21', 'open'],
    ]);
  });

  it('keeps the more severe of two candidates with the same key', () => {
    const step = advanceAlerts({
      previous: [],
      candidates: [candidate(), candidate({ severity: 'critical' })],
      evaluatedRules: EVALUATED,
      now: day(0),
    });
    expect(step.transitions.map((t) => [t.change, t.alert.severity])).toEqual([['opened', 'critical']]);
  });
});
