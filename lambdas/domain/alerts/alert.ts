import { z } from 'zod';

/**
 * The alert contract (STYLE rule 14): what a rule finds, what the state keeps and what
 * people receive. Versioned: a field may be added, never renamed; readers check
 * `schema_version`. Every figure is exact text with its unit, so an e-mail, the outbox
 * and `v_alerts` all show the same numbers the views hold.
 */
export const ALERT_SCHEMA_VERSION = 1 as const;

export const AlertSeveritySchema = z.enum(['info', 'warning', 'critical']);
export type AlertSeverity = z.infer<typeof AlertSeveritySchema>;

const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** Positive when `a` is more severe than `b`. */
export function compareSeverity(a: AlertSeverity, b: AlertSeverity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

/**
 * Where the condition holds. Only the fields a rule groups by are set; together with
 * the rule and the period they identify the alert.
 */
export const SCOPE_FIELDS = [
  'environment',
  'application',
  'workflow',
  'tenant_id',
  'provider',
  'billing_account_id',
  'model_or_deployment',
  'sku_or_model',
  'billing_category',
  'currency',
  'source',
  'job',
] as const;
export type ScopeField = (typeof SCOPE_FIELDS)[number];

export const AlertScopeSchema = z.strictObject(
  Object.fromEntries(SCOPE_FIELDS.map((field) => [field, z.string().min(1).optional()])) as Record<
    ScopeField,
    z.ZodOptional<z.ZodString>
  >,
);
export type AlertScope = z.infer<typeof AlertScopeSchema>;

/**
 * How a figure's text reads: `money` is a decimal amount in `currency`; `share` a
 * fraction (0.055 is 5.5 %); `change` a relative change (0.35 is +35 %); `multiple` a
 * factor (3.2×); `count`, `hours`, `date` and `text` are what they say.
 */
export const FigureUnitSchema = z.enum([
  'money',
  'share',
  'change',
  'multiple',
  'count',
  'hours',
  'date',
  'text',
]);
export type FigureUnit = z.infer<typeof FigureUnitSchema>;

export const AlertFigureSchema = z.strictObject({
  name: z.string().min(1),
  label: z.string().min(1),
  /** Exact text as the query or the run record gave it; null when the source had no value. */
  value: z.string().nullable(),
  unit: FigureUnitSchema,
  currency: z.string().min(1).optional(),
});
export type AlertFigure = z.infer<typeof AlertFigureSchema>;

/** The limits the figures were judged by, after settings and overrides. */
export const AlertThresholdSchema = z.strictObject({
  /** The figure compared with the limits. */
  figure: z.string().min(1),
  unit: FigureUnitSchema,
  /** A warning above this. */
  warning_above: z.number(),
  /** Critical above this. */
  critical_above: z.number(),
  /** The rule stays quiet while `volume_figure` is below this. */
  min_volume: z.number().int().nonnegative(),
  volume_figure: z.string().min(1),
});
export type AlertThreshold = z.infer<typeof AlertThresholdSchema>;

export const LookAtSchema = z.strictObject({
  /** A finance view, or a lake prefix for the rules about landing. */
  view: z.string().min(1),
  /** A query a person can paste, with this alert's scope and period filled in; null where none helps. */
  sql: z.string().nullable(),
});
export type LookAt = z.infer<typeof LookAtSchema>;

/** What one rule found in one run: one failing row of its check. */
export const AlertCandidateSchema = z.strictObject({
  /** The rule id (`unallocated_cost_share`, …): the key in `config/settings.json` `alerts`. */
  kind: z.string().min(1),
  severity: AlertSeveritySchema,
  /** An ISO week (`2026-W19`), a day, a billing month, or `since <instant>` for ongoing conditions. */
  period: z.string().min(1),
  scope: AlertScopeSchema,
  /** One sentence: what happened, with the headline figures. */
  summary: z.string().min(1),
  /** A short phrase for an e-mail subject: `support-desk/support_assistant unallocated 5.5%`. */
  headline: z.string().min(1),
  figures: z.array(AlertFigureSchema),
  threshold: AlertThresholdSchema,
  suggested_action: z.string().min(1),
  look_at: LookAtSchema,
});
export type AlertCandidate = z.infer<typeof AlertCandidateSchema>;

export const AlertStateSchema = z.enum(['open', 'resolved', 'superseded']);
export type AlertState = z.infer<typeof AlertStateSchema>;

/**
 * An alert as the state keeps it: the latest figures of one episode of one dedupe key.
 * `open` while the condition holds; `resolved` once a run evaluated the rule and found
 * it cleared; `superseded` when the same rule and scope broke again in a later period
 * (that period's alert carries the news, this one is closed without a message).
 */
export const AlertSchema = AlertCandidateSchema.extend({
  schema_version: z.literal(ALERT_SCHEMA_VERSION),
  dedupe_key: z.string().min(1),
  state: AlertStateSchema,
  first_seen: z.iso.datetime(),
  last_seen: z.iso.datetime(),
  /** 1 for the first time the key broke; +1 each time it breaks again after a resolution. */
  episode: z.number().int().min(1),
  /** The number of state changes within the episode before this one (0 = opened). */
  sequence: z.number().int().min(0),
});
export type Alert = z.infer<typeof AlertSchema>;

/** rule × scope × period, as readable text: the same condition always gives the same key. */
export function dedupeKeyOf(candidate: Pick<AlertCandidate, 'kind' | 'scope' | 'period'>): string {
  return `${conditionKeyOf(candidate)}|${candidate.period}`;
}

/** rule × scope, without the period: the condition whatever week or day it is about. */
export function conditionKeyOf(candidate: Pick<AlertCandidate, 'kind' | 'scope'>): string {
  const scope = SCOPE_FIELDS.filter((field) => candidate.scope[field] !== undefined)
    .map((field) => `${field}=${candidate.scope[field]}`)
    .join(',');
  return `${candidate.kind}|${scope}`;
}
