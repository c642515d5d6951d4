import type { ObjectStore } from '../../ports/object-store.ts';

/** One file written: `<prefix>dt=<date>/<sourceId>-<part>.ndjson`. */
export interface WrittenPart {
  readonly key: string;
  readonly dt: string;
  readonly records: number;
}

const PART_CHARS = 8 << 20;
const BUFFERED_CHARS = 48 << 20;

/**
 * Buffers NDJSON lines per `dt=` partition and writes them as numbered part files.
 * Keys and contents depend only on the input, so writing the same source again (after
 * a crash, or concurrently) overwrites each part with identical bytes. Memory is
 * bounded: a partition is flushed at 8 MiB, and the largest one whenever all buffers
 * together pass 48 MiB.
 */
export class PartitionWriter {
  private readonly buffers = new Map<string, { lines: string[]; chars: number; parts: number }>();
  private readonly written: WrittenPart[] = [];
  private bufferedChars = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly prefix: string,
    private readonly sourceId: string,
  ) {}

  async add(dt: string, line: string): Promise<void> {
    let buffer = this.buffers.get(dt);
    if (!buffer) {
      buffer = { lines: [], chars: 0, parts: 0 };
      this.buffers.set(dt, buffer);
    }
    buffer.lines.push(line);
    buffer.chars += line.length + 1;
    this.bufferedChars += line.length + 1;
    if (buffer.chars >= PART_CHARS) await this.flush(dt);
    else if (this.bufferedChars >= BUFFERED_CHARS) await this.flush(this.largestPartition());
  }

  /** Writes what is still buffered and returns every part written, in write order. */
  async finish(): Promise<WrittenPart[]> {
    for (const dt of [...this.buffers.keys()].sort()) await this.flush(dt);
    return this.written;
  }

  private async flush(dt: string): Promise<void> {
    const buffer = this.buffers.get(dt);
    if (!buffer || buffer.lines.length === 0) return;
    const key = `${this.prefix}dt=${dt}/${this.sourceId}-${String(buffer.parts).padStart(5, '0')}.ndjson`;
    const body = `${buffer.lines.join('\n')}\n`;
    const records = buffer.lines.length;
    this.bufferedChars -= buffer.chars;
    buffer.lines = [];
    buffer.chars = 0;
    buffer.parts++;
    await this.store.put(key, body, { contentType: 'application/x-ndjson' });
    this.written.push({ key, dt, records });
  }

  private largestPartition(): string {
    let largest = '';
    let chars = -1;
    for (const [dt, buffer] of this.buffers) {
      if (buffer.chars > chars) [largest, chars] = [dt, buffer.chars];
    }
    return largest;
  }
}
