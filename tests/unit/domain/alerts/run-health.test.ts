import { describe, expect, it } from 'vitest';
import { candidateFromRow } from '../../../../lambdas/domain/alerts/candidates.ts';
import { PIPELINE_FAILED, QUARANTINE_RATE, STALE_DATA } from '../../../../lambdas/domain/alerts/rules.ts';
import {
  type JobRunSummary,
  type LandRunSummary,
  pipelineFailureRow,
  quarantineRateRows,
  sourceOfKey,
  staleDataRows,
} from '../../../../lambdas/domain/alerts/run-health.ts';
import { SettingsSchema } from '../../../../lambdas/domain/settings.ts';

const NO_SETTINGS = SettingsSchema.parse({}).alerts;

function landRun(
  runId: string,
  at: string,
  objects: readonly { key: string; records_read: number; quarantined: number }[],
  status: 'succeeded' | 'failed' = 'succeeded',
): LandRunSummary {
  return { run_id: runId, status, started_at: at, finished_at: at, objects: [...objects] };
}

const object = (key: string, read = 10, quarantined = 0) => ({ key, records_read: read, quarantined });

describe('Domain: alert rules from run records', () => {
  it('names the landing source of an incoming key', () => {
    expect(sourceOfKey('incoming/events/app/2026/05/18/part-1.ndjson.gz')).toBe('events');
    expect(sourceOfKey('incoming/billing/focus/2026-05/export.csv')).toBe('billing/focus');
    expect(sourceOfKey('incoming/usage/bedrock-invocation-logs/x.json.gz')).toBe(
      'usage/bedrock-invocation-logs',
    );
  });

  it('finds the hours since each source last landed', () => {
    const runs = [
      landRun('land-1', '2026-05-17T06:00:00.000Z', [
        object('incoming/events/a.ndjson'),
        object('incoming/outcomes/o.ndjson'),
      ]),
      landRun('land-2', '2026-05-18T04:00:00.000Z', [object('incoming/events/b.ndjson')]),
    ];

    const rows = staleDataRows(runs, new Date('2026-05-18T10:00:00Z'));

    // events: 10:00 - 04:00 = 6.0 h (golden); outcomes: 05-18 10:00 - 05-17 06:00 = 28.0 h (breaking, > 24 h)
    expect(rows.map((row) => [row.scope.source, row.metric, row.period])).toEqual([
      ['events', 6, 'since 2026-05-18T04:00:00.000Z'],
      ['outcomes', 28, 'since 2026-05-17T06:00:00.000Z'],
    ]);
    const candidates = rows.map((row) => candidateFromRow(STALE_DATA, row, NO_SETTINGS, ''));
    expect(candidates[0]).toBeNull();
    expect(candidates[1]).toMatchObject({
      severity: 'warning',
      summary:
        'Nothing has landed from outcomes for 28 h (last at 2026-05-17T06:00:00.000Z, land run land-1).',
    });
  });

  it('keeps judging a stale source after its last landing leaves the look-back', () => {
    const rows = staleDataRows([], new Date('2026-05-28T06:00:00Z'), [
      { source: 'outcomes', lastAt: '2026-05-17T06:00:00.000Z', runId: 'land-1' },
    ]);
    // 11 days = 264 h: above the 72 h critical limit
    expect(candidateFromRow(STALE_DATA, rows[0]!, NO_SETTINGS, '')).toMatchObject({
      severity: 'critical',
      period: 'since 2026-05-17T06:00:00.000Z',
    });
  });

  it('computes the quarantine share per source and day, quiet below 100 records', () => {
    const runs = [
      landRun('l1', '2026-05-18T01:00:00.000Z', [object('incoming/events/a.ndjson', 300, 6)]),
      landRun('l2', '2026-05-18T02:00:00.000Z', [object('incoming/events/b.ndjson', 100, 0)]),
      landRun('l3', '2026-05-18T03:00:00.000Z', [object('incoming/outcomes/o.ndjson', 50, 25)]),
      landRun('l4', '2026-05-18T03:00:00.000Z', [object('incoming/usage/openai-usage/u.json', 1000, 5)]),
      // another day, not asked for
      landRun('l0', '2026-05-16T03:00:00.000Z', [object('incoming/events/z.ndjson', 100, 100)]),
    ];

    const rows = quarantineRateRows(runs, ['2026-05-17', '2026-05-18']);
    const judged = rows.map((row) => [
      row.scope.source,
      row.metric,
      row.volume,
      candidateFromRow(QUARANTINE_RATE, row, NO_SETTINGS, '')?.severity ?? null,
    ]);

    // events: 6 / 400 = 1.5% > 1% (warning); outcomes 50% but 50 records < 100 (quiet); usage 0.5% (golden)
    expect(judged).toEqual([
      ['events', 0.015, 400, 'warning'],
      ['outcomes', 0.5, 50, null],
      ['usage/openai-usage', 0.005, 1000, null],
    ]);
  });

  it('makes one critical operational alert for a streak of failed runs, none once a run succeeds', () => {
    const run = (id: string, status: 'succeeded' | 'failed', error?: string): JobRunSummary => ({
      run_id: id,
      status,
      started_at: `2026-05-${id.slice(-2)}T05:00:00.000Z`,
      finished_at: `2026-05-${id.slice(-2)}T05:10:00.000Z`,
      ...(error ? { error: { message: error } } : {}),
    });
    const runs = [
      run('c-15', 'succeeded'),
      run('c-16', 'failed', 'disk full'),
      run('c-17', 'failed', 'Athena timeout'),
    ];

    const row = pipelineFailureRow('compute', runs);

    expect(row).toMatchObject({
      period: 'since 2026-05-16T05:00:00.000Z',
      scope: { job: 'compute' },
      metric: 2,
      values: {
        failed_runs: '2',
        last_failed_run: 'c-17',
        last_error: 'Athena timeout',
        last_succeeded_run: 'c-15',
      },
    });
    expect(candidateFromRow(PIPELINE_FAILED, row!, NO_SETTINGS, '')?.severity).toBe('critical');
    expect(pipelineFailureRow('compute', [...runs, run('c-18', 'succeeded')])).toBeNull();
    expect(pipelineFailureRow('compute', [])).toBeNull();
  });
});
