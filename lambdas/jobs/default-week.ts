import { z } from 'zod';
import { addDays, isoWeekOf } from '../domain/alerts/periods.ts';
import { headlineWeek } from '../domain/report/report-input.ts';
import type { SqlRunner } from '../sql/sql-runner.ts';

const PublishedRange = z.object({ first_day: z.string().nullable(), last_day: z.string().nullable() });

/**
 * The ISO week the dashboard and the outliers show when none is asked for: the week the
 * report leads with and the alerts judge, the latest one whose Sunday is published (a
 * week in progress would compare two days with seven), or before one exists the latest
 * week there is. Null when nothing is published.
 */
export async function defaultWeek(runner: SqlRunner): Promise<string | null> {
  const [published] = await runner.query('published_days_range', {}, PublishedRange);
  const first = published?.first_day ?? null;
  const last = published?.last_day ?? null;
  if (first === null || last === null) return null;
  const weeks = [isoWeekOf(last)];
  for (let day = first; day < last; day = addDays(day, 7)) weeks.push(isoWeekOf(day));
  return headlineWeek(weeks, last);
}
