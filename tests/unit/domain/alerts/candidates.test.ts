import { describe, expect, it } from 'vitest';
import { candidateFromRow, ruleRowSchema } from '../../../../lambdas/domain/alerts/candidates.ts';
import {
  ALERT_RULES,
  type AlertRule,
  UNALLOCATED_COST_SHARE,
} from '../../../../lambdas/domain/alerts/rules.ts';
import { SettingsSchema } from '../../../../lambdas/domain/settings.ts';

const NO_SETTINGS = SettingsSchema.parse({}).alerts;

/**
 * Every rule at its default limits (rules.ts): a golden metric at the threshold (not
 * above it: quiet), a warning metric, a critical metric, enough volume, and a volume
 * one below the minimum (quiet). Worked from the defaults by hand.
 */
const CASES: Record<
  string,
  { golden: number; warning: number; critical: number; volume: number; low?: number }
> = {
  pipeline_failed: { golden: 0, warning: Number.NaN, critical: 1, volume: 1 },
  reconciliation_variance: { golden: 0.02, warning: 0.03, critical: 0.074, volume: 12, low: 0 },
  unallocated_cost_share: { golden: 0.03, warning: 0.06, critical: 0.25, volume: 265, low: 99 },
  cost_per_successful_unit_up: { golden: 0.2, warning: 0.35, critical: 0.6, volume: 40, low: 19 },
  attempted_down_successful_up: { golden: 0.1, warning: 0.2, critical: 0.5, volume: 40, low: 19 },
  tenant_cost_per_unit_outlier: { golden: 2, warning: 3.6, critical: 4.1, volume: 12, low: 9 },
  failed_unit_spend_share: { golden: 0.25, warning: 0.433, critical: 0.6, volume: 83, low: 19 },
  unpriced_usage: { golden: 0, warning: 0.04, critical: 1, volume: 3, low: 0 },
  completeness_gap: { golden: 0.05, warning: 0.1, critical: 0.3, volume: 500, low: 99 },
  stale_data: { golden: 24, warning: 30, critical: 80, volume: 5, low: 0 },
  quarantine_rate: { golden: 0.01, warning: 0.02, critical: 0.2, volume: 1000, low: 99 },
};

/** A row as an engine returns it: every cell text. */
function rawRow(rule: AlertRule, metric: number, volume: number): Record<string, string | null> {
  const cells: Record<string, string | null> = { period: '2026-W20' };
  for (const field of rule.scope) cells[field] = field === 'currency' ? 'USD' : `${field}-x`;
  for (const figure of rule.figures) cells[figure.name] = figure.unit === 'money' ? '1.250000000000' : '7';
  cells[rule.volume.name] = String(volume);
  // pipeline_failed counts its failed runs as both metric and volume: the metric wins
  cells[rule.metric.name] = String(metric);
  return cells;
}

function judge(rule: AlertRule, metric: number, volume: number) {
  return candidateFromRow(
    rule,
    ruleRowSchema(rule).parse(rawRow(rule, metric, volume)),
    NO_SETTINGS,
    '2026-W20',
  );
}

describe('Domain: alert rules judge rows at their default limits', () => {
  it('has a case for every rule', () => {
    expect(Object.keys(CASES).sort()).toEqual(ALERT_RULES.map((rule) => rule.id).sort());
  });

  for (const rule of ALERT_RULES) {
    const cases = CASES[rule.id] as (typeof CASES)[string];

    it(`stays quiet for ${rule.id} when the metric is at the threshold (golden)`, () => {
      expect(judge(rule, cases.golden, cases.volume)).toBeNull();
    });

    if (!Number.isNaN(cases.warning)) {
      it(`raises a warning for ${rule.id} when the metric is above the threshold`, () => {
        const candidate = judge(rule, cases.warning, cases.volume);
        expect(candidate?.severity).toBe('warning');
        expect(candidate?.kind).toBe(rule.id);
        expect(candidate?.figures[0]).toMatchObject({ name: rule.metric.name, value: String(cases.warning) });
        expect(candidate?.suggested_action).toBe(rule.suggestedAction);
        expect(candidate?.threshold).toMatchObject({
          warning_above: rule.defaults.threshold,
          min_volume: rule.defaults.minVolume,
        });
      });
    }

    it(`raises a critical alert for ${rule.id} when the metric is above the critical limit`, () => {
      expect(judge(rule, cases.critical, cases.volume)?.severity).toBe('critical');
    });

    if (cases.low !== undefined) {
      it(`stays quiet for ${rule.id} when the volume is below the minimum`, () => {
        expect(judge(rule, cases.critical, cases.low as number)).toBeNull();
      });
    }
  }
});

describe('Domain: alert candidates', () => {
  it('builds the alert of the demo unallocated-cost row: summary, figures with units, threshold, action, look-at', () => {
    const row = ruleRowSchema(UNALLOCATED_COST_SHARE).parse({
      period: '2026-W20',
      environment: 'production',
      application: 'revenue-ops',
      workflow: 'account_research',
      currency: 'USD',
      unallocated_share: '0.05976',
      requests: '265',
      unallocated_cost: '0.155080475000',
      total_cost: '2.594833250000',
      unallocated_requests: '15',
    });

    const candidate = candidateFromRow(UNALLOCATED_COST_SHARE, row, NO_SETTINGS, 'unused');

    // 0.05976 > 0.03 and <= 0.10: a warning; 265 requests >= 100
    expect(candidate).toMatchObject({
      kind: 'unallocated_cost_share',
      severity: 'warning',
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
      threshold: {
        figure: 'unallocated_share',
        unit: 'share',
        warning_above: 0.03,
        critical_above: 0.1,
        min_volume: 100,
        volume_figure: 'requests',
      },
      look_at: { view: 'v_unit_economics_weekly' },
    });
    expect(candidate?.figures).toEqual([
      { name: 'unallocated_share', label: 'unallocated share of cost', value: '0.05976', unit: 'share' },
      { name: 'requests', label: 'requests', value: '265', unit: 'count' },
      {
        name: 'unallocated_cost',
        label: 'unallocated cost',
        value: '0.155080475000',
        unit: 'money',
        currency: 'USD',
      },
      { name: 'total_cost', label: 'total cost', value: '2.594833250000', unit: 'money', currency: 'USD' },
      { name: 'unallocated_requests', label: 'requests with no business unit', value: '15', unit: 'count' },
    ]);
    expect(candidate?.look_at.sql).toContain(
      "application = 'revenue-ops' and workflow = 'account_research' and unit_id is null and request_day between date '2026-05-11' and date '2026-05-17'",
    );
  });

  it('escapes quotes of scope values in the pasteable SQL', () => {
    const row = ruleRowSchema(UNALLOCATED_COST_SHARE).parse({
      ...rawRow(UNALLOCATED_COST_SHARE, 0.5, 500),
      application: "o'brien",
    });
    expect(candidateFromRow(UNALLOCATED_COST_SHARE, row, NO_SETTINGS, 'x')?.look_at.sql).toContain(
      "'o''brien'",
    );
  });

  it('rejects a check row whose metric is not a number', () => {
    const result = ruleRowSchema(UNALLOCATED_COST_SHARE).safeParse({
      ...rawRow(UNALLOCATED_COST_SHARE, 0.5, 500),
      unallocated_share: 'NaN',
    });
    expect(result.success).toBe(false);
  });

  it('applies a per-workflow override to the row of that workflow only', () => {
    const alerts = SettingsSchema.parse({
      alerts: { unallocated_cost_share: { overrides: [{ workflow: 'workflow-x', threshold: 0.5 }] } },
    }).alerts;
    const row = ruleRowSchema(UNALLOCATED_COST_SHARE).parse(rawRow(UNALLOCATED_COST_SHARE, 0.2, 500));
    expect(candidateFromRow(UNALLOCATED_COST_SHARE, row, alerts, 'x')).toBeNull();
    const other = ruleRowSchema(UNALLOCATED_COST_SHARE).parse({
      ...rawRow(UNALLOCATED_COST_SHARE, 0.2, 500),
      workflow: 'another',
    });
    expect(candidateFromRow(UNALLOCATED_COST_SHARE, other, alerts, 'x')?.severity).toBe('critical');
  });
});
