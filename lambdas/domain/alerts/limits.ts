import { ConfigError } from '../errors.ts';
import type { Settings } from '../settings.ts';
import type { AlertScope } from './alert.ts';
import { ALERT_RULES, type AlertRule, findRule } from './rules.ts';

/**
 * The limits a rule applies to one scope: the rule's defaults, then the settings'
 * `alerts.<rule>` values, then each matching override, the more specific ones last
 * (an override naming application and workflow beats one naming only the application).
 * A critical limit the settings do not give keeps the default's ratio to the threshold
 * (raising a threshold from 3% to 6% moves the default critical limit from 10% to 20%).
 */
export interface RuleLimits {
  /** A warning above this. */
  readonly threshold: number;
  /** Critical above this. */
  readonly critical: number;
  /** Quiet while the volume figure is below this. */
  readonly minVolume: number;
}

export type AlertSettings = Settings['alerts'];
type Override = AlertSettings[string]['overrides'][number];

const SETTINGS = 'config/settings.json';

/** Stops the job (exit code 2) on an unknown rule id or contradictory limits, naming the key. */
export function checkAlertSettings(alerts: AlertSettings): void {
  const problems: string[] = [];
  for (const [id, config] of Object.entries(alerts)) {
    const rule = findRule(id);
    if (!rule) {
      problems.push(
        `alerts.${id}: unknown alert rule; known rules: ${ALERT_RULES.map((known) => known.id).join(', ')}`,
      );
      continue;
    }
    const levels: [string, { threshold?: number; critical_threshold?: number }][] = [
      [`alerts.${id}`, config],
      ...config.overrides.map((override, index): [string, Override] => [
        `alerts.${id}.overrides.${index}`,
        override,
      ]),
    ];
    for (const [key, level] of levels) {
      if (
        level.threshold !== undefined &&
        level.critical_threshold !== undefined &&
        level.critical_threshold < level.threshold
      ) {
        problems.push(
          `${key}.critical_threshold: ${level.critical_threshold} is below threshold ${level.threshold}`,
        );
      }
    }
    config.overrides.forEach((override, index) => {
      const key = `alerts.${id}.overrides.${index}`;
      const bySource = override.source !== undefined;
      const byWorkflow = override.application !== undefined || override.workflow !== undefined;
      if (bySource && !rule.scope.includes('source')) {
        problems.push(
          `${key}.source: rule ${id} is not about a landing source; name application or workflow`,
        );
      }
      if (byWorkflow && !rule.scope.includes('application')) {
        problems.push(`${key}: rule ${id} has no application or workflow in its scope; name a source`);
      }
    });
  }
  if (problems.length > 0) throw new ConfigError(`${SETTINGS} is invalid: ${problems.join('; ')}`);
}

/** The limits for one scope. */
export function limitsFor(rule: AlertRule, alerts: AlertSettings, scope: AlertScope): RuleLimits {
  let threshold = rule.defaults.threshold;
  let critical: number | undefined = rule.defaults.critical;
  for (const sourceDefault of rule.sourceDefaults ?? []) {
    if (scope.source !== undefined && sourceMatches(sourceDefault.source, scope.source)) {
      threshold = sourceDefault.threshold;
      critical = sourceDefault.critical;
    }
  }
  const defaultThreshold = threshold;
  const defaultCritical = critical;
  let minVolume = rule.defaults.minVolume;
  let explicitCritical: number | undefined;

  const config = alerts[rule.id];
  const levels = config
    ? [config, ...config.overrides.filter((override) => overrideMatches(override, scope)).sort(bySpecificity)]
    : [];
  for (const level of levels) {
    if (level.threshold !== undefined) threshold = level.threshold;
    if (level.critical_threshold !== undefined) explicitCritical = level.critical_threshold;
    if (level.min_volume !== undefined) minVolume = level.min_volume;
  }
  critical = explicitCritical ?? scaledCritical(defaultThreshold, defaultCritical, threshold);
  return { threshold, critical: Math.max(critical, threshold), minVolume };
}

/**
 * The loosest limits any scope can have: the SQL checks return the rows that break
 * these, and the job then applies each row's own limits. With no overrides they are
 * the rule's limits, so the check's rows are exactly the alerts.
 */
export function loosestLimits(rule: AlertRule, alerts: AlertSettings): Omit<RuleLimits, 'critical'> {
  const config = alerts[rule.id];
  const base = limitsFor(rule, alerts, {});
  const thresholds = [base.threshold, ...(rule.sourceDefaults ?? []).map((entry) => entry.threshold)];
  const minVolumes = [base.minVolume];
  for (const override of config?.overrides ?? []) {
    if (override.threshold !== undefined) thresholds.push(override.threshold);
    if (override.min_volume !== undefined) minVolumes.push(override.min_volume);
  }
  return { threshold: Math.min(...thresholds), minVolume: Math.min(...minVolumes) };
}

function scaledCritical(defaultThreshold: number, defaultCritical: number, threshold: number): number {
  if (threshold === defaultThreshold || defaultThreshold === 0) return Math.max(defaultCritical, threshold);
  return (threshold * defaultCritical) / defaultThreshold;
}

function overrideMatches(override: Override, scope: AlertScope): boolean {
  if (override.application !== undefined && override.application !== scope.application) return false;
  if (override.workflow !== undefined && override.workflow !== scope.workflow) return false;
  if (
    override.source !== undefined &&
    (scope.source === undefined || !sourceMatches(override.source, scope.source))
  ) {
    return false;
  }
  return true;
}

/** `billing/` matches every billing source; anything else matches exactly. */
function sourceMatches(pattern: string, source: string): boolean {
  return pattern.endsWith('/') ? source.startsWith(pattern) : source === pattern;
}

function specificity(override: Override): number {
  return [override.application, override.workflow, override.source].filter((field) => field !== undefined)
    .length;
}

function bySpecificity(a: Override, b: Override): number {
  return specificity(a) - specificity(b);
}
