import { describe, expect, it } from 'vitest';
import {
  monthStartOf,
  nextMonthStart,
  unixSecondsToUtc,
  utcTimestamp,
} from '../../../../lambdas/domain/evidence/utc-time.ts';

describe('Codec: billing timestamps', () => {
  it.each([
    ['2024-09-18 22:00:00', '2024-09-18T22:00:00.000Z'],
    ['2024-09-18T22:00:00Z', '2024-09-18T22:00:00.000Z'],
    ['2024-09-18T22:00:00', '2024-09-18T22:00:00.000Z'],
    ['2024-09-18T23:59:59.999Z', '2024-09-18T23:59:59.999Z'],
    ['2026-05-01T02:00:00+02:00', '2026-05-01T00:00:00.000Z'],
    ['2026-04-30T23:00:00-0100', '2026-05-01T00:00:00.000Z'],
    ['2026-05-01', '2026-05-01T00:00:00.000Z'],
    ['2026-05-01 00:00:00 UTC', '2026-05-01T00:00:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(utcTimestamp(text)).toBe(iso);
  });

  it.each(['2023-02-01T30:00:00Z', '2026-02-30', '2026-13-01', '2026-05-01T12:60:00Z', 'yesterday', ''])(
    'rejects %j instead of rolling it over',
    (text) => {
      expect(utcTimestamp(text)).toBeUndefined();
    },
  );

  it('turns unix seconds, months and month ends into UTC', () => {
    // 1780185600 = 20,604 days × 86,400 s after 1970-01-01 = 2026-05-31.
    expect(unixSecondsToUtc(1780185600)).toBe('2026-05-31T00:00:00.000Z');
    expect(unixSecondsToUtc(1.5)).toBeUndefined();
    expect(monthStartOf('2026-05-31T23:59:59.000Z')).toBe('2026-05-01');
    expect(nextMonthStart('2026-12-01')).toBe('2027-01-01T00:00:00.000Z');
  });
});
