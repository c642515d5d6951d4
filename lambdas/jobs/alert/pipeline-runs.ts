import { z } from 'zod';
import { addDays } from '../../domain/alerts/periods.ts';
import {
  JobRunSummarySchema,
  type LandRunSummary,
  LandRunSummarySchema,
} from '../../domain/alerts/run-health.ts';
import type { ObjectStore } from '../../ports/object-store.ts';
import { COMPUTE_RUNS_PREFIX } from '../compute.ts';

/**
 * The run records the alert job trusts. Run ids start with their start time, so record
 * keys sort by time: the latest compute run is the last key, and the land runs of a day
 * are listed by the day's key prefix (a few small listings, not all of history).
 */
export const LAND_RUNS_PREFIX = 'state/runs/land/';

const ComputeRunSchema = JobRunSummarySchema.extend({
  as_of: z.iso.datetime({ offset: true }),
  window: z.object({ from: z.iso.date(), to: z.iso.date() }),
});
export type ComputeRunSummary = z.infer<typeof ComputeRunSchema>;

export interface PipelineRuns {
  /** The compute runs from the last success on (oldest first): the last one is the latest run. */
  readonly computeRuns: readonly ComputeRunSummary[];
  /** Land runs that started in the look-back, oldest first. */
  readonly landRuns: readonly LandRunSummary[];
  /** Record keys that could not be read as run records (named in the alert run record). */
  readonly unreadable: readonly string[];
}

export async function readPipelineRuns(
  store: ObjectStore,
  now: Date,
  lookbackDays: number,
): Promise<PipelineRuns> {
  const unreadable: string[] = [];
  const read = async <T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> => {
    const bytes = await store.getBytes(key);
    const parsed = bytes ? schema.safeParse(safeJson(bytes)) : undefined;
    if (!parsed?.success) {
      unreadable.push(key);
      return undefined;
    }
    return parsed.data;
  };

  const computeKeys: string[] = [];
  for await (const info of store.list(COMPUTE_RUNS_PREFIX))
    if (info.key.endsWith('.json')) computeKeys.push(info.key);
  const computeRuns: ComputeRunSummary[] = [];
  for (const key of computeKeys.sort().reverse()) {
    const run = await read(key, ComputeRunSchema);
    if (!run) continue;
    computeRuns.unshift(run);
    if (run.status === 'succeeded') break;
  }

  const today = now.toISOString().slice(0, 10);
  const landRuns: LandRunSummary[] = [];
  for (let back = lookbackDays - 1; back >= 0; back--) {
    for await (const info of store.list(`${LAND_RUNS_PREFIX}${addDays(today, -back)}`)) {
      if (!info.key.endsWith('.json')) continue;
      const run = await read(info.key, LandRunSummarySchema);
      if (run) landRuns.push(run);
    }
  }
  landRuns.sort((a, b) => a.started_at.localeCompare(b.started_at));
  return { computeRuns, landRuns, unreadable };
}

/** The last land run that started before `instant`: the landing a compute run read. */
export function landRunBefore(
  landRuns: readonly LandRunSummary[],
  instant: string,
): LandRunSummary | undefined {
  return landRuns.filter((run) => Date.parse(run.started_at) < Date.parse(instant)).at(-1);
}

function safeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}
