import { describe, expect, it } from 'vitest';
import { isoWeekDays, isoWeekOf, lastCompleteWeek } from '../../../../lambdas/domain/alerts/periods.ts';

describe('Domain: alert periods', () => {
  it('labels days by ISO week and ISO year, like the finance views', () => {
    // 2026-01-01 is a Thursday: its week (Mon 2025-12-29 .. Sun 2026-01-04) is 2026-W01.
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
    expect(isoWeekOf('2026-01-04')).toBe('2026-W01');
    expect(isoWeekOf('2026-01-05')).toBe('2026-W02');
    // 2021-01-01 is a Friday: it belongs to the last week of 2020, which has 53 weeks.
    expect(isoWeekOf('2021-01-01')).toBe('2020-W53');
    // Sunday 23:59:59 and Monday 00:00:00 of 2026-W19 / W20 fall on either side.
    expect(isoWeekOf('2026-05-10')).toBe('2026-W19');
    expect(isoWeekOf('2026-05-11')).toBe('2026-W20');
  });

  it('gives the Monday and Sunday of a week label', () => {
    expect(isoWeekDays('2026-W01')).toEqual({ from: '2025-12-29', to: '2026-01-04' });
    expect(isoWeekDays('2026-W20')).toEqual({ from: '2026-05-11', to: '2026-05-17' });
    expect(isoWeekDays('2026-W22')).toEqual({ from: '2026-05-25', to: '2026-05-31' });
    expect(isoWeekDays('2020-W53')).toEqual({ from: '2020-12-28', to: '2021-01-03' });
  });

  it('finds the last complete week before an instant, even on the first minute of a Monday', () => {
    expect(lastCompleteWeek(new Date('2026-05-19T12:00:00Z'))).toBe('2026-W20');
    expect(lastCompleteWeek(new Date('2026-05-18T00:00:00Z'))).toBe('2026-W20');
    expect(lastCompleteWeek(new Date('2026-05-17T23:59:59Z'))).toBe('2026-W19');
  });

  it('throws on a label that is not an ISO week', () => {
    expect(() => isoWeekDays('2026-20')).toThrow(RangeError);
  });
});
