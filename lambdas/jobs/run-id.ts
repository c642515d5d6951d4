import { randomBytes } from 'node:crypto';

/**
 * Run ids for jobs that publish results by switching a pointer table to their run id
 * (compute and reconcile): ids sort by start time, so
 * a run never replaces a newer run's results.
 */

/** `2026-05-11T09-30-00-000Z-1a2b3c4d`: sorts by start time, unique across concurrent runs. */
export function provisionalRunId(startedAt: Date): string {
  return `${startedAt.toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`;
}

/**
 * A run can publish only over older runs. When the clock has not moved past the newest
 * published run (a fixed test clock, a skewed host), the id extends that one instead.
 */
export function publishableRunId(candidate: string, latestPublished: string | null): string {
  if (latestPublished === null || candidate > latestPublished) return candidate;
  return `${latestPublished}-${randomBytes(4).toString('hex')}`;
}
