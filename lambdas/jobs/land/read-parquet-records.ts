import {
  type AsyncBuffer,
  type FileMetaData,
  type ParquetParsers,
  parquetMetadataAsync,
  parquetReadObjects,
  parquetSchema,
  type SchemaElement,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { AppError } from '../../domain/errors.ts';
import { canonicalDecimal, decimalOfNumber, shiftDecimal } from '../../domain/evidence/decimal-text.ts';

/**
 * Reads a Parquet object as rows of text cells, the form the CSV readers hand the
 * normalizers, so one set of rules serves both formats. Pure JS (hyparquet; the
 * compressors add GZIP, ZSTD, BROTLI and LZ4 to its built-in SNAPPY), so it runs in
 * Lambda without native code.
 *
 * Memory: the footer, then one row group at a time, fetched by byte range: about one
 * row group's compressed column chunks plus its decoded rows, whatever the file's size.
 * Writers bound row groups (Spark and Athena at 128 MiB, DuckDB at 122,880 rows); a file
 * written as one huge row group is held whole.
 *
 * Cells as text:
 * - DECIMAL (INT32, INT64, fixed or variable bytes) is read as its unscaled integer and
 *   scaled as text: exact at any precision, never through a JS number.
 * - DOUBLE (what AWS FOCUS exports use for costs) becomes the shortest decimal that reads
 *   back as the same double, as a CSV writer prints it: nothing below the double's own
 *   precision is invented. FLOAT the same, at single precision.
 * - Timestamps (INT64 millis/micros/nanos, INT96) and dates: ISO UTC text, to the
 *   millisecond the normalizers keep.
 * - JSON columns stay the JSON text the file holds; maps, structs and lists (AWS's `Tags`
 *   map) become JSON text; null is an empty cell.
 */
export interface RangedObject {
  readonly size: number;
  /** Bytes `start` (inclusive) to `end` (exclusive). */
  range(start: number, end: number): Promise<Uint8Array>;
}

export interface ParquetRecord {
  /** One text cell per column, in `columns` order; null cells are empty. */
  readonly fields: readonly string[];
  /** The row's 1-based position in the file. */
  readonly row: number;
  /** The row as JSON (column → cell text or null), for the quarantine. */
  readonly text: string;
}

export interface ParquetTable {
  /** The top-level column names, in file order. */
  readonly columns: readonly string[];
  readonly rowCount: number;
  /** The rows, one row group read at a time. */
  records(): AsyncGenerator<ParquetRecord>;
}

/** The object is not Parquet, is cut short, or holds a part this reader cannot decode. */
export class ParquetReadError extends Error {
  readonly code = 'PARQUET_UNREADABLE';
}

export function isParquetError(error: unknown): boolean {
  return error instanceof ParquetReadError;
}

type ColumnKind =
  | { readonly kind: 'decimal'; readonly scale: number }
  | { readonly kind: 'float' }
  | { readonly kind: 'other' };

const UTF8 = new TextDecoder();

/** hyparquet's defaults, except that JSON stays text: parsing it would cost exact numbers, and one bad cell the whole file. */
const PARSERS: Partial<ParquetParsers> = {
  jsonFromBytes: (bytes: Uint8Array) => bytes && UTF8.decode(bytes),
};

/** Reads the footer; throws a ParquetReadError when the object is not a readable Parquet file. */
export async function openParquet(object: RangedObject): Promise<ParquetTable> {
  const file: AsyncBuffer = {
    byteLength: object.size,
    slice: async (start, end = object.size) => arrayBufferOf(await object.range(start, end)),
  };
  const footer = await readable('not a readable Parquet file', () => parquetMetadataAsync(file));
  const { metadata, columns, kinds } = await readable('not a readable Parquet schema', async () =>
    undecoratedDecimals(footer),
  );
  const rowCount = Number(metadata.num_rows);

  async function* records(): AsyncGenerator<ParquetRecord> {
    let groupStart = 0;
    for (const [index, group] of metadata.row_groups.entries()) {
      const groupRows = Number(group.num_rows);
      const rows = await readable(
        `could not read row group ${index + 1} of ${metadata.row_groups.length} (rows ${groupStart + 1}-${groupStart + groupRows})`,
        () =>
          parquetReadObjects({
            file,
            metadata,
            rowStart: groupStart,
            rowEnd: groupStart + groupRows,
            compressors,
            parsers: PARSERS,
            // Unannotated bytes come through as bytes: a DECIMAL stored as BYTE_ARRAY must not be decoded as text.
            utf8: false,
          }),
      );
      for (const [offset, values] of rows.entries()) {
        const cells = columns.map((column, at) => cellText(values[column], kinds[at] as ColumnKind));
        yield {
          fields: cells.map((cell) => cell ?? ''),
          row: groupStart + offset + 1,
          text: JSON.stringify(Object.fromEntries(columns.map((column, at) => [column, cells[at]]))),
        };
      }
      groupStart += groupRows;
    }
  }

  return { columns, rowCount, records };
}

/**
 * hyparquet scales DECIMAL columns into JS numbers (15–17 significant digits). The
 * metadata handed to it drops the DECIMAL annotation of top-level columns, so they come
 * back as their stored integers or bytes, and their scale is kept here.
 */
function undecoratedDecimals(footer: FileMetaData): {
  metadata: FileMetaData;
  columns: string[];
  kinds: ColumnKind[];
} {
  const top = parquetSchema(footer).children;
  const decimals = new Set<SchemaElement>();
  const kinds = top.map(({ element, children }): ColumnKind => {
    const decimal = element.converted_type === 'DECIMAL' || element.logical_type?.type === 'DECIMAL';
    if (decimal && children.length === 0) {
      decimals.add(element);
      const logical = element.logical_type?.type === 'DECIMAL' ? element.logical_type.scale : undefined;
      return { kind: 'decimal', scale: element.scale ?? logical ?? 0 };
    }
    return element.type === 'FLOAT' && children.length === 0 ? { kind: 'float' } : { kind: 'other' };
  });
  const schema = footer.schema.map((element) =>
    decimals.has(element) ? { ...element, converted_type: undefined, logical_type: undefined } : element,
  );
  return { metadata: { ...footer, schema }, columns: top.map(({ element }) => element.name), kinds };
}

function cellText(value: unknown, column: ColumnKind): string | null {
  if (value === null || value === undefined) return null;
  if (column.kind === 'decimal') return decimalText(value, column.scale);
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return column.kind === 'float' ? floatText(value) : numberText(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return dateText(value);
  if (value instanceof Uint8Array) return UTF8.decode(value);
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'bigint' ? String(inner) : inner instanceof Uint8Array ? UTF8.decode(inner) : inner,
  );
}

/** The unscaled integer (INT32 number, INT64 bigint, or big-endian two's-complement bytes), scaled as text. */
function decimalText(value: unknown, scale: number): string {
  let unscaled: bigint;
  if (typeof value === 'bigint') unscaled = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) unscaled = BigInt(value);
  else if (value instanceof Uint8Array) {
    unscaled = 0n;
    for (const byte of value) unscaled = (unscaled << 8n) | BigInt(byte);
    if (value.length > 0 && (value[0] as number) >= 0x80) unscaled -= 1n << BigInt(value.length * 8);
  } else return String(value);
  return shiftDecimal(unscaled.toString(), -scale) ?? String(value);
}

/** NaN and infinities stay as words, which the normalizers reject as not a decimal. */
function numberText(value: number): string {
  return decimalOfNumber(value) ?? String(value);
}

/** The shortest decimal that reads back as the same single-precision value (0.1f → "0.1"). */
function floatText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  for (let digits = 1; digits < 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return canonicalDecimal(text) ?? text;
  }
  return canonicalDecimal(value.toPrecision(9)) ?? String(value);
}

function dateText(value: Date): string {
  return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
}

function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return (whole ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
}

/** Runs a hyparquet step; its failures become ParquetReadErrors, the store's own pass through. */
async function readable<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new ParquetReadError(`${what}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
}
