import { createGunzip } from 'node:zlib';

/**
 * Splits an object's bytes into lines without holding more than one batch and one line
 * (bounded by `maxLineBytes`) in memory: a 1 GB file streams through in fixed memory.
 * Gzip is detected by its magic bytes, not the key. A UTF-8 BOM at the start and a CR
 * before each LF are dropped. A line longer than the limit is not buffered: its length
 * and first bytes are reported so it can be quarantined with a reason.
 *
 * The reader works in batches of whole lines (about 1 MiB) so that a batch can be
 * validated elsewhere (a worker thread) while the next is read: `readLineBatches` finds
 * line ends only, `linesOf` splits one batch, and `readLines` is the two together.
 */
export type SourceLine =
  | { readonly kind: 'line'; readonly number: number; readonly bytes: Buffer }
  | OverlongLine;

export interface OverlongLine {
  readonly kind: 'overlong';
  readonly number: number;
  readonly length: number;
  readonly prefix: Buffer;
}

/** Whole lines, each ending in LF (CRs and the BOM still in), numbered from `firstLine`. */
export interface LineBatch {
  readonly kind: 'batch';
  readonly firstLine: number;
  readonly lineCount: number;
  readonly bytes: Buffer;
}

export const DEFAULT_MAX_LINE_BYTES = 1 << 20;
const BATCH_BYTES = 1 << 20;
const PREFIX_BYTES = 4096;
const LF = 0x0a;
const CR = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export async function* readLines(
  source: AsyncIterable<Uint8Array>,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
): AsyncGenerator<SourceLine> {
  for await (const item of readLineBatches(source, maxLineBytes)) {
    if (item.kind === 'overlong') yield item;
    else yield* linesOf(item, maxLineBytes);
  }
}

/** The lines of one batch, CR before LF dropped, a line over the limit reported as overlong. */
export function* linesOf(batch: LineBatch, maxLineBytes = DEFAULT_MAX_LINE_BYTES): Generator<SourceLine> {
  const { bytes } = batch;
  let number = batch.firstLine;
  let from = 0;
  for (let lf = bytes.indexOf(LF); lf !== -1; lf = bytes.indexOf(LF, from)) {
    const end = lf > from && bytes[lf - 1] === CR ? lf - 1 : lf;
    const line = bytes.subarray(from, end);
    if (line.length > maxLineBytes)
      yield { kind: 'overlong', number, length: line.length, prefix: line.subarray(0, PREFIX_BYTES) };
    else yield { kind: 'line', number, bytes: line };
    number++;
    from = lf + 1;
  }
}

/**
 * Batches of whole lines, in order, with an overlong line that crosses chunks reported
 * between them. On a read error (a truncated gzip) the whole lines read so far are
 * yielded first, then the error is thrown; the unfinished last line is lost.
 */
export async function* readLineBatches(
  source: AsyncIterable<Uint8Array>,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  options: { readonly batchBytes?: number; readonly allocate?: (bytes: number) => Buffer } = {},
): AsyncGenerator<LineBatch | OverlongLine> {
  const batchBytes = options.batchBytes ?? BATCH_BYTES;
  // Not from Buffer's shared pool: a batch's memory may be transferred to a worker.
  const allocate = options.allocate ?? Buffer.allocUnsafeSlow;
  let nextLine = 1;
  // Whole lines not yet yielded. Stream chunks are not reused once handed over, so they
  // are kept as they are and copied once, into the batch.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let pendingLines = 0;
  // The start of the unfinished line, or only its length and prefix once it is over the limit.
  let partial: Buffer[] = [];
  let partialBytes = 0;
  let overlong: { length: number; prefix: Buffer } | null = null;
  let atStart = true;

  function batch(): LineBatch {
    const bytes = allocate(pendingBytes).subarray(0, pendingBytes);
    let at = 0;
    for (const piece of pending) at += piece.copy(bytes, at);
    const made: LineBatch = {
      kind: 'batch',
      firstLine: nextLine - pendingLines,
      lineCount: pendingLines,
      bytes,
    };
    pending = [];
    pendingBytes = 0;
    pendingLines = 0;
    return made;
  }

  function addLines(piece: Buffer, lines: number): void {
    pending.push(piece);
    pendingBytes += piece.length;
    pendingLines += lines;
    nextLine += lines;
  }

  function keepPartial(piece: Buffer): void {
    if (overlong) {
      overlong.length += piece.length;
    } else if (partialBytes + piece.length > maxLineBytes) {
      const start = Buffer.concat([...partial, piece.subarray(0, PREFIX_BYTES)]);
      overlong = { length: partialBytes + piece.length, prefix: start.subarray(0, PREFIX_BYTES) };
      partial = [];
      partialBytes = 0;
    } else {
      partial.push(piece);
      partialBytes += piece.length;
    }
  }

  /** Ends the unfinished line with `tail` (its LF included, if any); an overlong one is returned. */
  function finishPartial(tail: Buffer): OverlongLine | null {
    if (overlong) {
      const line: OverlongLine = {
        kind: 'overlong',
        number: nextLine++,
        length: overlong.length + tail.length - (tail[tail.length - 1] === LF ? 1 : 0),
        prefix: overlong.prefix,
      };
      overlong = null;
      return line;
    }
    const ended = tail[tail.length - 1] === LF ? tail : Buffer.concat([tail, Buffer.from([LF])]);
    addLines(partialBytes === 0 ? ended : Buffer.concat([...partial, ended]), 1);
    partial = [];
    partialBytes = 0;
    return null;
  }

  try {
    for await (const data of await decompressed(source)) {
      let chunk = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      if (atStart && chunk.length > 0) {
        if (chunk.subarray(0, 3).equals(BOM)) chunk = chunk.subarray(3);
        atStart = false;
      }
      let from = 0;
      if (partialBytes > 0 || overlong) {
        const lf = chunk.indexOf(LF);
        if (lf === -1) {
          keepPartial(chunk);
          continue;
        }
        const line = finishPartial(chunk.subarray(0, lf + 1));
        if (line) {
          if (pendingLines > 0) yield batch();
          yield line;
        }
        from = lf + 1;
      }
      const last = chunk.lastIndexOf(LF);
      if (last >= from) {
        let lines = 0;
        for (let lf = chunk.indexOf(LF, from); lf !== -1 && lf <= last; lf = chunk.indexOf(LF, lf + 1))
          lines++;
        addLines(chunk.subarray(from, last + 1), lines);
        from = last + 1;
      }
      if (from < chunk.length) keepPartial(chunk.subarray(from));
      if (pendingBytes >= batchBytes) yield batch();
    }
  } catch (error) {
    if (pendingLines > 0) yield batch();
    throw error;
  }
  if (partialBytes > 0 || overlong) {
    const line = finishPartial(Buffer.alloc(0));
    if (line) {
      if (pendingLines > 0) yield batch();
      yield line;
    }
  }
  if (pendingLines > 0) yield batch();
}

/** The stream itself, or its gunzipped content when it starts with the gzip magic bytes. */
export async function decompressed(source: AsyncIterable<Uint8Array>): Promise<AsyncIterable<Uint8Array>> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return (async function* () {})();
  const head = first.value;
  const rest: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      yield head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    },
  };
  const isGzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  return isGzip ? gunzipped(rest) : rest;
}

/**
 * Gunzips as a stream. Not `pipeline`: on a truncated stream zlib fails at the end, and
 * a destroyed stream drops output it has not handed over yet; here every decoded byte
 * is yielded before the error is thrown. The next compressed chunk is written only
 * after the previous one's output has been taken, which bounds memory.
 */
async function* gunzipped(compressed: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const gunzip = createGunzip();
  const output: Buffer[] = [];
  let failure: Error | null = null;
  let ended = false;
  let wakeReader = () => {};
  let wakeWriter = () => {};
  const wake = () => {
    wakeReader();
    wakeWriter();
  };
  gunzip.on('data', (chunk: Buffer) => {
    output.push(chunk);
    wakeReader();
  });
  gunzip.on('end', () => {
    ended = true;
    wake();
  });
  gunzip.on('error', (error) => {
    failure = error;
    wake();
  });

  const writing = (async () => {
    for await (const chunk of compressed) {
      if (failure) return;
      await new Promise<void>((resolve) => {
        wakeWriter = resolve;
        gunzip.write(chunk, () => resolve());
      });
      while (output.length > 0 && !failure) await new Promise<void>((resolve) => (wakeWriter = resolve));
    }
    gunzip.end();
  })().catch((error: Error) => gunzip.destroy(error));

  for (;;) {
    const chunk = output.shift();
    if (chunk) {
      if (output.length === 0) wakeWriter();
      yield chunk;
      continue;
    }
    if (failure) throw failure;
    if (ended) break;
    await new Promise<void>((resolve) => {
      wakeReader = resolve;
      if (output.length > 0 || failure || ended) resolve();
    });
  }
  await writing;
}
