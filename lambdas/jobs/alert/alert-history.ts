import { SCOPE_FIELDS } from '../../domain/alerts/alert.ts';
import type { AlertHistoryEntry } from './alert-state.ts';

/**
 * The rows of `alert_history`, the table behind `v_alerts`: one per episode of each
 * dedupe key, every cell as text (the view casts). The alert job writes them as NDJSON to
 * `state/alerts/history/alerts.ndjson` (the Athena table reads that folder) and, on
 * DuckDB, into the local table. Column order is the order of sql/ddl/*\/alert_history.sql.
 */
export const ALERT_HISTORY_COLUMNS = [
  'rule',
  'scope',
  'period',
  'severity',
  'figures',
  'first_seen',
  'last_seen',
  'state',
  'dedupe_key',
  'episode',
  'summary',
  'threshold',
  'suggested_action',
  'look_at_view',
  'look_at_sql',
  'environment',
  'application',
  'workflow',
  'tenant_id',
  'provider',
  'model_or_deployment',
  'source',
  'notifications',
  'last_notified_at',
] as const;

export type AlertHistoryRow = Record<(typeof ALERT_HISTORY_COLUMNS)[number], string | null>;

export function alertHistoryRow(entry: AlertHistoryEntry): AlertHistoryRow {
  const { alert } = entry;
  const scope = Object.fromEntries(
    SCOPE_FIELDS.filter((field) => alert.scope[field] !== undefined).map((field) => [
      field,
      alert.scope[field],
    ]),
  );
  return {
    rule: alert.kind,
    scope: JSON.stringify(scope),
    period: alert.period,
    severity: alert.severity,
    figures: JSON.stringify(alert.figures),
    first_seen: alert.first_seen,
    last_seen: alert.last_seen,
    state: alert.state,
    dedupe_key: alert.dedupe_key,
    episode: String(alert.episode),
    summary: alert.summary,
    threshold: JSON.stringify(alert.threshold),
    suggested_action: alert.suggested_action,
    look_at_view: alert.look_at.view,
    look_at_sql: alert.look_at.sql,
    environment: alert.scope.environment ?? null,
    application: alert.scope.application ?? null,
    workflow: alert.scope.workflow ?? null,
    tenant_id: alert.scope.tenant_id ?? null,
    provider: alert.scope.provider ?? null,
    model_or_deployment: alert.scope.model_or_deployment ?? alert.scope.sku_or_model ?? null,
    source: alert.scope.source ?? null,
    notifications: String(entry.notifications),
    last_notified_at: entry.last_notified_at,
  };
}

export function toNdjson(rows: readonly AlertHistoryRow[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
}
