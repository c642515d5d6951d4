import { randomBytes } from 'node:crypto';
import { ALERT_SCHEMA_VERSION, type AlertSeverity, dedupeKeyOf } from '../domain/alerts/alert.ts';
import { type AlertChange, advanceAlerts } from '../domain/alerts/alert-lifecycle.ts';
import { alertLine, buildDigests } from '../domain/alerts/alert-message.ts';
import { checkAlertSettings } from '../domain/alerts/limits.ts';
import type { Clock } from '../ports/clock.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import type { QueryEngine } from '../ports/query-engine.ts';
import { loadSqlCatalog, type SqlCatalog } from '../sql/sql-catalog.ts';
import { SqlRunner } from '../sql/sql-runner.ts';
import type { Warehouse } from '../sql/warehouse.ts';
import { alertHistoryRow, toNdjson } from './alert/alert-history.ts';
import { AlertStateStore, type ClaimedTransition } from './alert/alert-state.ts';
import { evaluateRules, type RuleOutcome } from './alert/evaluate-rules.ts';
import { readPipelineRuns } from './alert/pipeline-runs.ts';
import { loadSettings } from './load-config.ts';
import { runFailure } from './run-record.ts';

/**
 * The `alert` job (DESIGN §10): evaluates the rules on the published results and the run
 * records, moves the alert state forward (lambdas/domain/alerts/alert-lifecycle.ts) and
 * publishes one digest per severity with what is new, changed or resolved.
 *
 * Safety: figure-based rules read only what a committed, successful compute run
 * published; after a failed or partial run they are held back (their open alerts stay as
 * they are) and the failure itself is one operational alert. Concurrent runs send each
 * change once: see the claim protocol in alert/alert-state.ts. `dryRun` reads everything
 * and writes nothing: it returns what would be sent.
 */
export interface AlertDeps {
  readonly store: ObjectStore;
  readonly engine: QueryEngine;
  readonly warehouse: Warehouse;
  readonly clock: Clock;
  readonly notifier: Notifier;
  /** The statements under `sql/`; loaded from the repository when omitted. */
  readonly catalog?: SqlCatalog;
}

export interface AlertOptions {
  /** Judge landing (stale data, quarantine) as of this instant. @default the clock's now */
  readonly asOf?: Date;
  /** Evaluate and return what would be sent; claim, send and write nothing. @default false */
  readonly dryRun?: boolean;
  /** How long an unmarked claim counts as in flight (longer than a run can last). @default 15 */
  readonly claimLeaseMinutes?: number;
  /** Days of land run records read for stale data and quarantine rates. @default 8 */
  readonly landLookbackDays?: number;
}

export interface AlertRunRecord {
  readonly job: 'alert';
  readonly run_id: string;
  readonly status: 'succeeded' | 'failed';
  readonly dry_run: boolean;
  readonly started_at: string;
  readonly finished_at: string;
  readonly as_of: string;
  readonly figures: {
    readonly compute_run: string | null;
    readonly status: 'evaluated' | 'held_back';
    readonly reason?: string;
    readonly week?: string;
  };
  readonly rules: readonly RuleOutcome[];
  readonly candidates: number;
  /** Every change this run made (or, dry, would make). */
  readonly changes: readonly {
    readonly change: AlertChange;
    readonly dedupe_key: string;
    readonly severity: AlertSeverity;
    readonly notified: boolean;
  }[];
  /** One entry per digest published (or, dry, that would be). */
  readonly messages: readonly {
    readonly severity: AlertSeverity;
    readonly alerts: number;
    readonly message_id: string | null;
    readonly error?: string;
  }[];
  /** One line per alert sent (or, dry, that would be), for a terminal. */
  readonly lines: readonly string[];
  /** Changes another concurrent run claimed first, and keys left alone while another run sends them. */
  readonly claimed_elsewhere: number;
  readonly in_flight_elsewhere: readonly string[];
  readonly unreadable_run_records: readonly string[];
  readonly error?: { readonly name: string; readonly message: string };
}

export const ALERT_RUNS_PREFIX = 'state/runs/alert/';
const DEFAULT_LEASE_MINUTES = 15;
const DEFAULT_LOOKBACK_DAYS = 8;

export async function runAlert(deps: AlertDeps, options: AlertOptions = {}): Promise<AlertRunRecord> {
  const startedAt = deps.clock.now();
  const runId = `${startedAt.toISOString().replace(/[:.]/g, '-')}-alert-${randomBytes(4).toString('hex')}`;
  const asOf = options.asOf ?? startedAt;
  const dryRun = options.dryRun ?? false;
  const base = {
    job: 'alert' as const,
    run_id: runId,
    dry_run: dryRun,
    started_at: startedAt.toISOString(),
    as_of: asOf.toISOString(),
  };

  const settings = await loadSettings(deps.store);
  checkAlertSettings(settings.alerts);
  const catalog = deps.catalog ?? (await loadSqlCatalog());
  const runner = new SqlRunner(deps.engine, catalog, deps.warehouse);
  const state = new AlertStateStore(
    deps.store,
    (options.claimLeaseMinutes ?? DEFAULT_LEASE_MINUTES) * 60_000,
  );

  let partial: Omit<AlertRunRecord, keyof typeof base | 'status' | 'finished_at' | 'error'> = {
    figures: { compute_run: null, status: 'held_back' },
    rules: [],
    candidates: 0,
    changes: [],
    messages: [],
    lines: [],
    claimed_elsewhere: 0,
    in_flight_elsewhere: [],
    unreadable_run_records: [],
  };
  try {
    const pipeline = await readPipelineRuns(
      deps.store,
      asOf,
      options.landLookbackDays ?? DEFAULT_LOOKBACK_DAYS,
    );
    const loaded = await state.load(startedAt);
    const unlocked =
      <T>(key: (item: T) => string) =>
      (item: T) =>
        !loaded.inFlight.has(key(item));
    const previous = loaded.alerts.filter(unlocked((alert) => alert.dedupe_key));
    const evaluation = await evaluateRules({
      runner,
      alerts: settings.alerts,
      pipeline,
      openAlerts: previous.filter((alert) => alert.state === 'open'),
      now: asOf,
    });
    const step = advanceAlerts({
      previous,
      candidates: evaluation.candidates.filter(unlocked(dedupeKeyOf)),
      evaluatedRules: evaluation.evaluatedRules,
      now: startedAt,
    });
    partial = {
      ...partial,
      figures: evaluation.figures,
      rules: evaluation.outcomes,
      candidates: evaluation.candidates.length,
      in_flight_elsewhere: [...loaded.inFlight].sort(),
      unreadable_run_records: pipeline.unreadable,
    };

    if (dryRun) {
      const digests = buildDigests(runId, step.transitions);
      return finish(deps, base, {
        ...partial,
        changes: step.transitions.map((transition) => ({
          change: transition.change,
          dedupe_key: transition.alert.dedupe_key,
          severity: transition.alert.severity,
          notified: false,
        })),
        messages: digests.map((digest) => ({
          severity: digest.severity,
          alerts: digest.transitions.length,
          message_id: null,
        })),
        lines: digests.flatMap((digest) => digest.transitions.map(alertLine)),
      });
    }

    // 1. Claim every change; a change another run claimed first is theirs to send.
    const claimed: ClaimedTransition[] = [];
    let claimedElsewhere = 0;
    for (const transition of step.transitions) {
      const { alert } = transition;
      const record = {
        schema_version: ALERT_SCHEMA_VERSION,
        dedupe_key: alert.dedupe_key,
        episode: alert.episode,
        sequence: alert.sequence,
        attempt: loaded.attemptFor(alert.dedupe_key, alert.episode, alert.sequence),
        change: transition.change,
        notify: transition.notify,
        run_id: runId,
        claimed_at: deps.clock.now().toISOString(),
        alert,
      };
      if (await state.claim(record)) claimed.push({ transition, record });
      else claimedElsewhere++;
    }
    for (const { record } of claimed.filter(({ record }) => !record.notify)) {
      await state.markDone(record, { runId, at: deps.clock.now(), messageId: null });
    }

    // 2. Publish one digest per severity; mark its claims sent only once the notifier accepted it.
    const messages: AlertRunRecord['messages'][number][] = [];
    const lines: string[] = [];
    const sent = new Set<string>();
    for (const digest of buildDigests(
      runId,
      claimed.map(({ transition }) => transition),
    )) {
      const records = claimed
        .filter(({ transition }) => digest.transitions.includes(transition))
        .map(({ record }) => record);
      try {
        const receipt = await deps.notifier.publish(digest);
        for (const record of records) {
          await state.markDone(record, { runId, at: deps.clock.now(), messageId: receipt.messageId });
          sent.add(record.dedupe_key);
        }
        messages.push({ severity: digest.severity, alerts: records.length, message_id: receipt.messageId });
        lines.push(...digest.transitions.map(alertLine));
      } catch (error) {
        await state.release(records);
        messages.push({
          severity: digest.severity,
          alerts: records.length,
          message_id: null,
          error: (error as Error).message,
        });
      }
    }

    // 3. Refresh figures of alerts that broke again without a change, then rebuild the history.
    await state.saveSeen(step.alerts.filter((alert) => alert.state === 'open'));
    await refreshHistory(deps, runner, state);

    const failedRules = evaluation.outcomes.filter((outcome) => outcome.status === 'failed');
    const failedMessages = messages.filter((message) => message.error !== undefined);
    const record = {
      ...partial,
      changes: claimed.map(({ transition, record }) => ({
        change: transition.change,
        dedupe_key: record.dedupe_key,
        severity: transition.alert.severity,
        notified: sent.has(record.dedupe_key),
      })),
      messages,
      lines,
      claimed_elsewhere: claimedElsewhere,
    };
    if (failedRules.length > 0 || failedMessages.length > 0) {
      const problems = [
        ...failedRules.map((outcome) => `rule ${outcome.rule}: ${outcome.reason}`),
        ...failedMessages.map((message) => `the ${message.severity} digest: ${message.error}`),
      ];
      return finish(deps, base, record, { name: 'AlertRunIncomplete', message: problems.join('; ') });
    }
    return finish(deps, base, record);
  } catch (error) {
    await finish(deps, base, partial, runFailure(error)).catch(() => undefined);
    throw error;
  }
}

/** Rebuilds the history rows behind `v_alerts` from the state: the NDJSON file and, on DuckDB, the local table. */
async function refreshHistory(deps: AlertDeps, runner: SqlRunner, state: AlertStateStore): Promise<void> {
  const rows = (await state.history()).map(alertHistoryRow);
  await state.writeHistory(toNdjson(rows));
  if (deps.warehouse.dialect !== 'duckdb') return;
  await runner.create(['v_alerts']);
  await runner.execute('alert_history__merged', { history_json: JSON.stringify(rows) });
}

async function finish(
  deps: AlertDeps,
  base: Pick<AlertRunRecord, 'job' | 'run_id' | 'dry_run' | 'started_at' | 'as_of'>,
  rest: Omit<AlertRunRecord, keyof typeof base | 'status' | 'finished_at' | 'error'>,
  error?: AlertRunRecord['error'],
): Promise<AlertRunRecord> {
  const record: AlertRunRecord = {
    ...base,
    status: error ? 'failed' : 'succeeded',
    finished_at: deps.clock.now().toISOString(),
    ...rest,
    ...(error ? { error } : {}),
  };
  if (!base.dry_run) {
    await deps.store.put(
      `${ALERT_RUNS_PREFIX}${record.run_id}.json`,
      `${JSON.stringify(record, null, 2)}\n`,
      {
        contentType: 'application/json',
      },
    );
  }
  return record;
}
