import { z } from 'zod';
import { InvalidInputError } from '../../domain/errors.ts';

/** A range of whole UTC days, `to` exclusive, as the vendor reports' daily buckets use. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
  readonly start: Date;
  readonly end: Date;
}

const Day = z.iso.date();

export function parseDayRange(from: string, to: string): DayRange {
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!Day.safeParse(value).success) {
      throw new InvalidInputError(`--${name} must be a date as YYYY-MM-DD; received "${value}"`);
    }
  }
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  if (end <= start) {
    throw new InvalidInputError(
      `--to (${to}) must be after --from (${from}); the range excludes its end day`,
    );
  }
  return { from, to, start, end };
}

export const unixSeconds = (date: Date): string => String(date.getTime() / 1000);
/** RFC 3339 without milliseconds, as the Anthropic docs write it: 2026-01-01T00:00:00Z. */
export const rfc3339 = (date: Date): string => date.toISOString().replace('.000Z', 'Z');
