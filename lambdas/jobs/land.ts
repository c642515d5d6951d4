import { randomUUID } from 'node:crypto';
import { LANDING_KINDS, type LandingKind } from '../domain/raw-records.ts';
import type { Clock } from '../ports/clock.ts';
import type { ObjectInfo, ObjectStore } from '../ports/object-store.ts';
import { type BatchValidators, batchValidators } from './land/batch-validators.ts';
import { BufferPool } from './land/buffer-pool.ts';
import { evidenceSourceFor } from './land/evidence-sources.ts';
import { FingerprintSet } from './land/fingerprint-set.ts';
import { landEvidenceObject } from './land/land-evidence.ts';
import {
  isDecodeError,
  type LandedObject,
  overlongReason,
  quarantineRecord,
  type Reason,
  sourceIdOf,
} from './land/landed-object.ts';
import { PartitionWriter } from './land/partition-writer.ts';
import { DEFAULT_MAX_LINE_BYTES, type OverlongLine, readLineBatches } from './land/read-lines.ts';
import type { BatchOutput } from './land/validate-batch.ts';

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
  /**
   * Worker threads that validate NDJSON lines (0: all in this thread). They pay off on
   * several cores and a large input only; a Lambda function of 1,769 MB has one vCPU.
   */
  readonly workerThreads?: number;
}

const NDJSON_KEY = /\.(ndjson|jsonl|json)(\.gz)?$/;
const MANIFESTS = 'state/land/objects/';
const OBJECTS_IN_FLIGHT = 4;
/**
 * Batches (about 1 MiB each) of one object validated ahead of the one being written:
 * enough that this thread validates some itself while the workers work on theirs,
 * instead of waiting for them.
 */
const BATCHES_AHEAD = 4;
/** Batch and record memory is reused in units of 256 KiB, a few batches' worth kept. */
const BATCH_MEMORY_UNIT = 256 << 10;
const BATCH_MEMORY_KEPT = 2 * BATCHES_AHEAD;
/** Below this much NDJSON to land, starting worker threads costs more than they save. */
const WORKER_THREADS_FROM_BYTES = 32 << 20;

export async function runLand(deps: LandDeps, options: LandOptions = {}): Promise<LandRunRecord> {
  const { store, clock } = deps;
  const startedAt = clock.now();
  const runId = `${startedAt.toISOString().replace(/[:.]/g, '-')}-land-${randomUUID().slice(0, 8)}`;
  const landed: LandedObject[] = [];
  const ignored: { key: string; reason: string }[] = [];
  let alreadyLanded = 0;
  let failure: unknown = null;
  let validators: BatchValidators | null = null;

  try {
    const done = new Set<string>();
    for await (const manifest of store.list(MANIFESTS)) done.add(manifest.key);

    const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    const todo: { info: ObjectInfo; land: (lines: LineWork) => Promise<LandedObject> }[] = [];
    let ndjsonBytes = 0;
    for (const kind of LANDING_KINDS) {
      for await (const info of store.list(`incoming/${kind.name}/`)) {
        if (!NDJSON_KEY.test(info.key))
          ignored.push({ key: info.key, reason: 'not .ndjson, .jsonl or .json (optionally .gz)' });
        else if (done.has(manifestKey(info))) alreadyLanded++;
        else {
          ndjsonBytes += info.size;
          todo.push({
            info,
            land: (lines) => landObject(store, kind as LandingKind<unknown>, info, maxLineBytes, lines),
          });
        }
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

    const threads = ndjsonBytes >= WORKER_THREADS_FROM_BYTES ? (options.workerThreads ?? 0) : 0;
    validators = batchValidators(threads);
    const lines: LineWork = { validators, pool: new BufferPool(BATCH_MEMORY_UNIT, BATCH_MEMORY_KEPT) };

    // Objects are independent (each one's output depends on it alone), so a few are landed
    // at once: one object's I/O overlaps another's parsing.
    let recordsRead = 0;
    let next = 0;
    const lane = async () => {
      while (next < todo.length) {
        const { info, land } = todo[next++] as (typeof todo)[number];
        const result = await land(lines);
        const { raw_parts, quarantine_parts, ...counts } = result;
        await store.put(manifestKey(info), json({ ...counts, run_id: runId, raw_parts, quarantine_parts }));
        landed.push(result);
        recordsRead += result.records_read;
        deps.onProgress?.({ objectsDone: landed.length, objectsTotal: todo.length, recordsRead });
      }
    };
    const lanes = Array.from({ length: Math.min(OBJECTS_IN_FLIGHT, todo.length) }, lane);
    const outcomes = await Promise.allSettled(lanes);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    if (rejected) throw rejected.reason;
    landed.sort((a, b) => a.key.localeCompare(b.key));
  } catch (error) {
    failure = error;
  } finally {
    await validators?.close();
  }

  const record = runRecord(runId, startedAt, clock.now(), landed, ignored, alreadyLanded, failure);
  await store.put(`state/runs/land/${runId}.json`, json(record));
  if (failure) throw failure;
  return record;
}

/** What every NDJSON object shares: where its batches are validated and the memory they reuse. */
interface LineWork {
  readonly validators: BatchValidators;
  readonly pool: BufferPool;
}

async function landObject(
  store: ObjectStore,
  kind: LandingKind<unknown>,
  info: ObjectInfo,
  maxLineBytes: number,
  { validators, pool }: LineWork,
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

  const reject = (line: number, reasons: readonly Reason[], bytes: Uint8Array, truncated = false) => {
    quarantined++;
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return quarantine.add(arrivalDay, JSON.stringify(quarantineRecord(info, line, reasons, text, truncated)));
  };

  // Applied strictly in line order, whichever thread validated what: the output is the same.
  const apply = async (validated: BatchOutput | OverlongLine) => {
    if ('kind' in validated) {
      read++;
      await reject(validated.number, [overlongReason(validated, maxLineBytes)], validated.prefix, true);
      return;
    }
    read += validated.read;
    blank += validated.blank;
    for (const line of validated.rejects) await reject(line.line, line.reasons, line.bytes, line.truncated);
    const { records, ends, days, dayIndexes } = validated;
    const fingerprints = new Uint32Array(
      validated.fingerprints.buffer,
      validated.fingerprints.byteOffset,
      2 * ends.length,
    );
    for (let index = 0; index < ends.length; index++) {
      if (!seen.addPair(fingerprints[2 * index + 1] as number, fingerprints[2 * index] as number)) {
        duplicates++;
        continue;
      }
      valid++;
      const start = index === 0 ? 0 : (ends[index - 1] as number);
      const day = days[dayIndexes[index] as number] as string;
      const flushing = raw.add(day, records.subarray(start, ends[index]));
      if (flushing) await flushing;
    }
    pool.give(records);
    pool.give(validated.batchMemory);
  };

  // Batches are validated a few ahead of the one being written, so reading, validating and
  // writing overlap.
  const ahead: Promise<BatchOutput | OverlongLine>[] = [];
  try {
    const body = await store.get(info.key);
    for await (const item of readLineBatches(body, maxLineBytes, {
      allocate: (bytes) => pool.take(bytes),
    })) {
      if (item.kind === 'overlong') {
        lastLine = item.number;
        ahead.push(Promise.resolve(item));
      } else {
        lastLine = item.firstLine + item.lineCount - 1;
        const validating = validators.validate({
          kind: kind.name,
          key: info.key,
          receivedAt,
          maxLineBytes,
          batch: item,
          // Records are a little longer than their lines: source fields, nulls spelled out.
          recordsMemory: pool.take(item.bytes.length * 1.5 + 4096),
        });
        // Awaited in order below; a failure before then must not surface as an unhandled rejection.
        validating.catch(() => {});
        ahead.push(validating);
      }
      if (ahead.length >= BATCHES_AHEAD)
        await apply(await (ahead.shift() as Promise<BatchOutput | OverlongLine>));
    }
  } catch (readError) {
    if (!isDecodeError(readError)) throw readError;
    // The object's bytes end early or are not gzip: what came before is landed, the
    // unreadable rest is one quarantined record, and the object is not retried forever.
    error = `the object could not be read past line ${lastLine}: ${(readError as Error).message}`;
  }
  for (let next = ahead.shift(); next; next = ahead.shift()) await apply(await next);
  if (error !== null) {
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
