import type { AlertScope, FigureUnit, ScopeField } from './alert.ts';
import { addDays, isoWeekDays, isoWeekOf } from './periods.ts';

/**
 * The alert rules of DESIGN §10, one small object each: what it watches, its default
 * limits, the figures it reports and what to do about it. Rule ids are the keys of
 * `alerts` in `config/settings.json`: they may be added, never renamed.
 *
 * Limits read "warning above `threshold`, critical above `critical`", compared with the
 * rule's `metric` figure; while its `volume` figure is below `minVolume` the rule stays
 * quiet (too little traffic to judge). Suggested actions follow the seed article's
 * decision-rule table where it has a row for the signal.
 */
export interface FigureSpec {
  /** The column the check returns (or the run-record figure). */
  readonly name: string;
  readonly label: string;
  readonly unit: FigureUnit;
}

export interface RuleDefaults {
  readonly threshold: number;
  readonly critical: number;
  readonly minVolume: number;
}

/** Where a rule's rows come from. */
export type RuleInput =
  /** A check under `sql/checks/`; `requires` names the view it needs, when that view is still to come. */
  | { readonly from: 'sql'; readonly check: string; readonly requires?: string }
  /** Land run records under `state/runs/land/`. */
  | { readonly from: 'land_runs' }
  /** The latest run records of the pipeline jobs. */
  | { readonly from: 'pipeline_runs' };

/**
 * Which period a rule's rows are about: the last complete ISO week; each workflow's
 * latest settled week (the check picks it); a billing month; a landing day; or an
 * ongoing condition `since <instant>`.
 */
export type RulePeriod = 'week' | 'settled_week' | 'billing_period' | 'day' | 'since';

export interface RuleFacts {
  readonly scope: AlertScope;
  readonly period: string;
  /** A figure as a person reads it ("5.5%", "12.34 USD"). */
  text(name: string): string;
}

export interface AlertRule {
  readonly id: string;
  readonly title: string;
  /** Figure-based rules read the pipeline's results: they are held back when its last run failed. */
  readonly figureBased: boolean;
  readonly input: RuleInput;
  readonly period: RulePeriod;
  readonly defaults: RuleDefaults;
  /** Defaults for some landing sources (billing exports arrive less often than events). */
  readonly sourceDefaults?: readonly (Omit<RuleDefaults, 'minVolume'> & { readonly source: string })[];
  /** The scope fields a row carries; overrides in the settings may name `application`, `workflow` or `source`. */
  readonly scope: readonly ScopeField[];
  readonly metric: FigureSpec;
  readonly volume: FigureSpec;
  readonly figures: readonly FigureSpec[];
  /** Fixed parameters of the check beyond threshold and min_volume. */
  readonly checkParams?: Readonly<Record<string, number | string>>;
  readonly suggestedAction: string;
  readonly view: string;
  lookAt(scope: AlertScope, period: string): string | null;
  summarize(facts: RuleFacts): string;
  headline(facts: RuleFacts): string;
}

/** The environment the economics rules watch: production figures are never mixed with others. */
export const PRODUCTION_ENVIRONMENT = 'production';

const WEEKLY_SCOPE: readonly ScopeField[] = ['environment', 'application', 'workflow', 'currency'];

const money = (name: string, label: string): FigureSpec => ({ name, label, unit: 'money' });
const count = (name: string, label: string): FigureSpec => ({ name, label, unit: 'count' });
const share = (name: string, label: string): FigureSpec => ({ name, label, unit: 'share' });
const change = (name: string, label: string): FigureSpec => ({ name, label, unit: 'change' });
const text = (name: string, label: string): FigureSpec => ({ name, label, unit: 'text' });

/** A SQL string literal for the pasteable queries (display text, never executed by the job). */
function literal(value: string | undefined): string {
  return `'${(value ?? '').replaceAll("'", "''")}'`;
}

function workflowFilter(scope: AlertScope): string {
  return `environment = ${literal(scope.environment)} and application = ${literal(scope.application)} and workflow = ${literal(scope.workflow)}`;
}

function weekDays(period: string): { from: string; to: string } | null {
  try {
    return isoWeekDays(period);
  } catch {
    return null;
  }
}

function weeklyLookAt(scope: AlertScope, period: string): string {
  const days = weekDays(period);
  const weeks = days
    ? ` and week in (${literal(isoWeekOf(addDays(days.from, -7)))}, ${literal(period)})`
    : '';
  return (
    'select week, attempted_units, successful_units, failed_units, pending_units, cost_per_attempted_unit, ' +
    'cost_per_successful_unit, wow_cost_per_attempted_unit, wow_cost_per_successful_unit from v_unit_economics_weekly ' +
    `where ${workflowFilter(scope)} and currency = ${literal(scope.currency)}${weeks} order by week`
  );
}

const workflowName = (scope: AlertScope) => `${scope.application}/${scope.workflow}`;

export const UNALLOCATED_COST_SHARE: AlertRule = {
  id: 'unallocated_cost_share',
  title: 'Unallocated production cost share',
  figureBased: true,
  input: { from: 'sql', check: 'alert_unallocated_cost_share' },
  period: 'week',
  defaults: { threshold: 0.03, critical: 0.1, minVolume: 100 },
  scope: WEEKLY_SCOPE,
  metric: share('unallocated_share', 'unallocated share of cost'),
  volume: count('requests', 'requests'),
  figures: [
    money('unallocated_cost', 'unallocated cost'),
    money('total_cost', 'total cost'),
    count('unallocated_requests', 'requests with no business unit'),
  ],
  suggestedAction:
    'Send business_unit (unit_type, unit_id) with every request of this workflow, or move the untagged ' +
    'background jobs to a workflow of their own so someone owns their cost; until then its cost per unit is understated.',
  view: 'v_unit_economics_weekly',
  lookAt(scope, period) {
    const days = weekDays(period);
    return (
      'select request_day, model_or_deployment, count(*) as requests, sum(cost) as cost from v_request_costs ' +
      `where ${workflowFilter(scope)} and unit_id is null` +
      (days ? ` and request_day between date '${days.from}' and date '${days.to}'` : '') +
      ' group by request_day, model_or_deployment order by cost desc'
    );
  },
  summarize: (f) =>
    `${f.text('unallocated_share')} of the ${f.scope.environment} cost of ${workflowName(f.scope)} in ${f.period} ` +
    `named no business unit: ${f.text('unallocated_cost')} of ${f.text('total_cost')} ` +
    `(${f.text('unallocated_requests')} of ${f.text('requests')} requests).`,
  headline: (f) => `${workflowName(f.scope)} unallocated ${f.text('unallocated_share')}`,
};

export const COST_PER_SUCCESSFUL_UNIT_UP: AlertRule = {
  id: 'cost_per_successful_unit_up',
  title: 'Cost per successful unit up while the success rate is flat',
  figureBased: true,
  input: { from: 'sql', check: 'alert_cost_per_successful_unit_up' },
  period: 'settled_week',
  defaults: { threshold: 0.2, critical: 0.5, minVolume: 20 },
  scope: WEEKLY_SCOPE,
  metric: change('wow_cost_per_successful_unit', 'cost per successful unit, week over week'),
  volume: count('min_successful_units', 'successful units (the smaller week)'),
  figures: [
    money('cost_per_successful_unit', 'cost per successful unit'),
    money('previous_cost_per_successful_unit', 'cost per successful unit, previous week'),
    share('success_rate', 'success rate'),
    share('previous_success_rate', 'success rate, previous week'),
    count('successful_units', 'successful units'),
    count('previous_successful_units', 'successful units, previous week'),
    text('previous_week', 'previous week'),
  ],
  checkParams: { success_rate_band: 0.02, max_pending_share: 0.2 },
  suggestedAction:
    'Add retrieval limits, output caps, or prompt compression: each success now takes more tokens for the same ' +
    'quality. Compare prompt versions and models for the two weeks (compare --by prompt_version).',
  view: 'v_unit_economics_weekly',
  lookAt: weeklyLookAt,
  summarize: (f) =>
    `The cost per successful unit of ${workflowName(f.scope)} (${f.scope.environment}) rose ` +
    `${f.text('wow_cost_per_successful_unit')} in ${f.period}, from ${f.text('previous_cost_per_successful_unit')} ` +
    `to ${f.text('cost_per_successful_unit')}, while the success rate stayed flat ` +
    `(${f.text('previous_success_rate')} then ${f.text('success_rate')}).`,
  headline: (f) => `${workflowName(f.scope)} cost per success ${f.text('wow_cost_per_successful_unit')}`,
};

export const ATTEMPTED_DOWN_SUCCESSFUL_UP: AlertRule = {
  id: 'attempted_down_successful_up',
  title: 'Cost per attempted unit down while cost per successful unit up',
  figureBased: true,
  input: { from: 'sql', check: 'alert_attempted_down_successful_up' },
  period: 'settled_week',
  defaults: { threshold: 0.1, critical: 0.3, minVolume: 20 },
  scope: WEEKLY_SCOPE,
  metric: change('wow_cost_per_successful_unit', 'cost per successful unit, week over week'),
  volume: count('min_successful_units', 'successful units (the smaller week)'),
  figures: [
    change('wow_cost_per_attempted_unit', 'cost per attempted unit, week over week'),
    money('cost_per_attempted_unit', 'cost per attempted unit'),
    money('previous_cost_per_attempted_unit', 'cost per attempted unit, previous week'),
    money('cost_per_successful_unit', 'cost per successful unit'),
    money('previous_cost_per_successful_unit', 'cost per successful unit, previous week'),
    share('success_rate', 'success rate'),
    share('previous_success_rate', 'success rate, previous week'),
    text('previous_week', 'previous week'),
  ],
  checkParams: { max_pending_share: 0.2 },
  suggestedAction:
    'Revert, route complex cases differently, or improve validation: attempts got cheaper but fewer succeed, ' +
    'so each success costs more. Check what changed that week (model, prompt version, routing).',
  view: 'v_unit_economics_weekly',
  lookAt: weeklyLookAt,
  summarize: (f) =>
    `In ${f.period} ${workflowName(f.scope)} (${f.scope.environment}) got cheaper per attempt ` +
    `(${f.text('wow_cost_per_attempted_unit')}: ${f.text('previous_cost_per_attempted_unit')} to ` +
    `${f.text('cost_per_attempted_unit')}) but dearer per success (${f.text('wow_cost_per_successful_unit')}: ` +
    `${f.text('previous_cost_per_successful_unit')} to ${f.text('cost_per_successful_unit')}); the success rate ` +
    `went from ${f.text('previous_success_rate')} to ${f.text('success_rate')}.`,
  headline: (f) =>
    `${workflowName(f.scope)} cheaper attempts, cost per success ${f.text('wow_cost_per_successful_unit')}`,
};

export const TENANT_COST_PER_UNIT_OUTLIER: AlertRule = {
  id: 'tenant_cost_per_unit_outlier',
  title: "One tenant's cost per unit far above its workflow's",
  figureBased: true,
  input: { from: 'sql', check: 'alert_tenant_cost_per_unit_outlier' },
  period: 'week',
  defaults: { threshold: 2, critical: 4, minVolume: 10 },
  scope: ['environment', 'application', 'workflow', 'tenant_id', 'currency'],
  metric: { name: 'cost_per_unit_multiple', label: "times the workflow's cost per unit", unit: 'multiple' },
  volume: count('tenant_units', "the tenant's units"),
  figures: [
    money('tenant_cost_per_unit', "the tenant's cost per unit"),
    money('workflow_cost_per_unit', "the workflow's cost per unit (all tenants)"),
    money('tenant_cost', "the tenant's cost"),
    count('workflow_units', "the workflow's units"),
    count('workflow_tenants', "the workflow's tenants"),
  ],
  suggestedAction:
    "Look at this tenant's most expensive units (prompt size, output size, retries): cap the context it sends " +
    '(history, attachments), route its heavy cases to a cheaper path, or price its plan to cover the cost.',
  view: 'v_unit_costs',
  lookAt(scope, period) {
    const days = weekDays(period);
    return (
      'select unit_type, unit_id, requests, retries, cost, outcome from v_unit_costs ' +
      `where ${workflowFilter(scope)} and tenant_id = ${literal(scope.tenant_id)}` +
      (days ? ` and cohort_day between date '${days.from}' and date '${days.to}'` : '') +
      ' order by cost desc limit 20'
    );
  },
  summarize: (f) =>
    `Tenant ${f.scope.tenant_id} costs ${f.text('cost_per_unit_multiple')} the cost per unit of ` +
    `${workflowName(f.scope)} (${f.scope.environment}) in ${f.period}: ${f.text('tenant_cost_per_unit')} per unit ` +
    `against ${f.text('workflow_cost_per_unit')}, over ${f.text('tenant_units')} units.`,
  headline: (f) =>
    `${f.scope.tenant_id} ${f.text('cost_per_unit_multiple')} cost per unit in ${f.scope.workflow}`,
};

export const FAILED_UNIT_SPEND_SHARE: AlertRule = {
  id: 'failed_unit_spend_share',
  title: 'Failed-unit spend share',
  figureBased: true,
  input: { from: 'sql', check: 'alert_failed_unit_spend_share' },
  period: 'week',
  defaults: { threshold: 0.25, critical: 0.5, minVolume: 20 },
  scope: WEEKLY_SCOPE,
  metric: share('failed_unit_share', 'share of spend on failed units'),
  volume: count('attempted_units', 'attempted units'),
  figures: [
    money('failed_unit_cost', 'failed-unit cost'),
    money('total_cost', 'total cost'),
    count('failed_units', 'failed units'),
    money('cost_per_failed_unit', 'cost per failed unit'),
  ],
  suggestedAction:
    'Add pre-validation, retry limits, or better error handling: stop spending on units that are going to fail, ' +
    'and look at why they fail (v_unit_costs, outcome_class = failure).',
  view: 'v_unit_economics_weekly',
  lookAt(scope, period) {
    const days = weekDays(period);
    return (
      'select outcome, count(*) as units, sum(cost) as cost, sum(retries) as retries from v_unit_costs ' +
      `where ${workflowFilter(scope)} and outcome_class = 'failure'` +
      (days ? ` and cohort_day between date '${days.from}' and date '${days.to}'` : '') +
      ' group by outcome order by cost desc'
    );
  },
  summarize: (f) =>
    `${f.text('failed_unit_share')} of the ${f.scope.environment} spend of ${workflowName(f.scope)} in ${f.period} ` +
    `went to units that failed: ${f.text('failed_unit_cost')} of ${f.text('total_cost')} ` +
    `(${f.text('failed_units')} of ${f.text('attempted_units')} units).`,
  headline: (f) => `${workflowName(f.scope)} failed-unit spend ${f.text('failed_unit_share')}`,
};

export const UNPRICED_USAGE: AlertRule = {
  id: 'unpriced_usage',
  title: 'Unpriced usage',
  figureBased: true,
  input: { from: 'sql', check: 'alert_unpriced_usage' },
  period: 'week',
  // Any unpriced request is worth a warning; a model that is mostly unpriced has no price at all.
  defaults: { threshold: 0, critical: 0.5, minVolume: 1 },
  scope: ['provider', 'model_or_deployment', 'billing_category'],
  metric: share('unpriced_share', "share of the model's requests unpriced"),
  volume: count('unpriced_requests', 'unpriced requests'),
  figures: [
    count('requests', 'requests'),
    count('unpriced_input_tokens', 'unpriced input tokens'),
    count('unpriced_output_tokens', 'unpriced output tokens'),
    text('missing_price_token_types', 'token types with no price row'),
    { name: 'first_unpriced_day', label: 'first unpriced day', unit: 'date' },
    { name: 'last_unpriced_day', label: 'last unpriced day', unit: 'date' },
    count('applications', 'applications'),
  ],
  suggestedAction:
    'Add the missing rows to config/pricing/ (provider, model, billing category, token type, effective dates) from ' +
    "the provider's price page or your contract, then run compute again: the window is recomputed. Until then this " +
    'usage is counted but costs nothing in the views, and the bill will not reconcile.',
  view: 'v_request_costs',
  lookAt(scope, period) {
    const days = weekDays(period);
    return (
      'select request_day, application, workflow, missing_price_token_types, count(*) as requests from v_request_costs ' +
      `where not priced and provider = ${literal(scope.provider)} and model_or_deployment = ${literal(scope.model_or_deployment)}` +
      (days ? ` and request_day between date '${days.from}' and date '${days.to}'` : '') +
      ' group by 1, 2, 3, 4 order by 1'
    );
  },
  summarize: (f) =>
    `${f.text('unpriced_requests')} of ${f.text('requests')} requests to ${f.scope.provider} ` +
    `${f.scope.model_or_deployment} (${f.scope.billing_category}) in ${f.period} had no price row ` +
    `(missing: ${f.text('missing_price_token_types')}) and carry no cost: ${f.text('unpriced_input_tokens')} input ` +
    `and ${f.text('unpriced_output_tokens')} output tokens.`,
  headline: (f) => `unpriced ${f.scope.model_or_deployment} ${f.text('unpriced_share')}`,
};

export const RECONCILIATION_VARIANCE: AlertRule = {
  id: 'reconciliation_variance',
  title: 'Reconciliation variance after adjustments',
  figureBased: true,
  input: { from: 'sql', check: 'alert_reconciliation_variance', requires: 'v_reconciliation' },
  period: 'billing_period',
  defaults: { threshold: 0.02, critical: 0.05, minVolume: 1 },
  scope: ['provider', 'billing_account_id', 'sku_or_model', 'currency'],
  metric: share('abs_adjusted_variance_pct', 'variance after adjustments (absolute)'),
  volume: count('billing_lines', 'billing lines'),
  figures: [
    change('adjusted_variance_pct', 'variance after adjustments'),
    money('adjusted_variance', 'variance after adjustments'),
    money('estimated_cost', 'estimated cost'),
    money('billed_usage_cost', 'billed usage'),
    money('billed_total', 'billed in total'),
    money('credits', 'credits'),
    money('taxes', 'taxes'),
    money('refunds', 'refunds'),
    change('raw_variance_pct', 'variance before adjustments'),
  ],
  suggestedAction:
    "Compare the price rows used (v_request_costs *_price_per_token) with the bill's unit prices for this model and " +
    'period: if the contract price changed, add a dated row to config/pricing/; if usage is missing on our side, ' +
    'check v_data_completeness for the period. Credits, taxes, refunds and fees are already set apart.',
  view: 'v_reconciliation',
  lookAt: (scope, period) =>
    `select * from v_reconciliation where billing_period = ${literal(period)} and provider = ${literal(scope.provider)} ` +
    `and sku_or_model = ${literal(scope.sku_or_model)}`,
  summarize: (f) =>
    `The ${f.period} ${f.scope.provider} bill for ${f.scope.sku_or_model} (account ${f.scope.billing_account_id}) ` +
    `differs from the estimate by ${f.text('adjusted_variance_pct')} after adjustments: billed usage ` +
    `${f.text('billed_usage_cost')} against an estimate of ${f.text('estimated_cost')} (${f.text('adjusted_variance')}).`,
  headline: (f) => `${f.scope.provider} ${f.scope.sku_or_model} variance ${f.text('adjusted_variance_pct')}`,
};

export const COMPLETENESS_GAP: AlertRule = {
  id: 'completeness_gap',
  title: 'Data completeness gap between sources',
  figureBased: true,
  input: { from: 'sql', check: 'alert_completeness_gap', requires: 'v_data_completeness' },
  period: 'week',
  defaults: { threshold: 0.05, critical: 0.2, minVolume: 100 },
  // Per source: the usage no event explains names no application (see v_data_completeness).
  scope: ['source'],
  metric: share('gap_share', 'share of provider usage tokens with no cost-allocation event'),
  volume: count('provider_usage_records', 'provider usage records'),
  figures: [
    count('application_events', 'cost-allocation events'),
    count('unmatched_usage_records', 'usage records with no event'),
    count('unmatched_provider_tokens', 'tokens with no event'),
    count('provider_tokens', 'tokens the provider reported'),
    count('gap_days', 'days with a gap'),
  ],
  suggestedAction:
    'Check that every AI API call behind this source emits a cost-allocation event (the gap is usage the provider ' +
    'logged that no event explains): a missing emitter, a dropped batch, or calls that bypass the gateway.',
  view: 'v_data_completeness',
  lookAt: (scope, period) => {
    const days = weekDays(period);
    return (
      `select * from v_data_completeness where source = ${literal(scope.source)}` +
      (days ? ` and day between date '${days.from}' and date '${days.to}'` : '') +
      ' order by day, application'
    );
  },
  summarize: (f) =>
    `${f.text('gap_share')} of the tokens ${f.scope.source} reported in ${f.period} have no matching ` +
    `cost-allocation event (${f.text('unmatched_provider_tokens')} of ${f.text('provider_tokens')} tokens; ` +
    `${f.text('unmatched_usage_records')} of ${f.text('provider_usage_records')} usage records match none).`,
  headline: (f) => `${f.scope.source} completeness gap ${f.text('gap_share')}`,
};

export const STALE_DATA: AlertRule = {
  id: 'stale_data',
  title: 'Stale data: nothing landed',
  figureBased: false,
  input: { from: 'land_runs' },
  period: 'since',
  // Events and outcomes flow all day; provider usage and billing exports arrive daily at best, invoices monthly.
  defaults: { threshold: 24, critical: 72, minVolume: 1 },
  sourceDefaults: [
    { source: 'usage/', threshold: 48, critical: 120 },
    { source: 'billing/', threshold: 48, critical: 120 },
    { source: 'billing/invoice-csv', threshold: 840, critical: 1080 },
  ],
  scope: ['source'],
  metric: { name: 'hours_since_last_landing', label: 'hours since something last landed', unit: 'hours' },
  volume: count('objects_landed', 'objects landed in the look-back'),
  figures: [
    { name: 'last_landed_at', label: 'last landed at', unit: 'date' },
    text('last_land_run', 'land run that last landed it'),
  ],
  suggestedAction:
    'Check the producer of this source (the application shipping events, the export or API pull that writes ' +
    'incoming/) and the land job: nothing new has arrived, so every figure that depends on it is going stale.',
  view: 'state/runs/land/',
  lookAt: () => null,
  summarize: (f) =>
    `Nothing has landed from ${f.scope.source} for ${f.text('hours_since_last_landing')} ` +
    `(last at ${f.text('last_landed_at')}, land run ${f.text('last_land_run')}).`,
  headline: (f) => `${f.scope.source} stale for ${f.text('hours_since_last_landing')}`,
};

export const QUARANTINE_RATE: AlertRule = {
  id: 'quarantine_rate',
  title: 'Quarantine rate',
  figureBased: false,
  input: { from: 'land_runs' },
  period: 'day',
  defaults: { threshold: 0.01, critical: 0.1, minVolume: 100 },
  scope: ['source'],
  metric: share('quarantined_share', 'share of records quarantined'),
  volume: count('records_read', 'records read'),
  figures: [count('quarantined', 'records quarantined'), count('objects', 'objects landed')],
  suggestedAction:
    'Open quarantine/ for this source and day: each rejected record keeps its text and every reason. Fix the ' +
    'producer (schema, field types, token counts) and send the records again; copies of a request are merged, ' +
    'so resending is safe.',
  view: 'quarantine/',
  lookAt: () => null,
  summarize: (f) =>
    `${f.text('quarantined_share')} of the ${f.scope.source} records landed on ${f.period} were quarantined ` +
    `(${f.text('quarantined')} of ${f.text('records_read')}).`,
  headline: (f) => `${f.scope.source} quarantined ${f.text('quarantined_share')}`,
};

export const PIPELINE_FAILED: AlertRule = {
  id: 'pipeline_failed',
  title: 'Pipeline run failed',
  figureBased: false,
  input: { from: 'pipeline_runs' },
  period: 'since',
  // Operational: any failed run is critical.
  defaults: { threshold: 0, critical: 0, minVolume: 1 },
  scope: ['job'],
  metric: count('failed_runs', 'failed runs in a row'),
  volume: count('failed_runs', 'failed runs in a row'),
  figures: [
    text('last_failed_run', 'last failed run'),
    text('last_error', 'its error'),
    text('last_succeeded_run', 'last succeeded run'),
  ],
  suggestedAction:
    "Read the failed run's record under state/runs/<job>/ and the job's log, fix the cause and run the job again " +
    '(every job is idempotent). Alerts computed from figures are held back until a run succeeds; the last ' +
    'published results stay visible.',
  view: 'state/runs/',
  lookAt: () => null,
  summarize: (f) =>
    `The ${f.scope.job} job has failed ${f.text('failed_runs')} run(s) in a row ${f.period}: ${f.text('last_error')}. ` +
    'Alerts computed from its figures are held back.',
  headline: (f) => `${f.scope.job} job failed`,
};

/** Every rule, in the order digests list them. */
export const ALERT_RULES: readonly AlertRule[] = [
  PIPELINE_FAILED,
  RECONCILIATION_VARIANCE,
  UNALLOCATED_COST_SHARE,
  COST_PER_SUCCESSFUL_UNIT_UP,
  ATTEMPTED_DOWN_SUCCESSFUL_UP,
  TENANT_COST_PER_UNIT_OUTLIER,
  FAILED_UNIT_SPEND_SHARE,
  UNPRICED_USAGE,
  COMPLETENESS_GAP,
  STALE_DATA,
  QUARANTINE_RATE,
];

export function findRule(id: string): AlertRule | undefined {
  return ALERT_RULES.find((rule) => rule.id === id);
}
