import { createGunzip } from 'node:zlib';

/**
 * Splits an object's bytes into lines without holding more than one line (bounded by
 * `maxLineBytes`) in memory: a 1 GB file streams through in fixed memory. Gzip is
 * detected by its magic bytes, not the key. A UTF-8 BOM at the start and a CR before
 * each LF are dropped. A line longer than the limit is not buffered: its length and
 * first bytes are reported so it can be quarantined with a reason.
 */
export type SourceLine =
  | { readonly kind: 'line'; readonly number: number; readonly bytes: Buffer }
  | { readonly kind: 'overlong'; readonly number: number; readonly length: number; readonly prefix: Buffer };

export const DEFAULT_MAX_LINE_BYTES = 1 << 20;
const PREFIX_BYTES = 4096;
const LF = 0x0a;
const CR = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export async function* readLines(
  source: AsyncIterable<Uint8Array>,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
): AsyncGenerator<SourceLine> {
  let number = 0;
  let carry: Buffer[] = [];
  let carryLength = 0;
  let overlong: { length: number; prefix: Buffer } | null = null;
  let atStart = true;

  function* finishLine(tail: Buffer): Generator<SourceLine> {
    number++;
    if (overlong) {
      yield { kind: 'overlong', number, length: overlong.length + tail.length, prefix: overlong.prefix };
      overlong = null;
      return;
    }
    let bytes = carryLength === 0 ? tail : Buffer.concat([...carry, tail]);
    carry = [];
    carryLength = 0;
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    if (bytes.length > maxLineBytes) {
      yield { kind: 'overlong', number, length: bytes.length, prefix: bytes.subarray(0, PREFIX_BYTES) };
      return;
    }
    yield { kind: 'line', number, bytes };
  }

  function keep(piece: Buffer): void {
    if (overlong) {
      overlong.length += piece.length;
    } else if (carryLength + piece.length > maxLineBytes) {
      const start = Buffer.concat([...carry, piece]);
      overlong = { length: start.length, prefix: Buffer.from(start.subarray(0, PREFIX_BYTES)) };
      carry = [];
      carryLength = 0;
    } else {
      // Copy: the chunk's memory belongs to the stream and may be reused.
      carry.push(Buffer.from(piece));
      carryLength += piece.length;
    }
  }

  for await (const data of await decompressed(source)) {
    let chunk = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (atStart && chunk.length > 0) {
      if (chunk.subarray(0, 3).equals(BOM)) chunk = chunk.subarray(3);
      atStart = false;
    }
    let from = 0;
    for (let lf = chunk.indexOf(LF, from); lf !== -1; lf = chunk.indexOf(LF, from)) {
      yield* finishLine(chunk.subarray(from, lf));
      from = lf + 1;
    }
    if (from < chunk.length) keep(chunk.subarray(from));
  }
  if (carryLength > 0 || overlong) yield* finishLine(Buffer.alloc(0));
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
