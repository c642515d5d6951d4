import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  DuckDbQueryEngine,
  duckDbWarehouse,
  WAREHOUSE_FILE,
} from '../../lambdas/adapters/duckdb/duckdb-query-engine.ts';
import { DirectoryObjectStore } from '../../lambdas/adapters/local/directory-object-store.ts';
import { CostAllocationEventSchema } from '../../lambdas/domain/cost-event.ts';
import { BusinessUnitOutcomeEventSchema } from '../../lambdas/domain/outcome-event.ts';
import { toRawCostEvent, toRawOutcome } from '../../lambdas/domain/raw-records.ts';
import { type ComputeOptions, type ComputeRunRecord, runCompute } from '../../lambdas/jobs/compute.ts';
import type { Clock } from '../../lambdas/ports/clock.ts';
import type { RawRow } from '../../lambdas/ports/query-engine.ts';
import type { SqlCatalog } from '../../lambdas/sql/sql-catalog.ts';

/**
 * A lake folder laid out exactly as `land` leaves it (raw NDJSON partitions, land run
 * records, config/), for pipeline tests. Events go through the real input contracts
 * and `toRawCostEvent`, so the fixtures have the shape land writes.
 */
export interface PipelineLake {
  readonly root: string;
  readonly store: DirectoryObjectStore;
  remove(): Promise<void>;
}

export async function createPipelineLake(): Promise<PipelineLake> {
  const root = await mkdtemp(join(tmpdir(), 'aiue-pipeline-'));
  return {
    root,
    store: new DirectoryObjectStore(root),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

export type CostEventInput = Record<string, unknown>;

/** A valid cost event: production support-bot traffic on a fictional model; override any field. */
export function costEvent(
  overrides: CostEventInput & { request_id: string; timestamp_utc: string },
): CostEventInput {
  return {
    event_type: 'ai_api_cost_allocation',
    event_version: '2026-05-11',
    environment: 'production',
    application: 'support-bot',
    workflow: 'answer',
    tenant_id: 'tenant-a',
    provider: 'openai',
    model_or_deployment: 'gpt-test',
    usage: { input_tokens: 1000, output_tokens: 100 },
    ...overrides,
  };
}

export function outcomeEvent(
  overrides: Record<string, unknown> & { unit_id: string; outcome: string; outcome_at: string },
): Record<string, unknown> {
  return {
    event_type: 'business_unit_outcome',
    unit_type: 'support_case',
    application: 'support-bot',
    tenant_id: 'tenant-a',
    workflow: 'answer',
    ...overrides,
  };
}

export interface Landing {
  readonly runId: string;
  /** When the incoming object arrived: orders copies of one request (the later wins). */
  readonly receivedAt: string;
  readonly sourceId?: string;
}

/** Writes events as one land run would: raw partitions by UTC day plus the run record. */
export async function landCostEvents(
  lake: PipelineLake,
  events: readonly CostEventInput[],
  landing: Landing,
) {
  const records = events.map((input, index) =>
    toRawCostEvent(CostAllocationEventSchema.parse(input), {
      key: `incoming/events/${landing.runId}.ndjson`,
      line: index + 1,
      receivedAt: landing.receivedAt,
    }),
  );
  return writeRaw(lake, 'events', records, (record) => record.timestamp_utc.slice(0, 10), landing);
}

export async function landOutcomes(
  lake: PipelineLake,
  events: readonly Record<string, unknown>[],
  landing: Landing,
) {
  const records = events.map((input, index) =>
    toRawOutcome(BusinessUnitOutcomeEventSchema.parse(input), {
      key: `incoming/outcomes/${landing.runId}.ndjson`,
      line: index + 1,
      receivedAt: landing.receivedAt,
    }),
  );
  return writeRaw(lake, 'outcomes', records, (record) => record.outcome_at.slice(0, 10), landing);
}

async function writeRaw<T>(
  lake: PipelineLake,
  kind: 'events' | 'outcomes',
  records: readonly T[],
  dayOf: (record: T) => string,
  landing: Landing,
): Promise<void> {
  const byDay = new Map<string, T[]>();
  for (const record of records) byDay.set(dayOf(record), [...(byDay.get(dayOf(record)) ?? []), record]);
  const sourceId = landing.sourceId ?? landing.runId;
  for (const [dt, dayRecords] of byDay) {
    const body = dayRecords.map((record) => JSON.stringify(record)).join('\n');
    await lake.store.put(`raw/${kind}/dt=${dt}/${sourceId}-00001.ndjson`, `${body}\n`);
  }
  const record = {
    job: 'land',
    run_id: landing.runId,
    status: 'succeeded',
    started_at: landing.receivedAt,
    finished_at: landing.receivedAt,
    partitions_written: [...byDay.keys()].map((dt) => ({ kind, dt })),
  };
  await lake.store.put(`state/runs/land/${landing.runId}-${kind}.json`, JSON.stringify(record));
}

export const PRICE_HEADER =
  'provider,model_or_deployment,billing_category,token_type,unit_tokens,price,currency,effective_from,effective_to,pricing_source,contract_ref';

export async function writePricing(
  lake: PipelineLake,
  rows: readonly string[],
  file = 'prices.csv',
): Promise<void> {
  await lake.store.put(`config/pricing/${file}`, `${[PRICE_HEADER, ...rows].join('\n')}\n`);
}

export async function writeSettings(lake: PipelineLake, settings: unknown): Promise<void> {
  await lake.store.put('config/settings.json', JSON.stringify(settings));
}

/** A clock that moves one second per reading, so successive runs get later run ids. */
export function steppingClock(start: string): Clock {
  let now = new Date(start).getTime();
  return {
    now: () => {
      now += 1000;
      return new Date(now);
    },
  };
}

export interface ComputedLake {
  readonly engine: DuckDbQueryEngine;
  readonly record: ComputeRunRecord;
}

/** Opens the lake's warehouse, runs compute, and leaves the engine open for assertions. */
export async function computeLake(
  lake: PipelineLake,
  options: ComputeOptions,
  extra: { clock?: Clock; catalog?: SqlCatalog } = {},
): Promise<ComputedLake> {
  const engine = await DuckDbQueryEngine.open({ databasePath: join(lake.root, WAREHOUSE_FILE) });
  try {
    const record = await runCompute(
      {
        store: lake.store,
        engine,
        clock: extra.clock ?? steppingClock('2030-01-01T00:00:00.000Z'),
        warehouse: duckDbWarehouse(lake.root),
        ...(extra.catalog ? { catalog: extra.catalog } : {}),
      },
      options,
    );
    return { engine, record };
  } catch (error) {
    await engine.close();
    throw error;
  }
}

const AnyRow = z.record(z.string(), z.string().nullable()) as z.ZodType<RawRow, RawRow>;

/** Rows of a query as raw strings, for tests that compare against hand-worked values. */
export async function selectRows(engine: DuckDbQueryEngine, sql: string, params: readonly string[] = []) {
  const { rows } = await engine.query(sql, params, AnyRow);
  return rows;
}
