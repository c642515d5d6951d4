/**
 * A set of 64-bit fingerprints in two typed arrays (open addressing, linear probing):
 * 11-21 bytes a record where a Set of strings would take ~100, so deduplicating the lines
 * of a 1 GB file stays well inside a Lambda's memory.
 */
export class FingerprintSet {
  private high = new Uint32Array(1 << 16);
  private low = new Uint32Array(1 << 16);
  private count = 0;

  /** Adds the fingerprint (8 bytes from `digest` at 0); false when it was already there. */
  add(digest: Buffer): boolean {
    return this.addPair(digest.readUInt32LE(0), digest.readUInt32LE(4));
  }

  /** Adds the fingerprint given as two 32-bit halves; false when it was already there. */
  addPair(high: number, low: number): boolean {
    // 0/0 marks an empty slot.
    if (!this.insert(high, low || 1)) return false;
    this.count++;
    // Three quarters full at most: linear probing stays short, and memory is 11-21 bytes a record.
    if (this.count * 4 > this.high.length * 3) this.grow();
    return true;
  }

  get size(): number {
    return this.count;
  }

  private insert(high: number, low: number): boolean {
    const mask = this.high.length - 1;
    for (let slot = (low ^ high) & mask; ; slot = (slot + 1) & mask) {
      if (this.low[slot] === 0) {
        this.high[slot] = high;
        this.low[slot] = low;
        return true;
      }
      if (this.high[slot] === high && this.low[slot] === low) return false;
    }
  }

  private grow(): void {
    const { high, low } = this;
    this.high = new Uint32Array(high.length * 2);
    this.low = new Uint32Array(low.length * 2);
    for (let slot = 0; slot < high.length; slot++) {
      if (low[slot] !== 0) this.insert(high[slot] as number, low[slot] as number);
    }
  }
}
