import { type Info, parse } from 'csv-parse';
import { decompressed } from './read-lines.ts';

/**
 * Streams a CSV object (gzip detected by its magic bytes, BOM dropped) as records of
 * text cells, the header first, each with its text and the line it ends on. A row with
 * the wrong number of cells still comes through (the normalizer rejects it with a
 * reason); blank lines are skipped. A file that cannot be parsed further (an unclosed
 * quote) or decompressed throws after every record before the fault has been yielded,
 * so what could be read is landed.
 */
export interface CsvRecord {
  readonly fields: readonly string[];
  /** The record's text as in the file, without its line break. */
  readonly text: string;
  /** The line the record ends on (1-based; the header is line 1). */
  readonly line: number;
}

interface ParsedRecord {
  readonly record: string[];
  readonly raw: string;
  readonly info: Info;
}

export async function* readCsvRecords(source: AsyncIterable<Uint8Array>): AsyncGenerator<CsvRecord> {
  const parser = parse({
    bom: true,
    info: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
  });
  const parsed: ParsedRecord[] = [];
  let failure: Error | null = null;
  parser.on('data', (item: ParsedRecord) => parsed.push(item));
  parser.on('error', (error) => {
    failure = error;
  });
  const take = function* (): Generator<CsvRecord> {
    for (const { record, raw, info } of parsed.splice(0)) {
      yield { fields: record, text: raw.replace(/^(\r?\n)+|(\r?\n)+$/g, ''), line: info.lines };
    }
  };

  try {
    // One chunk at a time: its records are handed over before the next is written, which bounds memory.
    for await (const chunk of await decompressed(source)) {
      await new Promise<void>((resolve) => parser.write(chunk, () => resolve()));
      yield* take();
      if (failure) throw failure;
    }
    await new Promise<void>((resolve) => {
      parser.once('error', () => resolve());
      parser.end(() => resolve());
    });
    yield* take();
    if (failure) throw failure;
  } finally {
    parser.destroy();
  }
}

/** A csv-parse failure (`CSV_QUOTE_NOT_CLOSED`, …): the rest of the file cannot be read. */
export function isCsvError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('CSV_');
}
