import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../../lambdas/jobs/land-billing/paged-api.ts';

describe('Job helper: retryDelayMs', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');

  it('doubles from one second when the server sends no Retry-After', () => {
    // Act / Assess: 1 s × 2^(attempt − 1).
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, null, now))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('waits the Retry-After seconds when the header is a number', () => {
    // Act / Assess: 7 s = 7000 ms.
    expect(retryDelayMs(1, '7', now)).toBe(7000);
    expect(retryDelayMs(3, '0', now)).toBe(0);
  });

  it('waits until the Retry-After date when the header is an HTTP date', () => {
    // Act / Assess: 12:00:30 GMT is 30 s after now.
    expect(retryDelayMs(1, 'Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
    // A date already past means "now".
    expect(retryDelayMs(1, 'Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('caps every wait at one minute when the server or the backoff asks for more', () => {
    // Act / Assess: 3600 s asked, 60 s waited.
    expect(retryDelayMs(1, '3600', now)).toBe(60_000);
    // 1 s × 2^9 = 512 s, over the cap.
    expect(retryDelayMs(10, null, now)).toBe(60_000);
  });

  it('falls back to the backoff when the Retry-After header is not usable', () => {
    // Act / Assess: attempt 2 without a usable header waits 2 s.
    expect(retryDelayMs(2, 'soon', now)).toBe(2000);
  });
});
