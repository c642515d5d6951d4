import { describe, expect, it } from 'vitest';
import {
  percentileInterval,
  proportionDifferenceInterval,
  quantileOfSorted,
  seededRandom,
  wilsonInterval,
} from '../../../lambdas/domain/statistics.ts';

describe('Statistics: wilsonInterval', () => {
  it('gives [0.4902, 0.9433] for 8 successes out of 10', () => {
    // By hand, z = 1.95996, z² = 3.84146: centre = (0.8 + 0.19207) / 1.38415 = 0.71674;
    // half width = 1.95996 x sqrt(0.016 + 0.0096036) / 1.38415 = 0.22658.
    const interval = wilsonInterval(8, 10);

    expect(interval?.low).toBeCloseTo(0.4902, 4);
    expect(interval?.high).toBeCloseTo(0.9433, 4);
  });

  it('starts at exactly 0 when nothing succeeded', () => {
    // p = 0: centre = half width = (z²/20) / (1 + z²/10) = 0.19207 / 1.38415 = 0.13877.
    const interval = wilsonInterval(0, 10);

    expect(interval?.low).toBe(0);
    expect(interval?.high).toBeCloseTo(0.2775, 4);
  });

  it('gives no interval when there are no trials', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('throws when successes exceed trials', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
  });
});

describe('Statistics: proportionDifferenceInterval', () => {
  it("matches Newcombe's (1998) published hybrid score interval for 56/70 minus 48/80", () => {
    // Newcombe, Statistics in Medicine 17:873-890, table II, method 10: 0.0524 to 0.3339.
    const difference = proportionDifferenceInterval(
      { successes: 48, trials: 80 },
      { successes: 56, trials: 70 },
    );

    expect(difference?.estimate).toBeCloseTo(0.2, 10);
    expect(difference?.low).toBeCloseTo(0.0524, 4);
    expect(difference?.high).toBeCloseTo(0.3339, 4);
  });
});

describe('Statistics: seededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const first = seededRandom(7);
    const again = seededRandom(7);
    const other = seededRandom(8);
    const take = (next: () => number) => Array.from({ length: 5 }, next);

    const a = take(first);

    expect(take(again)).toEqual(a);
    expect(take(other)).not.toEqual(a);
    expect(a.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('spreads draws evenly over [0, 1)', () => {
    // 20,000 uniform draws: each tenth holds 2,000 ± 3 x sqrt(2000 x 0.9) ≈ ±127.
    const next = seededRandom(42);
    const bins = new Array(10).fill(0);
    for (let i = 0; i < 20_000; i++) bins[Math.floor(next() * 10)] += 1;

    for (const count of bins) expect(Math.abs(count - 2000)).toBeLessThan(130);
  });
});

describe('Statistics: quantiles', () => {
  it('interpolates between neighbours (type 7)', () => {
    // positions 0..4; q = 0.25 -> position 1 (20); q = 0.1 -> position 0.4: 10 + 0.4 x 10 = 14
    expect(quantileOfSorted([10, 20, 30, 40, 50], 0.25)).toBe(20);
    expect(quantileOfSorted([10, 20, 30, 40, 50], 0.1)).toBeCloseTo(14, 10);
  });

  it('takes the 2.5th and 97.5th percentiles of an unsorted sample', () => {
    // 0..40 shuffled: position 40 x 0.025 = 1 -> 1; 40 x 0.975 = 39 -> 39.
    const values = Array.from({ length: 41 }, (_, i) => (i * 17) % 41);

    expect(percentileInterval(values)).toEqual({ low: 1, high: 39 });
  });
});
