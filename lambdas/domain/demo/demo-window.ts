import { InvalidInputError } from '../errors.ts';

/** The span of days the demo lake covers, in UTC milliseconds. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export interface DemoWindow {
  /** Midnight (UTC) of the first day of traffic. */
  readonly startMs: number;
  /** Midnight after the last day of traffic: no file arrives and nothing happens later. */
  readonly endMs: number;
  /** Every day of traffic, YYYY-MM-DD. */
  readonly days: readonly string[];
}

/** One calendar month the traffic touches: the billing period of every source. */
export interface BillingMonth {
  /** YYYY-MM */
  readonly period: string;
  readonly startMs: number;
  /** The first instant of the next month. */
  readonly endMs: number;
  /** The part of the month inside the window (the usage a bill for it can hold). */
  readonly usageStartMs: number;
  readonly usageEndMs: number;
  /** The month has ended by the end of the window. */
  readonly closed: boolean;
}

const DAY_TEXT = /^\d{4}-\d{2}-\d{2}$/;

export function demoWindow(endDate: string, days: number): DemoWindow {
  const lastDayMs = Date.parse(`${endDate}T00:00:00Z`);
  if (!DAY_TEXT.test(endDate) || Number.isNaN(lastDayMs) || dayOf(lastDayMs) !== endDate) {
    throw new InvalidInputError(`the demo end date must be a real date as YYYY-MM-DD; received "${endDate}"`);
  }
  if (!Number.isInteger(days) || days < 1 || days > 400) {
    throw new InvalidInputError(`the demo needs between 1 and 400 days; received ${days}`);
  }
  const startMs = lastDayMs - (days - 1) * DAY_MS;
  return {
    startMs,
    endMs: lastDayMs + DAY_MS,
    days: Array.from({ length: days }, (_, i) => dayOf(startMs + i * DAY_MS)),
  };
}

export function billingMonths(window: DemoWindow): BillingMonth[] {
  const months: BillingMonth[] = [];
  let startMs = monthStart(window.startMs);
  while (startMs < window.endMs) {
    const date = new Date(startMs);
    const endMs = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    months.push({
      period: dayOf(startMs).slice(0, 7),
      startMs,
      endMs,
      usageStartMs: Math.max(startMs, window.startMs),
      usageEndMs: Math.min(endMs, window.endMs),
      closed: endMs <= window.endMs,
    });
    startMs = endMs;
  }
  return months;
}

export function monthStart(ms: number): number {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** YYYY-MM-DD of an instant (UTC). */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** ISO 8601 with milliseconds and Z, as the applications write their timestamps. */
export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

/** ISO 8601 without milliseconds (`2026-05-01T00:00:00Z`), as FOCUS writes its periods. */
export function isoSecondsOf(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
