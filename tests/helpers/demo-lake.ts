import { parse } from 'csv-parse/sync';
import { type CostAllocationEvent, CostAllocationEventSchema } from '../../lambdas/domain/cost-event.ts';
import type { DemoFile } from '../../lambdas/domain/demo/generate-demo-lake.ts';
import { decimalToPico } from '../../lambdas/domain/money.ts';
import {
  type BusinessUnitOutcomeEvent,
  BusinessUnitOutcomeEventSchema,
} from '../../lambdas/domain/outcome-event.ts';
import { type PriceRow, PriceRowSchema } from '../../lambdas/domain/price-book.ts';

/**
 * Reads a generated demo lake the way a reader of the bucket would, independently of
 * the generator's own code: NDJSON lines through the zod contracts, CSV through
 * csv-parse, costs from the price table rows (DESIGN §7.1).
 */
export function textOf(file: DemoFile): string {
  return typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
}

export function fileAt(files: readonly DemoFile[], key: string): DemoFile {
  const file = files.find((candidate) => candidate.key === key);
  if (!file) throw new Error(`no file ${key}`);
  return file;
}

export function linesOf(file: DemoFile): string[] {
  return textOf(file).split('\n').filter(Boolean);
}

export function csvRows(file: DemoFile): Record<string, string>[] {
  return parse(textOf(file), { columns: true, skip_empty_lines: true });
}

export interface LocatedEvent<T> {
  readonly key: string;
  readonly receivedAt: Date;
  readonly event: T;
}

/** Every line that passes its contract, exact duplicates included. */
export function validEvents(files: readonly DemoFile[]): LocatedEvent<CostAllocationEvent>[] {
  return validLines(files, 'incoming/events/', (value) => CostAllocationEventSchema.safeParse(value));
}

export function validOutcomes(files: readonly DemoFile[]): LocatedEvent<BusinessUnitOutcomeEvent>[] {
  return validLines(files, 'incoming/outcomes/', (value) => BusinessUnitOutcomeEventSchema.safeParse(value));
}

function validLines<T>(
  files: readonly DemoFile[],
  prefix: string,
  parseLine: (value: unknown) => { success: boolean; data?: T },
): LocatedEvent<T>[] {
  const valid: LocatedEvent<T>[] = [];
  for (const file of files.filter((candidate) => candidate.key.startsWith(prefix))) {
    for (const line of linesOf(file)) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue;
      }
      const result = parseLine(value);
      if (result.success) valid.push({ key: file.key, receivedAt: file.receivedAt, event: result.data as T });
    }
  }
  return valid;
}

/** One event per request id. */
export function uniqueRequests(events: readonly LocatedEvent<CostAllocationEvent>[]): CostAllocationEvent[] {
  return [...new Map(events.map(({ event }) => [event.request_id, event])).values()];
}

export function priceRows(files: readonly DemoFile[]): PriceRow[] {
  return csvRows(fileAt(files, 'config/pricing/prices.csv')).map((row) => PriceRowSchema.parse(row));
}

/**
 * A request's cost in pico-USD, or null when a token type it uses has no price row at
 * its instant (unpriced). Input counts cached and cache-write tokens; with no reasoning
 * rows, reasoning is billed as output.
 */
export function requestCostPico(event: CostAllocationEvent, rows: readonly PriceRow[]): bigint | null {
  const usage = event.usage;
  const cached = usage.cached_input_tokens ?? 0;
  const cacheWrite = usage.cache_write_tokens ?? 0;
  const parts = {
    input: usage.input_tokens - cached - cacheWrite,
    cached_input: cached,
    cache_write: cacheWrite,
    output: usage.output_tokens,
  };
  let total = 0n;
  for (const [tokenType, tokens] of Object.entries(parts)) {
    if (tokens === 0) continue;
    const row = rows.find(
      (candidate) =>
        candidate.provider === event.provider &&
        candidate.model_or_deployment === event.model_or_deployment &&
        candidate.billing_category === event.billing_category &&
        candidate.token_type === tokenType &&
        candidate.effective_from <= event.timestamp_utc &&
        (candidate.effective_to === null || event.timestamp_utc < candidate.effective_to),
    );
    if (!row) return null;
    total += (BigInt(tokens) * decimalToPico(row.price)) / BigInt(row.unit_tokens);
  }
  return total;
}
