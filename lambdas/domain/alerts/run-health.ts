import { z } from 'zod';
import type { RuleRow } from './candidates.ts';

/**
 * The rules about the pipeline itself, computed from run records rather than SQL: stale
 * data (nothing landed from a source for N hours), the quarantine rate of each source
 * per landing day, and failed job runs. The record schemas here read only the fields
 * these rules need and let everything else pass, so older and newer records both read.
 */
const LandedObjectSummarySchema = z.looseObject({
  key: z.string(),
  records_read: z.number().int().nonnegative().default(0),
  quarantined: z.number().int().nonnegative().default(0),
});

export const LandRunSummarySchema = z.looseObject({
  run_id: z.string(),
  status: z.enum(['succeeded', 'failed']),
  started_at: z.iso.datetime({ offset: true }),
  finished_at: z.iso.datetime({ offset: true }),
  objects: z.array(LandedObjectSummarySchema).default([]),
  error: z.string().nullable().optional(),
});
export type LandRunSummary = z.infer<typeof LandRunSummarySchema>;

/** Any job's run record: compute's error is an object, land's a string. */
export const JobRunSummarySchema = z.looseObject({
  run_id: z.string(),
  status: z.enum(['succeeded', 'failed']),
  started_at: z.iso.datetime({ offset: true }),
  finished_at: z.iso.datetime({ offset: true }),
  error: z
    .union([z.string(), z.looseObject({ message: z.string() })])
    .nullable()
    .optional(),
});
export type JobRunSummary = z.infer<typeof JobRunSummarySchema>;

/** `incoming/events/…` → `events`; `incoming/billing/focus/…` → `billing/focus`. */
export function sourceOfKey(key: string): string {
  const parts = key.split('/');
  if (parts[1] === 'billing' || parts[1] === 'usage') return `${parts[1]}/${parts[2] ?? ''}`;
  return parts[1] ?? key;
}

/**
 * Per source seen in the look-back: how long since an object of it last landed. A
 * source that landed nothing in the look-back is not judged (it may never have been
 * configured), unless `known` says when it last landed: the sources of open stale-data
 * alerts, which stay judged after their last landing leaves the look-back.
 */
export function staleDataRows(
  landRuns: readonly LandRunSummary[],
  now: Date,
  known: readonly { readonly source: string; readonly lastAt: string; readonly runId: string }[] = [],
): RuleRow[] {
  const sources = new Map<string, { lastAt: string; runId: string; objects: number }>();
  for (const landing of known)
    sources.set(landing.source, { lastAt: landing.lastAt, runId: landing.runId, objects: 1 });
  for (const run of landRuns) {
    for (const object of run.objects) {
      const source = sourceOfKey(object.key);
      const seen = sources.get(source);
      const landedAt = new Date(run.finished_at).toISOString();
      if (!seen) sources.set(source, { lastAt: landedAt, runId: run.run_id, objects: 1 });
      else {
        seen.objects += 1;
        if (landedAt > seen.lastAt) Object.assign(seen, { lastAt: landedAt, runId: run.run_id });
      }
    }
  }
  return [...sources.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([source, seen]) => {
      const hours = (now.getTime() - Date.parse(seen.lastAt)) / 3_600_000;
      const hoursText = hours.toFixed(1);
      return {
        period: `since ${seen.lastAt}`,
        scope: { source },
        metric: Number(hoursText),
        volume: seen.objects,
        values: {
          hours_since_last_landing: hoursText,
          objects_landed: String(seen.objects),
          last_landed_at: seen.lastAt,
          last_land_run: seen.runId,
        },
      };
    });
}

/** Per source and UTC day a land run started: the share of the records read that were quarantined. */
export function quarantineRateRows(landRuns: readonly LandRunSummary[], days: readonly string[]): RuleRow[] {
  const totals = new Map<
    string,
    { source: string; day: string; read: number; quarantined: number; objects: number }
  >();
  for (const run of landRuns) {
    const day = new Date(run.started_at).toISOString().slice(0, 10);
    if (!days.includes(day)) continue;
    for (const object of run.objects) {
      const source = sourceOfKey(object.key);
      const key = `${day}|${source}`;
      const total = totals.get(key) ?? { source, day, read: 0, quarantined: 0, objects: 0 };
      total.read += object.records_read;
      total.quarantined += object.quarantined;
      total.objects += 1;
      totals.set(key, total);
    }
  }
  return [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .filter(([, total]) => total.read > 0)
    .map(([, total]) => {
      const share = total.quarantined / total.read;
      return {
        period: total.day,
        scope: { source: total.source },
        metric: share,
        volume: total.read,
        values: {
          quarantined_share: String(share),
          records_read: String(total.read),
          quarantined: String(total.quarantined),
          objects: String(total.objects),
        },
      };
    });
}

/**
 * A job whose latest run failed: one row for the streak of failed runs since its last
 * success, with the period `since <first failed run's start>` so a streak is one alert.
 * `runs` are one job's records, oldest first.
 */
export function pipelineFailureRow(job: string, runs: readonly JobRunSummary[]): RuleRow | null {
  const streak: JobRunSummary[] = [];
  for (let index = runs.length - 1; index >= 0 && runs[index]?.status === 'failed'; index--) {
    streak.unshift(runs[index] as JobRunSummary);
  }
  const last = streak.at(-1);
  const first = streak[0];
  if (!last || !first) return null;
  const lastSuccess = runs[runs.length - streak.length - 1];
  const error = last.error;
  return {
    period: `since ${new Date(first.started_at).toISOString()}`,
    scope: { job },
    metric: streak.length,
    volume: streak.length,
    values: {
      failed_runs: String(streak.length),
      last_failed_run: last.run_id,
      last_error: typeof error === 'string' ? error : (error?.message ?? 'no error message recorded'),
      last_succeeded_run: lastSuccess?.run_id ?? null,
    },
  };
}
