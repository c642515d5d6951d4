import {
  ALERT_SCHEMA_VERSION,
  type Alert,
  type AlertCandidate,
  compareSeverity,
  conditionKeyOf,
  dedupeKeyOf,
} from './alert.ts';

/**
 * The dedupe state machine, pure: from the alerts the state holds, this run's
 * candidates and the rules this run evaluated, the next state and the messages to send.
 *
 * - a key with no open alert that breaks → `opened` (sent); after a resolution this is a
 *   new episode and is sent again;
 * - an open key that breaks with the same severity → nothing sent, figures and last_seen
 *   refreshed;
 * - an open key that breaks with another severity → `escalated` / `deescalated` (sent);
 * - an open key whose rule was evaluated and that no longer breaks → `resolved` (sent
 *   once); if the same rule and scope broke in another period instead (next week), the
 *   old alert is `superseded` silently: the new period's alert carries the news;
 * - an open key whose rule was not evaluated this run (its inputs failed or are missing)
 *   is left as it is: an unknown is never a resolution.
 */
export type AlertChange = 'opened' | 'escalated' | 'deescalated' | 'resolved' | 'superseded';

export interface AlertTransition {
  readonly change: AlertChange;
  /** Whether people hear about it (every change but a supersession). */
  readonly notify: boolean;
  /** The alert after the change. */
  readonly alert: Alert;
}

export interface AlertStep {
  /** The next state of every key this run saw break or changed, by dedupe key. */
  readonly alerts: readonly Alert[];
  /** The changes, in dedupe-key order; the ones with `notify` are the messages to send. */
  readonly transitions: readonly AlertTransition[];
}

export interface AlertStepInput {
  readonly previous: readonly Alert[];
  readonly candidates: readonly AlertCandidate[];
  /** Rule ids whose inputs this run read successfully. */
  readonly evaluatedRules: ReadonlySet<string>;
  readonly now: Date;
}

export function advanceAlerts(input: AlertStepInput): AlertStep {
  const now = input.now.toISOString();
  const previous = new Map(input.previous.map((alert) => [alert.dedupe_key, alert]));
  const current = new Map<string, AlertCandidate>();
  for (const candidate of input.candidates) {
    const key = dedupeKeyOf(candidate);
    const seen = current.get(key);
    if (!seen || compareSeverity(candidate.severity, seen.severity) > 0) current.set(key, candidate);
  }
  const breakingConditions = new Set([...current.values()].map(conditionKeyOf));

  const alerts: Alert[] = [];
  const transitions: AlertTransition[] = [];

  for (const [key, candidate] of current) {
    const before = previous.get(key);
    const base = {
      ...candidate,
      schema_version: ALERT_SCHEMA_VERSION,
      dedupe_key: key,
      state: 'open' as const,
    };
    if (before?.state !== 'open') {
      const alert: Alert = {
        ...base,
        first_seen: now,
        last_seen: now,
        episode: before ? before.episode + 1 : 1,
        sequence: 0,
      };
      alerts.push(alert);
      transitions.push({ change: 'opened', notify: true, alert });
      continue;
    }
    const severityChange = compareSeverity(candidate.severity, before.severity);
    const alert: Alert = {
      ...base,
      first_seen: before.first_seen,
      last_seen: now,
      episode: before.episode,
      sequence: severityChange === 0 ? before.sequence : before.sequence + 1,
    };
    alerts.push(alert);
    if (severityChange !== 0) {
      transitions.push({ change: severityChange > 0 ? 'escalated' : 'deescalated', notify: true, alert });
    }
  }

  for (const before of input.previous) {
    if (before.state !== 'open' || current.has(before.dedupe_key)) continue;
    if (!input.evaluatedRules.has(before.kind)) continue;
    const superseded = breakingConditions.has(conditionKeyOf(before));
    const alert: Alert = {
      ...before,
      state: superseded ? 'superseded' : 'resolved',
      sequence: before.sequence + 1,
    };
    alerts.push(alert);
    transitions.push(
      superseded
        ? { change: 'superseded', notify: false, alert }
        : { change: 'resolved', notify: true, alert },
    );
  }

  const byKey = (a: { dedupe_key: string }, b: { dedupe_key: string }) =>
    a.dedupe_key.localeCompare(b.dedupe_key);
  return {
    alerts: alerts.sort(byKey),
    transitions: transitions.sort((a, b) => byKey(a.alert, b.alert)),
  };
}
