/**
 * Reuses large buffers instead of allocating fresh ones. Landing a 1 GB file streams
 * several gigabytes through batch, record and part buffers; fresh memory costs a page
 * fault per 4 KiB on first touch (1-6 µs each here, more than the copying itself), and
 * reused memory costs none. Buffers come back with `give`, possibly from another thread
 * (their memory transferred back). At most `keep` buffers wait here, so idle memory is
 * bounded.
 */
export class BufferPool {
  private readonly free: ArrayBuffer[] = [];

  constructor(
    private readonly unitBytes: number,
    private readonly keep: number,
  ) {}

  /** A buffer of at least `bytes` (a whole number of units), not from Buffer's shared pool, so it can be transferred. */
  take(bytes: number): Buffer {
    const index = this.free.findIndex((buffer) => buffer.byteLength >= bytes);
    if (index >= 0) {
      const [found] = this.free.splice(index, 1);
      return Buffer.from(found as ArrayBuffer);
    }
    return Buffer.allocUnsafeSlow(Math.ceil(bytes / this.unitBytes) * this.unitBytes);
  }

  /** Hands the whole memory behind `view` back; the caller must not use any view of it again. */
  give(view: Uint8Array): void {
    const memory = view.buffer;
    // A Buffer from the shared pool or an already transferred one is not ours to reuse.
    if (!(memory instanceof ArrayBuffer) || memory.byteLength < this.unitBytes) return;
    if (this.free.length < this.keep) this.free.push(memory);
  }
}
