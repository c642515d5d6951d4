import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COST_EVENTS } from '../../../../lambdas/domain/raw-records.ts';
import { FlatJsonWriter } from '../../../../lambdas/jobs/land/flat-json-writer.ts';

const seed = JSON.parse(
  readFileSync(new URL('../../../fixtures/events/seed-example.json', import.meta.url), 'utf8'),
);

/** The text the writer wrote for `record`, or undefined when it handed the record back (-1). */
function written(record: object, writer = new FlatJsonWriter()): string | undefined {
  const out = Buffer.alloc(1 << 16);
  const end = writer.write(record, out, 3);
  return end < 0 ? undefined : out.toString('utf8', 3, end);
}

/** A seeded generator (mulberry32): the same records on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Land: flat JSON writer', () => {
  it('writes a landed cost event exactly as JSON.stringify does', () => {
    const parsed = COST_EVENTS.validate(seed);
    if (!parsed.success) throw new Error('the seed event must be valid');
    const record = COST_EVENTS.normalize(parsed.data, {
      key: 'incoming/events/app/a.ndjson',
      line: 12,
      receivedAt: '2026-05-04T00:00:00.000Z',
    });

    expect(written(record)).toBe(JSON.stringify(record));
  });

  it('writes plain values itself: printable ASCII, whole numbers up to 10^15, booleans and null', () => {
    const record = {
      text: "a plain line: {} [] ' / ~ and spaces",
      empty: '',
      zero: 0,
      negativeZero: -0,
      largest: 999_999_999_999_999,
      tokens: 1800,
      yes: true,
      no: false,
      none: null,
    };

    expect(written(record)).toBe(
      '{"text":"a plain line: {} [] \' / ~ and spaces","empty":"","zero":0,"negativeZero":0,' +
        '"largest":999999999999999,"tokens":1800,"yes":true,"no":false,"none":null}',
    );
    expect(written(record)).toBe(JSON.stringify(record));
  });

  it.each([
    ['a quote', { value: 'say "hi"' }],
    ['a backslash', { value: 'C:\\temp' }],
    ['a control character', { value: 'two\nlines' }],
    ['DEL', { value: 'x\u007f' }],
    ['a character beyond ASCII', { value: 'café' }],
    ['an emoji', { value: '😀' }],
    ['a lone surrogate', { value: '\ud800' }],
    ['a fraction', { value: 1.5 }],
    ['a negative number', { value: -3 }],
    ['10^15', { value: 1e15 }],
    ['NaN', { value: Number.NaN }],
    ['an infinity', { value: Number.POSITIVE_INFINITY }],
    ['a nested object', { value: { a: 1 } }],
    ['an array', { value: [1] }],
    ['an undefined field', { before: 'x', value: undefined }],
    ['no field at all', {}],
  ])('hands back a record with %s, for JSON.stringify to write', (_name, record) => {
    expect(written(record)).toBeUndefined();
  });

  it('hands back a record that does not fit, writing nothing past the end', () => {
    const record = { request_id: 'req-1', tokens: 12 };
    const text = JSON.stringify(record);
    const out = Buffer.alloc(3 + text.length + 32, 0x2e);

    expect(new FlatJsonWriter().write(record, out.subarray(0, 3 + text.length - 1), 3)).toBe(-1);
    expect(out.subarray(3 + text.length - 1).every((byte) => byte === 0x2e)).toBe(true);
    // It asks for room for the longest number it writes, so a little more than the text.
    expect(new FlatJsonWriter().write(record, out, 3)).toBe(3 + text.length);
  });

  it('writes keys as JSON.stringify does, in the order of the object, whatever shapes alternate', () => {
    const writer = new FlatJsonWriter();
    const shapes = [
      { 'key "quoted"': 'a', clé: 'b', '2': 'integer-like keys come first' },
      { unit_id: 'u-1', outcome: 'resolved' },
      { unit_id: 'u-2', application: 'app', outcome: null },
    ];

    for (const record of [...shapes, ...[...shapes].reverse()]) {
      expect(written(record, writer)).toBe(JSON.stringify(record));
    }
  });

  it('agrees with JSON.stringify on 20,000 random flat records: the same text, or handed back', () => {
    const next = random(20261127);
    const alphabet = [
      'a',
      'Z',
      '0',
      ' ',
      '-',
      ':',
      '.',
      '"',
      '\\',
      '\n',
      '\t',
      'é',
      '€',
      '😀',
      '\u007f',
      '~',
    ];
    const value = () => {
      const pick = next();
      if (pick < 0.45) {
        // Mostly plain text, sometimes a character the writer must hand back.
        const plain = next() < 0.8;
        return Array.from({ length: Math.floor(next() * 12) }, () =>
          plain
            ? (alphabet[Math.floor(next() * 7)] as string)
            : (alphabet[Math.floor(next() * alphabet.length)] as string),
        ).join('');
      }
      if (pick < 0.75) {
        const numbers = [0, 7, 10, 99, 1000, 123_456_789, 999_999_999_999_999, 1e15, -1, 2.5, 1e21, -0];
        return next() < 0.5
          ? Math.floor(next() * 1e6)
          : (numbers[Math.floor(next() * numbers.length)] as number);
      }
      if (pick < 0.9) return [true, false, null][Math.floor(next() * 3)];
      return next() < 0.5 ? { nested: true } : undefined;
    };
    const writer = new FlatJsonWriter();
    let writtenByWriter = 0;

    for (let index = 0; index < 20_000; index++) {
      const record: Record<string, unknown> = {};
      const fields = 1 + Math.floor(next() * 6);
      for (let field = 0; field < fields; field++) record[`f${Math.floor(next() * 8)}`] = value();
      const text = written(record, writer);
      if (text === undefined) continue;
      writtenByWriter++;
      expect(text).toBe(JSON.stringify(record));
    }

    // The comparison must cover both routes: a fair share is written here.
    expect(writtenByWriter).toBeGreaterThan(2_000);
  });
});
