import { type AlertSeverity, SCOPE_FIELDS } from './alert.ts';
import type { AlertChange, AlertTransition } from './alert-lifecycle.ts';
import { formatFigure, formatLimit } from './format.ts';
import { findRule } from './rules.ts';

/**
 * What people read: the digest of one run for one severity, as plain text an e-mail
 * client shows well, and one line per alert for a terminal. Adapters add only their
 * transport's specifics (the SNS subject limit, message attributes, the outbox file).
 */
export interface AlertDigest {
  readonly run_id: string;
  /** Resolutions go out as `info`; other changes with their alert's severity. */
  readonly severity: AlertSeverity;
  readonly transitions: readonly AlertTransition[];
}

const DIGEST_ORDER: readonly AlertSeverity[] = ['critical', 'warning', 'info'];

export function notificationSeverity(transition: AlertTransition): AlertSeverity {
  return transition.change === 'resolved' ? 'info' : transition.alert.severity;
}

/** One digest per severity that has something to send, most severe first. */
export function buildDigests(runId: string, transitions: readonly AlertTransition[]): AlertDigest[] {
  const notified = transitions.filter((transition) => transition.notify);
  return DIGEST_ORDER.map((severity) => ({
    run_id: runId,
    severity,
    transitions: notified.filter((transition) => notificationSeverity(transition) === severity),
  })).filter((digest) => digest.transitions.length > 0);
}

const CHANGE_WORDS: Record<AlertChange, string> = {
  opened: 'new',
  escalated: 'now more severe',
  deescalated: 'now less severe',
  resolved: 'resolved',
  superseded: 'superseded',
};

/** "2 critical, 1 resolved: revenue-ops/account_research unallocated 5.5%" */
export function digestTitle(digest: AlertDigest): string {
  const resolved = digest.transitions.filter((transition) => transition.change === 'resolved').length;
  const active = digest.transitions.length - resolved;
  const counts = [
    ...(active > 0 ? [`${active} ${digest.severity}`] : []),
    ...(resolved > 0 ? [`${resolved} resolved`] : []),
  ];
  const first = digest.transitions[0];
  return first ? `${counts.join(', ')}: ${first.alert.headline}` : counts.join(', ');
}

export function digestBody(digest: AlertDigest): string {
  const intro =
    `ai-unit-economics alert run ${digest.run_id}: ${digestTitle(digest)}\n` +
    'Each alert below is sent once per rule, scope and period; you hear about it again only when its severity ' +
    'changes or when it clears.';
  const blocks = digest.transitions.map((transition, index) => alertText(transition, index + 1));
  return `${[intro, ...blocks].join('\n\n')}\n`;
}

/** The plain-text block of one alert: what happened, figures, threshold, period and scope, action, where to look. */
export function alertText(transition: AlertTransition, number: number): string {
  const { alert, change } = transition;
  const rule = findRule(alert.kind);
  const title = rule?.title ?? alert.kind;
  const label = change === 'resolved' ? 'RESOLVED' : alert.severity.toUpperCase();
  const lines = [
    `${number}. [${label}] ${title} (${CHANGE_WORDS[change]})`,
    `   ${alert.headline}`,
    '',
    change === 'resolved'
      ? `What happened: the condition has cleared. It was last seen at ${alert.last_seen}: ${alert.summary}`
      : `What happened: ${alert.summary}`,
    'Figures:',
    ...alert.figures.map((figure) => `  - ${figure.label}: ${formatFigure(figure)}`),
    `Threshold: ${thresholdText(transition)}`,
    `Period: ${alert.period}`,
    `Scope: ${scopeText(transition)}`,
    `Suggested action: ${alert.suggested_action}`,
    `Look at: ${alert.look_at.view}`,
    ...(alert.look_at.sql ? [`  ${alert.look_at.sql}`] : []),
    `Alert: ${alert.dedupe_key} (episode ${alert.episode}, first seen ${alert.first_seen})`,
  ];
  return lines.join('\n');
}

/** One line for a terminal: `critical  new       unallocated_cost_share  2026-W19  revenue-ops/… unallocated 5.5%`. */
export function alertLine(transition: AlertTransition): string {
  const { alert, change } = transition;
  const severity = change === 'resolved' ? 'resolved' : alert.severity;
  return `${severity.padEnd(8)}  ${CHANGE_WORDS[change].padEnd(15)}  ${alert.kind}  ${alert.period}  ${alert.headline}`;
}

function thresholdText({ alert }: AlertTransition): string {
  const threshold = alert.threshold;
  const figure = alert.figures.find((candidate) => candidate.name === threshold.figure);
  const volume = alert.figures.find((candidate) => candidate.name === threshold.volume_figure);
  const name = figure?.label ?? threshold.figure;
  const value = figure ? ` (now ${formatFigure(figure)})` : '';
  const limits =
    threshold.critical_above > threshold.warning_above
      ? `warning above ${formatLimit(threshold.warning_above, threshold.unit)}, critical above ${formatLimit(threshold.critical_above, threshold.unit)}`
      : `critical above ${formatLimit(threshold.warning_above, threshold.unit)}`;
  const quiet =
    threshold.min_volume > 0
      ? `; quiet below ${threshold.min_volume} ${volume?.label ?? threshold.volume_figure}`
      : '';
  return `${name}${value}: ${limits}${quiet}`;
}

function scopeText({ alert }: AlertTransition): string {
  return SCOPE_FIELDS.filter((field) => alert.scope[field] !== undefined)
    .map((field) => `${field}=${alert.scope[field]}`)
    .join(', ');
}
