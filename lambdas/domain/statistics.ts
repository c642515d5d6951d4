/**
 * The few statistics the cohort comparison needs, small enough to check by hand: the
 * Wilson score interval for a proportion, Newcombe's hybrid score interval for the
 * difference of two proportions, a seeded pseudo-random generator and the percentile of
 * a sorted sample. Shares and ratios are doubles; money never passes through here.
 */

/** The standard normal quantile for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  readonly low: number;
  readonly high: number;
}

/**
 * Wilson score interval for `successes` out of `trials`:
 * (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n). Null when there are no trials.
 */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval | null {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials) {
    throw new RangeError(`wilsonInterval needs 0 <= successes <= trials; received ${successes}/${trials}`);
  }
  if (trials === 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { low: Math.max(0, centre - halfWidth), high: Math.min(1, centre + halfWidth) };
}

/**
 * Newcombe's hybrid score interval (method 10) for p_b − p_a, built from the two Wilson
 * intervals. Null when either sample is empty.
 */
export function proportionDifferenceInterval(
  a: { readonly successes: number; readonly trials: number },
  b: { readonly successes: number; readonly trials: number },
  z = Z_95,
): (Interval & { readonly estimate: number }) | null {
  const wa = wilsonInterval(a.successes, a.trials, z);
  const wb = wilsonInterval(b.successes, b.trials, z);
  if (!wa || !wb) return null;
  const pa = a.successes / a.trials;
  const pb = b.successes / b.trials;
  const estimate = pb - pa;
  return {
    estimate,
    low: estimate - Math.sqrt((pb - wb.low) ** 2 + (wa.high - pa) ** 2),
    high: estimate + Math.sqrt((wb.high - pb) ** 2 + (pa - wa.low) ** 2),
  };
}

/**
 * A small seeded generator (mulberry32): the same seed gives the same sequence on every
 * machine, so a bootstrap interval is reproducible. Not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The q-quantile of an ascending sample, interpolating between neighbours (Hyndman-Fan type 7). */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantileOfSorted needs at least one value');
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (position - below);
}

/** The central 95% of a bootstrap sample: its 2.5th and 97.5th percentiles. */
export function percentileInterval(values: readonly number[]): Interval {
  const sorted = [...values].sort((x, y) => x - y);
  return { low: quantileOfSorted(sorted, 0.025), high: quantileOfSorted(sorted, 0.975) };
}
