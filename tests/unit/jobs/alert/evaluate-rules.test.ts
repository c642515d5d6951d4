import { describe, expect, it } from 'vitest';
import type { LandRunSummary } from '../../../../lambdas/domain/alerts/run-health.ts';
import { SettingsSchema } from '../../../../lambdas/domain/settings.ts';
import { evaluateRules } from '../../../../lambdas/jobs/alert/evaluate-rules.ts';
import type { ComputeRunSummary, PipelineRuns } from '../../../../lambdas/jobs/alert/pipeline-runs.ts';
import type { SqlRunner } from '../../../../lambdas/sql/sql-runner.ts';

const NO_SETTINGS = SettingsSchema.parse({}).alerts;
/** A runner whose catalog holds no alert check: every SQL rule is skipped, none is queried. */
const EMPTY_RUNNER = { catalog: { statements: [] } } as unknown as SqlRunner;
const NOW = new Date('2026-05-19T06:00:00Z');

function compute(status: 'succeeded' | 'failed', startedAt = '2026-05-19T05:00:00.000Z'): ComputeRunSummary {
  return {
    run_id: `compute-${startedAt}`,
    status,
    started_at: startedAt,
    finished_at: startedAt,
    as_of: startedAt,
    window: { from: '2026-04-15', to: '2026-05-19' },
  };
}

function land(runId: string, status: 'succeeded' | 'failed', at: string): LandRunSummary {
  return {
    run_id: runId,
    status,
    started_at: at,
    finished_at: at,
    objects: [{ key: 'incoming/events/a.ndjson', records_read: 10, quarantined: 0 }],
    ...(status === 'failed' ? { error: 'truncated gzip' } : {}),
  };
}

async function evaluate(pipeline: Omit<PipelineRuns, 'unreadable'>) {
  return evaluateRules({
    runner: EMPTY_RUNNER,
    alerts: NO_SETTINGS,
    pipeline: { ...pipeline, unreadable: [] },
    openAlerts: [],
    now: NOW,
  });
}

describe('Job part: alert rule evaluation', () => {
  it('holds the figure rules back when the compute run read a land run that failed part-way', async () => {
    const evaluation = await evaluate({
      computeRuns: [compute('succeeded')],
      landRuns: [
        land('land-1', 'failed', '2026-05-19T04:00:00.000Z'),
        land('land-2', 'succeeded', '2026-05-19T05:30:00.000Z'),
      ],
    });

    expect(evaluation.figures).toEqual({
      compute_run: 'compute-2026-05-19T05:00:00.000Z',
      status: 'held_back',
      reason:
        'compute run compute-2026-05-19T05:00:00.000Z read the output of land run land-1, which failed part-way',
    });
    expect(evaluation.evaluatedRules.has('unallocated_cost_share')).toBe(false);
    // land-2 succeeded after it: the land job itself is healthy again, so no operational alert
    expect(evaluation.candidates).toEqual([]);
  });

  it('raises one operational alert for the land job while its latest run has failed', async () => {
    const evaluation = await evaluate({
      computeRuns: [compute('succeeded')],
      landRuns: [
        land('land-1', 'succeeded', '2026-05-19T04:00:00.000Z'),
        land('land-2', 'failed', '2026-05-19T05:30:00.000Z'),
      ],
    });

    expect(evaluation.figures.status).toBe('evaluated');
    expect(
      evaluation.candidates.map((candidate) => [candidate.kind, candidate.scope, candidate.severity]),
    ).toEqual([['pipeline_failed', { job: 'land' }, 'critical']]);
  });

  it('holds the figure rules back before any compute run', async () => {
    const evaluation = await evaluate({ computeRuns: [], landRuns: [] });
    expect(evaluation.figures).toMatchObject({
      status: 'held_back',
      reason: 'no compute run has published results yet',
    });
    expect(evaluation.evaluatedRules).toEqual(new Set(['pipeline_failed', 'stale_data', 'quarantine_rate']));
  });

  it('skips a rule whose check is not in the catalog yet, naming the view it waits for', async () => {
    const evaluation = await evaluate({ computeRuns: [compute('succeeded')], landRuns: [] });

    expect(evaluation.outcomes.find((outcome) => outcome.rule === 'reconciliation_variance')).toEqual({
      rule: 'reconciliation_variance',
      status: 'skipped',
      reason: 'sql/checks/alert_reconciliation_variance.sql is not there yet (it needs v_reconciliation)',
      rows: 0,
      candidates: 0,
    });
  });
});
