import { describe, expect, it } from 'vitest';
import { outcomeClass, SettingsSchema } from '../../../lambdas/domain/settings.ts';

describe('Schema: settings', () => {
  it('fills every key with its default when the file is empty', () => {
    const settings = SettingsSchema.parse({});

    expect(settings.recompute_window_days).toBe(35);
    expect(settings.unit_types).toEqual({});
    expect(settings.alerts).toEqual({});
  });

  it('accepts the example of DESIGN §9', () => {
    const settings = SettingsSchema.parse({
      recompute_window_days: 35,
      unit_types: {
        support_case: {
          outcome_classes: {
            success: ['accepted', 'resolved', 'completed', 'converted'],
            failure: ['rejected', 'reopened', 'escalated', 'abandoned'],
            pending: ['pending'],
          },
          reopen_window_days: 7,
        },
      },
      non_billable_statuses: { openai: [] },
      reporting_currencies: ['USD', 'EUR'],
      alerts: {
        reconciliation_variance: {
          threshold: 0.05,
          min_volume: 20,
          overrides: [{ application: 'a', threshold: 0.1 }],
        },
      },
    });

    expect(settings.unit_types.support_case?.reopen_window_days).toBe(7);
  });

  it.each([
    ['a misspelled key', { recompute_window: 10 }, ''],
    ['a window of zero days', { recompute_window_days: 0 }, 'recompute_window_days'],
    [
      'an unknown outcome',
      { unit_types: { doc: { outcome_classes: { success: ['great'] } } } },
      'unit_types.doc.outcome_classes.success.0',
    ],
    ['a negative threshold', { alerts: { rule: { threshold: -1 } } }, 'alerts.rule.threshold'],
  ])('rejects %s, naming the key', (_case, input, path) => {
    const result = SettingsSchema.safeParse(input);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(path);
  });
});

describe('Rule: outcome class', () => {
  const settings = SettingsSchema.parse({
    unit_types: {
      document: { outcome_classes: { success: ['accepted'], failure: ['rejected'], pending: [] } },
    },
  });

  it('uses the default classes for a unit type the settings do not list', () => {
    expect(outcomeClass(settings, 'support_case', 'resolved')).toBe('success');
    expect(outcomeClass(settings, 'support_case', 'reopened')).toBe('failure');
    expect(outcomeClass(settings, 'support_case', 'pending')).toBe('pending');
  });

  it('treats an outcome the settings do not map as unknown', () => {
    expect(outcomeClass(settings, 'document', 'resolved')).toBe('unknown');
    expect(outcomeClass(settings, 'support_case', 'unknown')).toBe('unknown');
  });
});
