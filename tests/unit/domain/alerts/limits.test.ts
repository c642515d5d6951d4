import { describe, expect, it } from 'vitest';
import { checkAlertSettings, limitsFor, loosestLimits } from '../../../../lambdas/domain/alerts/limits.ts';
import { STALE_DATA, UNALLOCATED_COST_SHARE } from '../../../../lambdas/domain/alerts/rules.ts';
import { ConfigError } from '../../../../lambdas/domain/errors.ts';
import { SettingsSchema } from '../../../../lambdas/domain/settings.ts';

const alertsOf = (alerts: unknown) => SettingsSchema.parse({ alerts }).alerts;
const scope = { environment: 'production', application: 'support-desk', workflow: 'triage', currency: 'USD' };

describe('Domain: alert limits', () => {
  it("uses the rule's defaults when the settings say nothing", () => {
    expect(limitsFor(UNALLOCATED_COST_SHARE, alertsOf({}), scope)).toEqual({
      threshold: 0.03,
      critical: 0.1,
      minVolume: 100,
    });
  });

  it('applies the rule settings, then the matching overrides, the most specific last', () => {
    const alerts = alertsOf({
      unallocated_cost_share: {
        threshold: 0.05,
        min_volume: 50,
        overrides: [
          { application: 'support-desk', workflow: 'triage', threshold: 0.2 },
          { application: 'support-desk', threshold: 0.08, min_volume: 10 },
          { application: 'other', threshold: 0.5 },
        ],
      },
    });

    // threshold: 0.05 (rule) -> 0.08 (application) -> 0.2 (application + workflow); min volume 50 -> 10;
    // critical keeps the default ratio 0.1 / 0.03: 0.2 * 0.1 / 0.03 = 0.666..
    const limits = limitsFor(UNALLOCATED_COST_SHARE, alerts, scope);
    expect(limits.threshold).toBe(0.2);
    expect(limits.minVolume).toBe(10);
    expect(limits.critical).toBeCloseTo(0.6667, 4);
    // another workflow of the same application gets the application override only
    expect(limitsFor(UNALLOCATED_COST_SHARE, alerts, { ...scope, workflow: 'answer' }).threshold).toBe(0.08);
  });

  it('keeps an explicit critical threshold as given', () => {
    const alerts = alertsOf({ unallocated_cost_share: { threshold: 0.05, critical_threshold: 0.07 } });
    expect(limitsFor(UNALLOCATED_COST_SHARE, alerts, scope)).toMatchObject({
      threshold: 0.05,
      critical: 0.07,
    });
  });

  it('gives landing sources their defaults, prefix first and exact source last', () => {
    expect(limitsFor(STALE_DATA, alertsOf({}), { source: 'events' }).threshold).toBe(24);
    expect(limitsFor(STALE_DATA, alertsOf({}), { source: 'billing/focus' }).threshold).toBe(48);
    expect(limitsFor(STALE_DATA, alertsOf({}), { source: 'billing/invoice-csv' }).threshold).toBe(840);
    const alerts = alertsOf({ stale_data: { overrides: [{ source: 'usage/', threshold: 6 }] } });
    expect(limitsFor(STALE_DATA, alerts, { source: 'usage/openai-usage' }).threshold).toBe(6);
  });

  it('binds the loosest threshold and minimum volume to the SQL check', () => {
    const alerts = alertsOf({
      unallocated_cost_share: {
        threshold: 0.05,
        overrides: [{ workflow: 'triage', threshold: 0.01, min_volume: 5 }],
      },
    });
    expect(loosestLimits(UNALLOCATED_COST_SHARE, alerts)).toEqual({ threshold: 0.01, minVolume: 5 });
  });

  it('throws a ConfigError naming the key of an unknown rule', () => {
    expect(() => checkAlertSettings(alertsOf({ unalocated_cost_share: { threshold: 0.1 } }))).toThrow(
      /alerts\.unalocated_cost_share: unknown alert rule; known rules: .*unallocated_cost_share/,
    );
    expect(() => checkAlertSettings(alertsOf({ nope: {} }))).toThrow(ConfigError);
  });

  it('throws a ConfigError naming the key of a critical threshold below its threshold', () => {
    expect(() =>
      checkAlertSettings(
        alertsOf({
          failed_unit_spend_share: {
            overrides: [{ workflow: 'x', threshold: 0.4, critical_threshold: 0.3 }],
          },
        }),
      ),
    ).toThrow(
      /alerts\.failed_unit_spend_share\.overrides\.0\.critical_threshold: 0\.3 is below threshold 0\.4/,
    );
  });

  it('throws a ConfigError for an override whose field the rule has no scope for', () => {
    expect(() =>
      checkAlertSettings(alertsOf({ stale_data: { overrides: [{ workflow: 'x', threshold: 1 }] } })),
    ).toThrow(/alerts\.stale_data\.overrides\.0: rule stale_data has no application or workflow/);
    expect(() =>
      checkAlertSettings(
        alertsOf({ unallocated_cost_share: { overrides: [{ source: 'events', threshold: 1 }] } }),
      ),
    ).toThrow(/overrides\.0\.source: rule unallocated_cost_share is not about a landing source/);
  });

  it('accepts valid alert settings', () => {
    expect(() =>
      checkAlertSettings(
        alertsOf({
          unallocated_cost_share: { threshold: 0.05, overrides: [{ application: 'a', min_volume: 3 }] },
        }),
      ),
    ).not.toThrow();
  });
});
