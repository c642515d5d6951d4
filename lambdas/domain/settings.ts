import { z } from 'zod';
import { CurrencyCode, Outcome, type OutcomeValue } from './contract-fields.ts';

/**
 * `config/settings.json` (DESIGN §9). Every key is optional and has a default; unknown
 * keys are rejected so a typo is named instead of silently ignored.
 */
export const DEFAULT_OUTCOME_CLASSES = {
  success: ['accepted', 'resolved', 'completed', 'converted'],
  failure: ['rejected', 'reopened', 'escalated', 'abandoned'],
  pending: ['pending'],
} as const satisfies Record<string, readonly OutcomeValue[]>;

const OutcomeClassesSchema = z.strictObject({
  success: z.array(Outcome).default([...DEFAULT_OUTCOME_CLASSES.success]),
  failure: z.array(Outcome).default([...DEFAULT_OUTCOME_CLASSES.failure]),
  pending: z.array(Outcome).default([...DEFAULT_OUTCOME_CLASSES.pending]),
});

const UnitTypeSettingsSchema = z.strictObject({
  outcome_classes: OutcomeClassesSchema.prefault({}),
  /** A success stays pending until this many days have passed without a reopen. */
  reopen_window_days: z.number().int().min(1).max(366).optional(),
  /**
   * Join validation: every request of a unit falls within this many days of its first
   * request; later ones are listed. @default 7 (JOIN_VALIDATION_DEFAULTS)
   */
  max_unit_span_days: z.number().int().min(1).max(366).optional(),
  /**
   * Join validation: a unit still pending, or with no outcome at all, this many days after
   * its last request (or its latest outcome) is listed. Keep it above the reopen window.
   * @default 14 (JOIN_VALIDATION_DEFAULTS)
   */
  pending_horizon_days: z.number().int().min(1).max(366).optional(),
});

const AlertOverrideSchema = z.strictObject({
  application: z.string().min(1).optional(),
  workflow: z.string().min(1).optional(),
  /** A landing source (`events`, `billing/focus`, …), for the rules about landed data. */
  source: z.string().min(1).optional(),
  threshold: z.number().nonnegative().optional(),
  critical_threshold: z.number().nonnegative().optional(),
  min_volume: z.number().int().nonnegative().optional(),
});

/** Rule ids and their defaults live in `domain/alerts/rules.ts`; an unknown id stops the alert job. */
const AlertRuleSettingsSchema = z.strictObject({
  threshold: z.number().nonnegative().optional(),
  /** Above this the alert is critical rather than a warning. */
  critical_threshold: z.number().nonnegative().optional(),
  min_volume: z.number().int().nonnegative().optional(),
  overrides: z.array(AlertOverrideSchema).default([]),
});

/**
 * How `reconcile` judges the variance after adjustments (v_reconciliation `status`): a row
 * whose |adjusted_variance_pct| is at most the threshold is `within_threshold`. The
 * defaults are examples, not targets: set them from what your contracts and bills show.
 */
export const RECONCILIATION_DEFAULTS = {
  threshold: 0.02,
  close_after_days: 5,
  lookback_months: 3,
} as const;

/** The reconcile job passes billing names and model ids to SQL separated by tabs and line breaks. */
const NO_LINE_BREAK_OR_TAB = /^[^\t\n\r]+$/;

const ReconciliationSettingsSchema = z.strictObject({
  /** Fraction of billed usage (0.02 = 2%). @default 0.02 */
  threshold: z.number().nonnegative().default(RECONCILIATION_DEFAULTS.threshold),
  /** Per-provider thresholds (`{ "openai": { "threshold": 0.05 } }`); others use `threshold`. */
  providers: z
    .record(
      z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be a lower-case provider name such as "openai"'),
      z.strictObject({ threshold: z.number().nonnegative() }),
    )
    .default({}),
  /** A billing period is `period_open` until this many days after it ends (bills finalize late). @default 5 */
  close_after_days: z.number().int().min(0).max(90).default(RECONCILIATION_DEFAULTS.close_after_days),
  /** Without `--period`, reconcile this many billing periods up to the as-of month. @default 3 */
  lookback_months: z.number().int().min(1).max(36).default(RECONCILIATION_DEFAULTS.lookback_months),
  /**
   * The Bedrock model ids behind each billing name AWS bills usage under when a line has no
   * resource ARN (`{ "Claude3Haiku": ["anthropic.claude-3-haiku-20240307-v1:0"] }`; names in
   * evidence/bedrock-billing-name.ts). An event's model id matches a listed id as it is or
   * after an inference-profile prefix (`us.`, `eu.`, `apac.`, `global.` …). A billing name
   * left out is reconciled on its own, with no estimate, and `doctor` names it. @default {}
   */
  bedrock_billing_names: z
    .record(
      z.string().min(1).regex(NO_LINE_BREAK_OR_TAB, 'must not hold a tab or a line break'),
      z
        .array(
          z
            .string()
            .regex(/^\S+$/, 'must be a Bedrock model id such as "anthropic.claude-3-haiku-20240307-v1:0"'),
        )
        .min(1),
    )
    .default({})
    .superRefine(eachModelIdOnce),
});

/** A model id listed under two billing names would put its estimate in two rows. */
function eachModelIdOnce(names: Record<string, string[]>, context: z.RefinementCtx): void {
  const listedUnder = new Map<string, string>();
  for (const [name, modelIds] of Object.entries(names)) {
    for (const [index, modelId] of modelIds.entries()) {
      const first = listedUnder.get(modelId);
      if (first === undefined) listedUnder.set(modelId, name);
      else
        context.addIssue({
          code: 'custom',
          path: [name, index],
          message: `lists "${modelId}", already listed under "${first}": a model id belongs to one billing name`,
        });
    }
  }
}

/**
 * Data completeness targets (v_data_completeness). The seed article keeps unallocated
 * production cost under 2%: an example target, tunable here; `doctor` applies it.
 */
const CompletenessSettingsSchema = z.strictObject({
  /** Largest acceptable share of production cost with no business unit. @default 0.02 */
  max_unallocated_share: z.number().min(0).max(1).default(0.02),
});

export const SettingsSchema = z.strictObject({
  recompute_window_days: z.number().int().min(1).max(400).default(35),
  unit_types: z.record(z.string().min(1), UnitTypeSettingsSchema).default({}),
  non_billable_statuses: z
    .record(z.string().min(1), z.array(z.enum(['succeeded', 'failed', 'timeout', 'partial'])))
    .default({}),
  reporting_currencies: z.array(CurrencyCode).default(['USD']),
  alerts: z.record(z.string().min(1), AlertRuleSettingsSchema).default({}),
  reconciliation: ReconciliationSettingsSchema.prefault({}),
  completeness: CompletenessSettingsSchema.prefault({}),
});
export type Settings = z.infer<typeof SettingsSchema>;

export type OutcomeClass = 'success' | 'failure' | 'pending' | 'unknown';

/** The class of an outcome for a unit type; an outcome the settings do not map is `unknown`. */
export function outcomeClass(settings: Settings, unitType: string, outcome: OutcomeValue): OutcomeClass {
  const classes = settings.unit_types[unitType]?.outcome_classes ?? DEFAULT_OUTCOME_CLASSES;
  for (const name of ['success', 'failure', 'pending'] as const) {
    if ((classes[name] as readonly OutcomeValue[]).includes(outcome)) return name;
  }
  return 'unknown';
}
