import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { duckDbWarehouse } from '../../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { type OutboxFile, OutboxNotifier } from '../../../lambdas/adapters/local/outbox-notifier.ts';
import type { Alert } from '../../../lambdas/domain/alerts/alert.ts';
import { advanceAlerts } from '../../../lambdas/domain/alerts/alert-lifecycle.ts';
import type { AlertDigest } from '../../../lambdas/domain/alerts/alert-message.ts';
import { candidateFromRow } from '../../../lambdas/domain/alerts/candidates.ts';
import { UNALLOCATED_COST_SHARE } from '../../../lambdas/domain/alerts/rules.ts';
import { ConfigError, StorageError } from '../../../lambdas/domain/errors.ts';
import { AlertStateStore } from '../../../lambdas/jobs/alert/alert-state.ts';
import { type AlertDeps, type AlertOptions, runAlert } from '../../../lambdas/jobs/alert.ts';
import { exportView } from '../../../lambdas/jobs/export-view.ts';
import type { Clock } from '../../../lambdas/ports/clock.ts';
import type { Notifier } from '../../../lambdas/ports/notifier.ts';
import { loadSqlCatalog, type SqlCatalog } from '../../../lambdas/sql/sql-catalog.ts';
import { type AlertLake, computedAlertLake, spend } from '../../helpers/alert-lake.ts';
import { selectRows, writeSettings } from '../../helpers/pipeline-lake.ts';

/**
 * The alert job over one computed lake. Its only breaking condition: in 2026-W20 the
 * production workflow support-desk/answer spent 4.00 USD, 1.00 of it by a request that
 * named no business unit: an unallocated share of 1 / 4 = 25%. Each test moves that
 * condition through the rule's limits with the settings (min_volume 1 lets its 4
 * requests count) instead of recomputing: warning under a critical limit of 50%,
 * critical at the default 10%, cleared by a threshold of 30%.
 */
const KEY =
  'unallocated_cost_share|environment=production,application=support-desk,workflow=answer,currency=USD|2026-W20';
const WARNING = { alerts: { unallocated_cost_share: { min_volume: 1, critical_threshold: 0.5 } } };
const CRITICAL = { alerts: { unallocated_cost_share: { min_volume: 1 } } };
const CLEARED = { alerts: { unallocated_cost_share: { min_volume: 1, threshold: 0.3 } } };

let lake: AlertLake;
let catalog: SqlCatalog;

beforeAll(async () => {
  lake = await computedAlertLake([
    ...[1, 2, 3].map((n) =>
      spend(`u${n}`, '2026-05-12T10:00:00Z', 1, `u${n}`, { application: 'support-desk' }),
    ),
    spend('bg', '2026-05-13T10:00:00Z', 1, null, { application: 'support-desk' }),
  ]);
  catalog = await loadSqlCatalog();
});
afterAll(() => lake.close());

beforeEach(async () => {
  // Every test starts with no alert state and no outbox; the computed results stay.
  await lake.lake.store.delete(await keysUnder('state/alerts/'));
  await lake.lake.store.delete(await keysUnder('outbox/'));
  await lake.lake.store.delete(await keysUnder('state/runs/alert/'));
  await lake.lake.store.delete(
    (await keysUnder('state/runs/compute/')).filter((key) => key.includes('failed')),
  );
  // The local history table keeps rows by key (the state is its source); start it empty too.
  await lake.engine.execute('delete from alert_history').catch(() => undefined);
});

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of lake.lake.store.list(prefix)) keys.push(info.key);
  return keys;
}

/** A clock the test moves: each run starts one minute after the previous one unless told otherwise. */
function testClock(start = '2026-05-19T05:30:00.000Z'): Clock & { advance(minutes: number): void } {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    advance: (minutes) => {
      now += minutes * 60_000;
    },
  };
}

function deps(clock: Clock, notifier: Notifier = new OutboxNotifier(lake.lake.store)): AlertDeps {
  return {
    store: lake.lake.store,
    engine: lake.engine,
    warehouse: duckDbWarehouse(lake.lake.root),
    clock,
    notifier,
    catalog,
  };
}

async function run(settings: unknown, clock: Clock, options: AlertOptions = {}, notifier?: Notifier) {
  await writeSettings(lake.lake, settings);
  return runAlert(deps(clock, notifier), { asOf: new Date('2026-05-19T05:30:00Z'), ...options });
}

/** Every alert change in the outbox, as [change, dedupe key, severity], in run order. */
async function outbox(): Promise<string[][]> {
  const folder = join(lake.lake.root, 'outbox', 'alerts');
  const files = (await readdir(folder).catch(() => [])).sort();
  const sent: string[][] = [];
  for (const file of files) {
    const content = JSON.parse(await readFile(join(folder, file), 'utf8')) as OutboxFile;
    for (const message of content.messages) {
      for (const transition of message.transitions) {
        sent.push([transition.change, transition.alert.dedupe_key, transition.alert.severity]);
      }
    }
  }
  return sent;
}

describe('Job: alert', () => {
  it('sends the same condition once over three consecutive runs', async () => {
    const clock = testClock();
    const records = [];
    for (let index = 0; index < 3; index++) {
      records.push(await run(WARNING, clock));
      clock.advance(24 * 60);
    }

    expect(records.map((record) => [record.status, record.lines.length])).toEqual([
      ['succeeded', 1],
      ['succeeded', 0],
      ['succeeded', 0],
    ]);
    expect(records[0]?.lines[0]).toBe(
      'warning   new              unallocated_cost_share  2026-W20  support-desk/answer unallocated 25%',
    );
    expect(await outbox()).toEqual([['opened', KEY, 'warning']]);
  });

  it('sends again when the severity changes, and once when the condition clears', async () => {
    const clock = testClock();
    for (const settings of [WARNING, CRITICAL, CRITICAL, CLEARED, CLEARED]) {
      await run(settings, clock);
      clock.advance(60);
    }

    expect(await outbox()).toEqual([
      ['opened', KEY, 'warning'],
      ['escalated', KEY, 'critical'],
      ['resolved', KEY, 'critical'],
    ]);
  });

  it('sends each alert once when two runs race over the same lake', async () => {
    // Prepare: both runs start at the same instant and read the same (empty) state.
    await writeSettings(lake.lake, CRITICAL);
    const clock = testClock();

    // Act
    const records = await Promise.all([
      runAlert(deps(clock), { asOf: new Date('2026-05-19T05:30:00Z') }),
      runAlert(deps(clock), { asOf: new Date('2026-05-19T05:30:00Z') }),
    ]);

    // Assess: one run sent the alert; the other found the change claimed or in flight.
    expect(await outbox()).toEqual([['opened', KEY, 'critical']]);
    expect(records.map((record) => record.lines.length).sort()).toEqual([0, 1]);
    const loser = records.find((record) => record.lines.length === 0);
    expect((loser?.claimed_elsewhere ?? 0) + (loser?.in_flight_elsewhere.length ?? 0)).toBe(1);
  });

  it('holds figure alerts back after a failed compute run and sends one operational alert instead', async () => {
    // Prepare: the alert is open; then a compute run fails after the successful one.
    const clock = testClock();
    await run(WARNING, clock);
    await lake.lake.store.put(
      'state/runs/compute/2031-01-01T00-00-00-000Z-failed.json',
      JSON.stringify({
        job: 'compute',
        run_id: '2031-01-01T00-00-00-000Z-failed',
        status: 'failed',
        started_at: '2031-01-01T00:00:00.000Z',
        finished_at: '2031-01-01T00:01:00.000Z',
        as_of: '2026-05-19T12:00:00.000Z',
        window: { from: '2026-04-15', to: '2026-05-19' },
        error: {
          name: 'QueryFailedError',
          message: 'sql/intermediate/int_units__costed.sql failed: out of memory',
        },
      }),
    );
    clock.advance(60);

    // Act: the settings now clear the condition, but the figures cannot be trusted.
    const record = await run(CLEARED, clock);

    // Assess
    expect(record.figures).toMatchObject({ status: 'held_back' });
    expect(record.figures.reason).toContain('the last compute run 2031-01-01T00-00-00-000Z-failed failed');
    expect(await outbox()).toEqual([
      ['opened', KEY, 'warning'],
      ['opened', 'pipeline_failed|job=compute|since 2031-01-01T00:00:00.000Z', 'critical'],
    ]);
    const [history] = await selectRows(lake.engine, `select state from v_alerts where dedupe_key = '${KEY}'`);
    expect(history?.state).toBe('open');
  });

  it('returns what would be sent on a dry run and writes nothing', async () => {
    await writeSettings(lake.lake, CRITICAL);

    const record = await runAlert(deps(testClock()), {
      dryRun: true,
      asOf: new Date('2026-05-19T05:30:00Z'),
    });

    expect(record.dry_run).toBe(true);
    expect(record.lines).toEqual([
      'critical  new              unallocated_cost_share  2026-W20  support-desk/answer unallocated 25%',
    ]);
    expect(record.messages).toEqual([{ severity: 'critical', alerts: 1, message_id: null }]);
    expect(await keysUnder('state/alerts/')).toEqual([]);
    expect(await keysUnder('state/runs/alert/')).toEqual([]);
    expect(await keysUnder('outbox/')).toEqual([]);
  });

  it('marks nothing sent when the notifier fails, and sends the alert on the next run', async () => {
    // Prepare
    const clock = testClock();
    const failing: Notifier = {
      publish: async (digest: AlertDigest) => {
        throw new StorageError(`SNS is down (${digest.severity})`, { retryable: true });
      },
    };

    // Act
    const failed = await run(CRITICAL, clock, {}, failing);
    clock.advance(60);
    const retried = await run(CRITICAL, clock);

    // Assess
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toContain('the critical digest: SNS is down (critical)');
    expect(failed.messages).toEqual([
      { severity: 'critical', alerts: 1, message_id: null, error: 'SNS is down (critical)' },
    ]);
    expect(retried.status).toBe('succeeded');
    expect(await outbox()).toEqual([['opened', KEY, 'critical']]);
  });

  it('leaves a key alone while another run holds its claim, and sends it once the claim is abandoned', async () => {
    // Prepare: a run claimed the alert at 05:30 and died before the notifier accepted it.
    const state = new AlertStateStore(lake.lake.store, 15 * 60_000);
    await state.claim({
      schema_version: 1,
      dedupe_key: KEY,
      episode: 1,
      sequence: 0,
      attempt: 0,
      change: 'opened',
      notify: true,
      run_id: 'dead-run',
      claimed_at: '2026-05-19T05:30:00.000Z',
      alert: openedAlert(),
    });

    // Act: 5 minutes later the claim is in flight; 20 minutes later it is abandoned.
    const during = await run(CRITICAL, testClock('2026-05-19T05:35:00.000Z'));
    const after = await run(CRITICAL, testClock('2026-05-19T05:50:00.000Z'));

    // Assess
    expect(during.in_flight_elsewhere).toEqual([KEY]);
    expect(during.lines).toEqual([]);
    expect(after.lines).toHaveLength(1);
    expect(await outbox()).toEqual([['opened', KEY, 'critical']]);
    expect(await keysUnder('state/alerts/keys/')).toEqual(
      expect.arrayContaining([expect.stringMatching(/e0001-s0000-a01\.sent\.json$/)]),
    );
  });

  it('shows the history in v_alerts: one row per episode with its state, severity, figures and times', async () => {
    const clock = testClock();
    for (const settings of [WARNING, CRITICAL, CLEARED, WARNING]) {
      await run(settings, clock);
      clock.advance(60);
    }

    const rows = await selectRows(
      lake.engine,
      'select rule, period, severity, state, episode, first_seen, last_seen, notifications, application, figures from v_alerts order by episode',
    );

    // episode 1: opened (warning) 05:30, escalated 06:30, resolved 07:30; episode 2 opened 08:30
    expect(rows.map(({ figures, ...rest }) => rest)).toEqual([
      {
        rule: 'unallocated_cost_share',
        period: '2026-W20',
        severity: 'critical',
        state: 'resolved',
        episode: '1',
        first_seen: '2026-05-19 05:30:00',
        last_seen: '2026-05-19 06:30:00',
        notifications: '3',
        application: 'support-desk',
      },
      {
        rule: 'unallocated_cost_share',
        period: '2026-W20',
        severity: 'warning',
        state: 'open',
        episode: '2',
        first_seen: '2026-05-19 08:30:00',
        last_seen: '2026-05-19 08:30:00',
        notifications: '1',
        application: 'support-desk',
      },
    ]);
    expect(JSON.parse(rows[0]?.figures ?? '[]')[0]).toEqual({
      name: 'unallocated_share',
      label: 'unallocated share of cost',
      value: '0.25',
      unit: 'share',
    });
    // export --view v_alerts: the same episodes, times in ISO 8601 UTC
    const exported = JSON.parse(await exportView(lake.engine, 'v_alerts', 'json')) as Record<
      string,
      unknown
    >[];
    expect(exported.map((row) => [row.first_seen, row.state, row.episode])).toEqual([
      ['2026-05-19T05:30:00.000Z', 'resolved', '1'],
      ['2026-05-19T08:30:00.000Z', 'open', '2'],
    ]);
  });

  it('skips the reconciliation rules, with the reason, on a lake where reconcile has not run', async () => {
    const record = await run(CRITICAL, testClock());

    expect(record.status).toBe('succeeded');
    expect(
      record.rules.filter((rule) => ['reconciliation_variance', 'completeness_gap'].includes(rule.rule)),
    ).toEqual([
      {
        rule: 'reconciliation_variance',
        status: 'skipped',
        reason: 'v_reconciliation does not exist yet: no reconcile run has created it',
        rows: 0,
        candidates: 0,
      },
      {
        rule: 'completeness_gap',
        status: 'skipped',
        reason: 'v_data_completeness does not exist yet: no reconcile run has created it',
        rows: 0,
        candidates: 0,
      },
    ]);
  });

  it('throws a ConfigError naming the key of an unknown rule in the settings', async () => {
    await writeSettings(lake.lake, { alerts: { unallocated_share: { threshold: 0.1 } } });

    await expect(runAlert(deps(testClock()))).rejects.toThrow(ConfigError);
    await expect(runAlert(deps(testClock()))).rejects.toThrow(
      /alerts\.unallocated_share: unknown alert rule/,
    );
  });
});

/** The alert the job opens for the fixture, built the way the job builds it. */
function openedAlert(): Alert {
  const candidate = candidateFromRow(
    UNALLOCATED_COST_SHARE,
    {
      period: '2026-W20',
      scope: { environment: 'production', application: 'support-desk', workflow: 'answer', currency: 'USD' },
      metric: 0.25,
      volume: 4,
      values: { unallocated_share: '0.25', requests: '4' },
    },
    { unallocated_cost_share: { min_volume: 1, overrides: [] } },
    '2026-W20',
  );
  if (!candidate) throw new Error('the fixture must break the rule');
  const step = advanceAlerts({
    previous: [],
    candidates: [candidate],
    evaluatedRules: new Set(['unallocated_cost_share']),
    now: new Date('2026-05-19T05:30:00Z'),
  });
  return step.alerts[0] as Alert;
}
