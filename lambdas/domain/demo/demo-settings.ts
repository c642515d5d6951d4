import type { z } from 'zod';
import type { SettingsSchema } from '../settings.ts';
import type { DemoWindow } from './demo-window.ts';

/**
 * `config/settings.json` for the demo: the outcome classes of its four unit types (a
 * support case counts as resolved only after seven days without a reopen), and a
 * recompute window long enough to cover every day of the sample.
 */
export function demoSettings(window: DemoWindow): z.input<typeof SettingsSchema> {
  return {
    recompute_window_days: Math.min(400, Math.max(35, window.days.length + 7)),
    unit_types: {
      support_case: {
        outcome_classes: {
          success: ['resolved'],
          failure: ['reopened', 'escalated', 'abandoned'],
          pending: ['pending'],
        },
        reopen_window_days: 7,
      },
      document: {
        outcome_classes: { success: ['accepted'], failure: ['rejected'], pending: ['pending'] },
      },
      research_brief: {
        outcome_classes: {
          success: ['completed', 'converted'],
          failure: ['abandoned', 'rejected'],
          pending: ['pending'],
        },
      },
      code_change: {
        outcome_classes: { success: ['accepted'], failure: ['rejected', 'abandoned'], pending: ['pending'] },
      },
    },
    reporting_currencies: ['USD'],
  };
}
