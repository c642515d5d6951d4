import { hash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { LANDING_KINDS, type LandingKind } from '../domain/raw-records.ts';
import type { Clock } from '../ports/clock.ts';
import type { ObjectInfo, ObjectStore } from '../ports/object-store.ts';
import { evidenceSourceFor } from './land/evidence-sources.ts';
import { FingerprintSet } from './land/fingerprint-set.ts';
import { landEvidenceObject } from './land/land-evidence.ts';
import {
  isDecodeError,
  type LandedObject,
  quarantineRecord,
  type Reason,
  sourceIdOf,
} from './land/landed-object.ts';
import { PartitionWriter } from './land/partition-writer.ts';
import { DEFAULT_MAX_LINE_BYTES, readLines } from './land/read-lines.ts';

export type { LandedObject, Reason } from './land/landed-object.ts';

/**
 * The `land` job: every not-yet-landed object under `incoming/events/` and
 * `incoming/outcomes/` is read line by line, validated, normalized and written to
 * `raw/<kind>/dt=…/`; every rejected line goes to `quarantine/<kind>/dt=…/` with all
 * its reasons. Billing evidence (`incoming/billing/<source>/`) and provider usage records
 * (`incoming/usage/<source>/`) land the same way, as `raw/billing_lines/` and
 * `raw/usage_records/`, each source read by its own reader (land/evidence-sources.ts).
 * Nothing is lost: per object, records read = valid + duplicates +
 * quarantined, and the run record under `state/runs/land/` says so.
 *
 * Idempotent: an object is identified by its key and ETag; its output keys and bytes
 * depend on nothing else, and a manifest under `state/land/objects/` is written only
 * after all its output, so a re-run skips finished objects and redoes an interrupted
 * one, overwriting its parts with identical bytes. Exact duplicate lines are dropped
 * within each object (cross-object copies are resolved by `compute`, where the copy
 * landed last wins), which keeps each object's output a function of that object alone.
 */

export interface LandRunRecord {
  readonly job: 'land';
  readonly run_id: string;
  readonly status: 'succeeded' | 'failed';
  readonly started_at: string;
  readonly finished_at: string;
  readonly totals: {
    readonly objects_landed: number;
    readonly objects_already_landed: number;
    readonly objects_ignored: number;
    readonly records_read: number;
    readonly valid: number;
    readonly duplicates: number;
    readonly quarantined: number;
  };
  readonly objects: readonly Omit<LandedObject, 'raw_parts' | 'quarantine_parts'>[];
  readonly ignored: readonly { readonly key: string; readonly reason: string }[];
  /** The raw partitions this run wrote: `compute` merges only these. */
  readonly partitions_written: readonly { readonly kind: string; readonly dt: string }[];
  readonly error: string | null;
}

export interface LandProgress {
  readonly objectsDone: number;
  readonly objectsTotal: number;
  readonly recordsRead: number;
}

export interface LandDeps {
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly onProgress?: (progress: LandProgress) => void;
}

export interface LandOptions {
  readonly maxLineBytes?: number;
}

const NDJSON_KEY = /\.(ndjson|jsonl|json)(\.gz)?$/;
const MANIFESTS = 'state/land/objects/';
const OBJECTS_IN_FLIGHT = 4;

export async function runLand(deps: LandDeps, options: LandOptions = {}): Promise<LandRunRecord> {
  const { store, clock } = deps;
  const startedAt = clock.now();
  const runId = `${startedAt.toISOString().replace(/[:.]/g, '-')}-land-${randomUUID().slice(0, 8)}`;
  const landed: LandedObject[] = [];
  const ignored: { key: string; reason: string }[] = [];
  let alreadyLanded = 0;
  let failure: unknown = null;

  try {
    const done = new Set<string>();
    for await (const manifest of store.list(MANIFESTS)) done.add(manifest.key);

    const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    const todo: { info: ObjectInfo; land: () => Promise<LandedObject> }[] = [];
    for (const kind of LANDING_KINDS) {
      for await (const info of store.list(`incoming/${kind.name}/`)) {
        if (!NDJSON_KEY.test(info.key))
          ignored.push({ key: info.key, reason: 'not .ndjson, .jsonl or .json (optionally .gz)' });
        else if (done.has(manifestKey(info))) alreadyLanded++;
        else
          todo.push({
            info,
            land: () => landObject(store, kind as LandingKind<unknown>, info, maxLineBytes),
          });
      }
    }
    // Billing evidence and provider usage records: one reader per source folder (land/evidence-sources.ts).
    for (const area of ['billing', 'usage']) {
      for await (const info of store.list(`incoming/${area}/`)) {
        const found = evidenceSourceFor(info.key);
        if ('ignored' in found) ignored.push({ key: info.key, reason: found.ignored });
        else if (done.has(manifestKey(info))) alreadyLanded++;
        else todo.push({ info, land: () => landEvidenceObject(store, found.source, info, maxLineBytes) });
      }
    }

    // Objects are independent (each one's output depends on it alone), so a few are landed
    // at once: one object's I/O overlaps another's parsing.
    let recordsRead = 0;
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const { info, land } = todo[next++] as (typeof todo)[number];
        const result = await land();
        const { raw_parts, quarantine_parts, ...counts } = result;
        await store.put(manifestKey(info), json({ ...counts, run_id: runId, raw_parts, quarantine_parts }));
        landed.push(result);
        recordsRead += result.records_read;
        deps.onProgress?.({ objectsDone: landed.length, objectsTotal: todo.length, recordsRead });
      }
    };
    const workers = Array.from({ length: Math.min(OBJECTS_IN_FLIGHT, todo.length) }, worker);
    const outcomes = await Promise.allSettled(workers);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    if (rejected) throw rejected.reason;
    landed.sort((a, b) => a.key.localeCompare(b.key));
  } catch (error) {
    failure = error;
  }

  const record = runRecord(runId, startedAt, clock.now(), landed, ignored, alreadyLanded, failure);
  await store.put(`state/runs/land/${runId}.json`, json(record));
  if (failure) throw failure;
  return record;
}

async function landObject(
  store: ObjectStore,
  kind: LandingKind<unknown>,
  info: ObjectInfo,
  maxLineBytes: number,
): Promise<LandedObject> {
  const sourceId = sourceIdOf(info);
  const raw = new PartitionWriter(store, `raw/${kind.name}/`, sourceId);
  const quarantine = new PartitionWriter(store, `quarantine/${kind.name}/`, sourceId);
  // Rejected lines have no trustworthy date of their own: file them under the object's arrival day.
  const arrivalDay = info.lastModified.toISOString().slice(0, 10);
  const receivedAt = info.lastModified.toISOString();
  const seen = new FingerprintSet();
  let read = 0;
  let valid = 0;
  let duplicates = 0;
  let quarantined = 0;
  let blank = 0;
  let lastLine = 0;
  let error: string | null = null;

  const reject = async (line: number, reasons: Reason[], bytes: Buffer, truncated = false) => {
    quarantined++;
    await quarantine.add(arrivalDay, JSON.stringify(quarantineRecord(info, line, reasons, bytes, truncated)));
  };

  try {
    for await (const line of readLines(await store.get(info.key), maxLineBytes)) {
      lastLine = line.number;
      if (line.kind === 'overlong') {
        read++;
        const message = `line is ${line.length} bytes, over the limit of ${maxLineBytes}; the first ${line.prefix.length} bytes are kept here, the whole line stays in the source object`;
        await reject(line.number, [{ path: '', message }], line.prefix, true);
        continue;
      }
      const text = line.bytes.toString('utf8');
      if (text.trim() === '') {
        blank++;
        continue;
      }
      read++;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (parseError) {
        await reject(
          line.number,
          [{ path: '', message: `invalid JSON: ${(parseError as Error).message}` }],
          line.bytes,
        );
        continue;
      }
      const result = kind.validate(parsed);
      if (!result.success) {
        await reject(line.number, reasonsOf(result.error), line.bytes);
        continue;
      }
      if (!seen.add(hash('sha1', line.bytes, 'buffer') as unknown as Buffer)) {
        duplicates++;
        continue;
      }
      valid++;
      const record = kind.normalize(result.data, { key: info.key, line: line.number, receivedAt });
      const flushing = raw.add(kind.partitionDate(record), JSON.stringify(record));
      if (flushing) await flushing;
    }
  } catch (readError) {
    if (!isDecodeError(readError)) throw readError;
    // The object's bytes end early or are not gzip: what came before is landed, the
    // unreadable rest is one quarantined record, and the object is not retried forever.
    error = `the object could not be read past line ${lastLine}: ${(readError as Error).message}`;
    read++;
    await reject(lastLine + 1, [{ path: '', message: error }], Buffer.alloc(0), true);
  }

  return {
    key: info.key,
    etag: info.etag,
    kind: kind.name,
    source_id: sourceId,
    records_read: read,
    valid,
    duplicates,
    quarantined,
    blank_lines: blank,
    error,
    raw_parts: await raw.finish(),
    quarantine_parts: await quarantine.finish(),
  };
}

function reasonsOf(error: z.ZodError): Reason[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function manifestKey(info: ObjectInfo): string {
  return `${MANIFESTS}${sourceIdOf(info)}.json`;
}

function runRecord(
  runId: string,
  startedAt: Date,
  finishedAt: Date,
  landed: readonly LandedObject[],
  ignored: readonly { key: string; reason: string }[],
  alreadyLanded: number,
  failure: unknown,
): LandRunRecord {
  const sum = (field: 'records_read' | 'valid' | 'duplicates' | 'quarantined') =>
    landed.reduce((total, object) => total + object[field], 0);
  const partitions = new Map<string, { kind: string; dt: string }>();
  for (const object of landed) {
    for (const part of object.raw_parts)
      partitions.set(`${object.kind}/${part.dt}`, { kind: object.kind, dt: part.dt });
  }
  return {
    job: 'land',
    run_id: runId,
    status: failure ? 'failed' : 'succeeded',
    started_at: startedAt.toISOString(),
    finished_at: finishedAt.toISOString(),
    totals: {
      objects_landed: landed.length,
      objects_already_landed: alreadyLanded,
      objects_ignored: ignored.length,
      records_read: sum('records_read'),
      valid: sum('valid'),
      duplicates: sum('duplicates'),
      quarantined: sum('quarantined'),
    },
    objects: landed.map(({ raw_parts, quarantine_parts, ...counts }) => counts),
    ignored,
    partitions_written: [...partitions.values()].sort((a, b) =>
      `${a.kind}/${a.dt}`.localeCompare(`${b.kind}/${b.dt}`),
    ),
    error: failure ? String((failure as Error).message ?? failure) : null,
  };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
