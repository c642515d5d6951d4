/**
 * The calendar periods alerts are about. ISO weeks are labelled like the finance views
 * (`2026-W01` holds 2025-12-29); days are `YYYY-MM-DD` in UTC.
 */
const DAY_MS = 86_400_000;

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The ISO week label of a UTC day. */
export function isoWeekOf(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a day: "${day}"`);
  const mondayBased = (date.getUTCDay() + 6) % 7;
  // The Thursday of the same ISO week decides the ISO year.
  const thursday = new Date(date.getTime() + (3 - mondayBased) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday and Sunday of an ISO week label. */
export function isoWeekDays(week: string): { readonly from: string; readonly to: string } {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) throw new RangeError(`not an ISO week label: "${week}"`);
  const year = Number(match[1]);
  const number = Number(match[2]);
  const january4 = Date.UTC(year, 0, 4);
  const firstMonday = january4 - ((new Date(january4).getUTCDay() + 6) % 7) * DAY_MS;
  const monday = new Date(firstMonday + (number - 1) * 7 * DAY_MS).toISOString().slice(0, 10);
  return { from: monday, to: addDays(monday, 6) };
}

/** The last ISO week that ended before the UTC day of `instant`. */
export function lastCompleteWeek(instant: Date): string {
  return isoWeekOf(addDays(instant.toISOString().slice(0, 10), -7));
}
