import { describe, expect, it } from 'vitest';
import { addDays, dayRanges } from '../../../lambdas/jobs/compute-partitions.ts';

describe('Job: compute partitions', () => {
  it('groups consecutive days into ranges, across month and year ends', () => {
    expect(
      dayRanges([
        '2026-01-02',
        '2025-12-31',
        '2026-01-01',
        '2026-01-05',
        '2026-01-05',
        '2026-02-28',
        '2026-03-01',
      ]),
    ).toEqual([
      { from: '2025-12-31', to: '2026-01-02' },
      { from: '2026-01-05', to: '2026-01-05' },
      { from: '2026-02-28', to: '2026-03-01' },
    ]);
    expect(dayRanges([])).toEqual([]);
  });

  it('adds days in UTC', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });
});
