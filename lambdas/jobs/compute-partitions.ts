import { z } from 'zod';
import type { ObjectStore } from '../ports/object-store.ts';

/**
 * Which raw partitions a compute run must merge into the curated tables: those written
 * by the land runs it has not merged yet (their run records list them), so a run's cost
 * grows with new data, not with history. With no checkpoint yet (the first run), every
 * partition present under raw/ is merged. The checkpoint is saved only after the merges
 * succeeded; merging a partition twice changes nothing.
 */
export type RawKind = 'events' | 'outcomes';

export interface RawPartition {
  readonly kind: RawKind;
  readonly dt: string;
}

export interface DayRange {
  readonly from: string;
  readonly to: string;
}

export const LAND_RUNS_PREFIX = 'state/runs/land/';
export const CHECKPOINT_KEY = 'state/compute/merged-land-runs.json';
const FINISHED = new Set(['succeeded', 'failed']);

const LandRunRecordSchema = z.looseObject({
  run_id: z.string().min(1),
  status: z.string(),
  // Land also writes billing and usage partitions; compute merges events and outcomes.
  partitions_written: z.array(z.looseObject({ kind: z.string(), dt: z.string() })).default([]),
});

const CheckpointSchema = z.object({ merged_land_runs: z.array(z.string()) });

export interface PendingMerge {
  readonly partitions: readonly RawPartition[];
  /** Every land run merged once this merge is done (the next checkpoint). */
  readonly mergedLandRuns: readonly string[];
  readonly newLandRuns: readonly string[];
  /** Run records that could not be read: reported in the run record, retried next time. */
  readonly unreadableLandRuns: readonly string[];
  readonly firstRun: boolean;
}

export async function findPendingMerge(store: ObjectStore): Promise<PendingMerge> {
  const checkpoint = await readCheckpoint(store);
  const merged = new Set(checkpoint?.merged_land_runs ?? []);
  const newLandRuns: string[] = [];
  const unreadableLandRuns: string[] = [];
  const partitions = new Map<string, RawPartition>();
  for await (const object of store.list(LAND_RUNS_PREFIX)) {
    if (!object.key.endsWith('.json')) continue;
    const record = await readLandRun(store, object.key);
    if (!record) {
      unreadableLandRuns.push(object.key);
      continue;
    }
    if (merged.has(record.run_id) || !FINISHED.has(record.status)) continue;
    newLandRuns.push(record.run_id);
    for (const { kind, dt } of record.partitions_written) {
      if ((kind === 'events' || kind === 'outcomes') && /^\d{4}-\d{2}-\d{2}$/.test(dt)) {
        partitions.set(`${kind}/${dt}`, { kind, dt });
      }
    }
  }
  if (!checkpoint) {
    for (const partition of await listRawPartitions(store))
      partitions.set(`${partition.kind}/${partition.dt}`, partition);
  }
  return {
    partitions: [...partitions.values()].sort((a, b) =>
      `${a.kind}/${a.dt}`.localeCompare(`${b.kind}/${b.dt}`),
    ),
    mergedLandRuns: [...merged, ...newLandRuns].sort(),
    newLandRuns,
    unreadableLandRuns,
    firstRun: !checkpoint,
  };
}

export async function saveCheckpoint(store: ObjectStore, mergedLandRuns: readonly string[]): Promise<void> {
  const body = `${JSON.stringify({ merged_land_runs: mergedLandRuns }, null, 2)}\n`;
  await store.put(CHECKPOINT_KEY, body, { contentType: 'application/json' });
}

/** Consecutive days grouped into ranges, so one statement merges each run of days. */
export function dayRanges(days: readonly string[]): DayRange[] {
  const sorted = [...new Set(days)].sort();
  const ranges: DayRange[] = [];
  for (const day of sorted) {
    const last = ranges.at(-1);
    if (last && addDays(last.to, 1) === day) ranges[ranges.length - 1] = { from: last.from, to: day };
    else ranges.push({ from: day, to: day });
  }
  return ranges;
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

async function readCheckpoint(store: ObjectStore): Promise<z.infer<typeof CheckpointSchema> | undefined> {
  const bytes = await store.getBytes(CHECKPOINT_KEY);
  if (!bytes) return undefined;
  return CheckpointSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
}

async function readLandRun(store: ObjectStore, key: string) {
  const bytes = await store.getBytes(key);
  if (!bytes) return undefined;
  try {
    const parsed = LandRunRecordSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function listRawPartitions(store: ObjectStore): Promise<RawPartition[]> {
  const found: RawPartition[] = [];
  for (const kind of ['events', 'outcomes'] as const) {
    const days = new Set<string>();
    for await (const object of store.list(`raw/${kind}/`)) {
      const match = /^raw\/(?:events|outcomes)\/dt=(\d{4}-\d{2}-\d{2})\/[^/]+\.ndjson$/.exec(object.key);
      if (match?.[1]) days.add(match[1]);
    }
    for (const dt of days) found.push({ kind, dt });
  }
  return found;
}
