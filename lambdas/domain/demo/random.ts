/**
 * A small seeded pseudo-random generator (mulberry32) so the demo lake is the same
 * bytes for the same seed. `fork` gives each part of the generator its own stream, so a
 * change in how one part draws numbers does not reshuffle the others.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  fork(label: string): Random {
    return new Random(hashText(`${this.state}:${label}`));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** A whole number in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('cannot pick from an empty list');
    return item;
  }

  /** One of the keys, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Partial<Record<K, number>>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const chosen = entries[this.index(entries.map(([, weight]) => weight))];
    if (!chosen) throw new RangeError('cannot pick from no weights');
    return chosen[0];
  }

  /** An index into `weights`, with probability proportional to its weight. */
  index(weights: readonly number[]): number {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let point = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      point -= weights[i] ?? 0;
      if (point < 0) return i;
    }
    return weights.length - 1;
  }

  /** `value` rounded down or up at random, so the expected result is `value`. */
  round(value: number): number {
    const whole = Math.floor(value);
    return whole + (this.chance(value - whole) ? 1 : 0);
  }

  /** A positive whole number around `mean`, log-normally spread (token counts look like this). */
  around(mean: number, spread = 0.35): number {
    const u = Math.max(this.next(), 1e-9);
    const v = this.next();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(1, Math.round(mean * Math.exp(spread * normal - (spread * spread) / 2)));
  }

  hex(length: number): string {
    let text = '';
    while (text.length < length)
      text += Math.floor(this.next() * 0x10000)
        .toString(16)
        .padStart(4, '0');
    return text.slice(0, length);
  }
}

/** FNV-1a: a stable 32-bit number for a text (seeds for forks, SKU-like codes). */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
