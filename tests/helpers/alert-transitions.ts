import { ALERT_SCHEMA_VERSION, type Alert, dedupeKeyOf } from '../../lambdas/domain/alerts/alert.ts';
import type { AlertChange, AlertTransition } from '../../lambdas/domain/alerts/alert-lifecycle.ts';

/** A realistic alert (the demo's unallocated-cost finding); override any field. */
export function sampleAlert(overrides: Partial<Alert> = {}): Alert {
  const base = {
    kind: 'unallocated_cost_share',
    severity: 'warning' as const,
    period: '2026-W20',
    scope: {
      environment: 'production',
      application: 'revenue-ops',
      workflow: 'account_research',
      currency: 'USD',
    },
    summary:
      '6% of the production cost of revenue-ops/account_research in 2026-W20 named no business unit: ' +
      '0.155080475 USD of 2.59483325 USD (15 of 265 requests).',
    headline: 'revenue-ops/account_research unallocated 6%',
    figures: [
      {
        name: 'unallocated_share',
        label: 'unallocated share of cost',
        value: '0.05976',
        unit: 'share' as const,
      },
      { name: 'requests', label: 'requests', value: '265', unit: 'count' as const },
      {
        name: 'unallocated_cost',
        label: 'unallocated cost',
        value: '0.155080475000',
        unit: 'money' as const,
        currency: 'USD',
      },
    ],
    threshold: {
      figure: 'unallocated_share',
      unit: 'share' as const,
      warning_above: 0.03,
      critical_above: 0.1,
      min_volume: 100,
      volume_figure: 'requests',
    },
    suggested_action: 'Send business_unit (unit_type, unit_id) with every request of this workflow.',
    look_at: {
      view: 'v_unit_economics_weekly',
      sql: "select * from v_request_costs where application = 'revenue-ops' and unit_id is null",
    },
    ...overrides,
  };
  return {
    schema_version: ALERT_SCHEMA_VERSION,
    dedupe_key: dedupeKeyOf(base),
    state: 'open',
    first_seen: '2026-05-19T05:30:00.000Z',
    last_seen: '2026-05-19T05:30:00.000Z',
    episode: 1,
    sequence: 0,
    ...base,
  };
}

export function sampleTransition(change: AlertChange, overrides: Partial<Alert> = {}): AlertTransition {
  return {
    change,
    notify: change !== 'superseded',
    alert: sampleAlert({ ...(change === 'resolved' ? { state: 'resolved' as const } : {}), ...overrides }),
  };
}
