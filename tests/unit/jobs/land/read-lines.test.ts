import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readLines, type SourceLine } from '../../../../lambdas/jobs/land/read-lines.ts';

async function collect(chunks: (string | Buffer)[], maxLineBytes?: number): Promise<SourceLine[]> {
  async function* source() {
    for (const chunk of chunks) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
  }
  const lines: SourceLine[] = [];
  for await (const line of readLines(source(), maxLineBytes)) lines.push(line);
  return lines;
}

const texts = (lines: SourceLine[]) =>
  lines.map((line) => (line.kind === 'line' ? line.bytes.toString() : `<${line.length}>`));

describe('Reader: readLines', () => {
  it('splits lines that cross chunk boundaries, CRLF included', async () => {
    const lines = await collect(['{"a":', '1}\r', '\n{"b":2}\r\n', '{"c":3}']);

    expect(texts(lines)).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
    expect(lines.map((line) => line.number)).toEqual([1, 2, 3]);
  });

  it('drops a UTF-8 byte order mark at the start only', async () => {
    const lines = await collect([Buffer.from('\ufeff{"a":1}\n\ufeffx\n')]);

    expect(texts(lines)).toEqual(['{"a":1}', '\ufeffx']);
  });

  it('reads gzip by its magic bytes, whatever the key says', async () => {
    const lines = await collect([gzipSync('one\ntwo\n')]);

    expect(texts(lines)).toEqual(['one', 'two']);
  });

  it('yields nothing for an empty object', async () => {
    expect(await collect([])).toEqual([]);
  });

  it('reports an overlong line by length and prefix without buffering it, then goes on', async () => {
    const long = 'x'.repeat(100);
    const lines = await collect(['ok\n', long.slice(0, 30), long.slice(30), '\nnext\n'], 64);

    expect(texts(lines)).toEqual(['ok', '<100>', 'next']);
    const overlong = lines[1];
    expect(overlong?.kind === 'overlong' && overlong.prefix.toString()).toBe(long);
  });

  it('throws a zlib error after yielding what a truncated gzip held', async () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `{"n":${(i * 7919) % 10007}}`).join('\n');
    const whole = gzipSync(text);
    const seen: SourceLine[] = [];

    await expect(async () => {
      async function* source() {
        yield whole.subarray(0, Math.floor(whole.length * 0.8));
      }
      for await (const line of readLines(source())) seen.push(line);
    }).rejects.toMatchObject({ code: expect.stringMatching(/^Z_/) });
    expect(seen.length).toBeGreaterThan(1000);
    expect(texts(seen.slice(0, 2))).toEqual(['{"n":0}', '{"n":7919}']);
  });
});
