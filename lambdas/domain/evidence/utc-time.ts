/**
 * Timestamps as real billing files write them: `2024-09-18T22:00:00Z`,
 * `2024-09-18 22:00:00` (no zone: FOCUS times are UTC), `2024-09-18T22:00:00.000+02:00`,
 * a bare date. All come out as ISO UTC with milliseconds, like every raw record
 * (`2024-09-18T22:00:00.000Z`). Impossible values (hour 30, 31 February) are rejected,
 * never rolled over into the next day.
 */
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

/** ISO UTC text, or undefined when `text` is not a real timestamp. */
export function utcTimestamp(text: string): string | undefined {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone = 'Z'] = match;
  const parts = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = parts;
  const local = Date.UTC(y, mo - 1, d, h, mi, s, Number(fraction.padEnd(3, '0').slice(0, 3)));
  const check = new Date(local);
  const real =
    check.getUTCFullYear() === y &&
    check.getUTCMonth() === mo - 1 &&
    check.getUTCDate() === d &&
    check.getUTCHours() === h &&
    check.getUTCMinutes() === mi &&
    check.getUTCSeconds() === s;
  if (!real) return undefined;
  return new Date(local - offsetMinutes(zone) * 60_000).toISOString();
}

/** Unix seconds (an integer) as ISO UTC text. */
export function unixSecondsToUtc(seconds: number): string | undefined {
  if (!Number.isSafeInteger(seconds)) return undefined;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The UTC date of an ISO UTC timestamp: `2024-09-18`. */
export function utcDateOf(iso: string): string {
  return iso.slice(0, 10);
}

/** The first day of the UTC month holding an ISO UTC timestamp: `2024-09-01`. */
export function monthStartOf(iso: string): string {
  return `${iso.slice(0, 7)}-01`;
}

/** The first instant of the next UTC month after a `YYYY-MM-DD` date. */
export function nextMonthStart(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return new Date(Date.UTC(year, month, 1)).toISOString();
}

function offsetMinutes(zone: string): number {
  if (/^(Z|UTC)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}
