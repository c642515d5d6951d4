import type { ObjectStore } from '../../ports/object-store.ts';
import { BufferPool } from './buffer-pool.ts';

/** One file written: `<prefix>dt=<date>/<sourceId>-<part>.ndjson`. */
export interface WrittenPart {
  readonly key: string;
  readonly dt: string;
  readonly records: number;
}

const PART_BYTES = 8 << 20;
const BUFFERED_BYTES = 16 << 20;
const CHUNK_BYTES = 64 << 10;
/** Parts being written while the next lines are parsed: disk or network time overlaps CPU time. */
const WRITES_IN_FLIGHT = 2;
/** Chunks of written parts, reused by every writer of this process. */
const CHUNKS = new BufferPool(CHUNK_BYTES, (BUFFERED_BYTES + WRITES_IN_FLIGHT * PART_BYTES) / CHUNK_BYTES);

interface PartitionBuffer {
  chunks: Buffer[];
  /** Bytes used in the last chunk. */
  used: number;
  bytes: number;
  records: number;
  parts: number;
}

/**
 * Buffers NDJSON lines per `dt=` partition and writes them as numbered part files.
 * Keys and contents depend only on the input, so writing the same source again (after
 * a crash, or concurrently) overwrites each part with identical bytes. Lines are
 * copied into off-heap chunks at once, so strings die young and cost the garbage
 * collector little; a part is written from its chunks as they are, and the chunks are
 * reused once it is. Memory is bounded: a partition is flushed at 8 MiB, and the
 * largest one whenever all buffers together pass 24 MiB, with at most two parts being
 * written at once.
 */
export class PartitionWriter {
  private readonly buffers = new Map<string, PartitionBuffer>();
  private readonly written: WrittenPart[] = [];
  private bufferedBytes = 0;
  private readonly writing: Promise<void>[] = [];

  constructor(
    private readonly store: ObjectStore,
    private readonly prefix: string,
    private readonly sourceId: string,
  ) {}

  /**
   * Buffers the line (text, or UTF-8 bytes ending in LF); returns a promise only when the
   * caller must wait for a write (await it then).
   */
  add(dt: string, line: string | Uint8Array): Promise<void> | undefined {
    let buffer = this.buffers.get(dt);
    if (!buffer) {
      buffer = { chunks: [], used: 0, bytes: 0, records: 0, parts: 0 };
      this.buffers.set(dt, buffer);
    }
    const length = typeof line === 'string' ? Buffer.byteLength(line) + 1 : line.length;
    const last = buffer.chunks.length - 1;
    if (buffer.used + length > (buffer.chunks[last]?.length ?? 0)) {
      // Seal the full chunk at what it holds, then start a new one.
      if (last >= 0) buffer.chunks[last] = (buffer.chunks[last] as Buffer).subarray(0, buffer.used);
      buffer.chunks.push(CHUNKS.take(length));
      buffer.used = 0;
    }
    const chunk = buffer.chunks[buffer.chunks.length - 1] as Buffer;
    if (typeof line === 'string') {
      buffer.used += chunk.write(line, buffer.used);
      chunk[buffer.used++] = 0x0a;
    } else {
      chunk.set(line, buffer.used);
      buffer.used += line.length;
    }
    buffer.bytes += length;
    buffer.records++;
    this.bufferedBytes += length;
    if (buffer.bytes >= PART_BYTES) return this.flush(dt);
    if (this.bufferedBytes >= BUFFERED_BYTES) return this.flush(this.largestPartition());
    return undefined;
  }

  /** Writes what is still buffered and returns every part written, in key order. */
  async finish(): Promise<WrittenPart[]> {
    for (const dt of [...this.buffers.keys()].sort()) await this.flush(dt);
    await Promise.all(this.writing.splice(0));
    return [...this.written].sort((a, b) => a.key.localeCompare(b.key));
  }

  /** Starts writing the partition's buffer as its next part; waits only when too many writes are open. */
  private async flush(dt: string): Promise<void> {
    const buffer = this.buffers.get(dt);
    if (!buffer || buffer.records === 0) return;
    if (this.writing.length >= WRITES_IN_FLIGHT) await this.writing.shift();
    const key = `${this.prefix}dt=${dt}/${this.sourceId}-${String(buffer.parts).padStart(5, '0')}.ndjson`;
    const last = buffer.chunks.length - 1;
    const body = buffer.chunks.map((chunk, index) =>
      index === last ? chunk.subarray(0, buffer.used) : chunk,
    );
    const records = buffer.records;
    this.bufferedBytes -= buffer.bytes;
    Object.assign(buffer, { chunks: [], used: 0, bytes: 0, records: 0, parts: buffer.parts + 1 });
    const write = this.store.put(key, body, { contentType: 'application/x-ndjson' }).then(() => {
      for (const chunk of body) CHUNKS.give(chunk);
    });
    this.writing.push(write);
    // A failed write rejects when it is awaited (here or in finish), never as an unhandled rejection.
    write.catch(() => {});
    this.written.push({ key, dt, records });
  }

  private largestPartition(): string {
    let largest = '';
    let bytes = -1;
    for (const [dt, buffer] of this.buffers) {
      if (buffer.bytes > bytes) [largest, bytes] = [dt, buffer.bytes];
    }
    return largest;
  }
}
