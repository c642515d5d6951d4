import { z } from 'zod';
import { isDecimalString, numberToDecimalString } from './money.ts';

/**
 * The columns of the published views and the codecs that turn an engine's cell text into
 * the exported value. Engines differ in how they print cells (DuckDB `2026-05-11
 * 09:30:00`, Athena `2026-05-11 09:30:00.000`; doubles as `1e-7` or `1.0E-7`); the codecs
 * give one form: ISO 8601 UTC timestamps, exact decimal text. Kept apart from the list of
 * exportable views (finance-views.ts) so the modules that define views can use them
 * without an import cycle.
 */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'ratio' | 'boolean' | 'date' | 'timestamp';

export interface FinanceView {
  readonly columns: readonly (readonly [name: string, kind: ColumnKind])[];
  /** How many leading columns DESIGN §7 fixes; the rest are extras. */
  readonly contractColumns: number;
  /** A total order, so two exports of the same results are byte-identical. */
  readonly orderBy: readonly string[];
}

/** A decoded cell: exact text for numbers (a JSON export keeps money as strings), or a boolean. */
export type ExportValue = string | boolean | null;

const SQL_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?:Z|[+-]00(?::?00)?)?$/;

export const CELL_CODECS: Record<ColumnKind, z.ZodType<ExportValue, string | null>> = {
  text: z.string().nullable(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  timestamp: z
    .string()
    .regex(SQL_TIMESTAMP, 'must be a UTC timestamp')
    .transform((value) => {
      const [, day, time, fraction = ''] = SQL_TIMESTAMP.exec(value) as RegExpExecArray;
      return `${day}T${time}.${fraction.padEnd(3, '0').slice(0, 3)}Z`;
    })
    .nullable(),
  integer: z
    .string()
    .regex(/^-?\d+$/, 'must be a whole number')
    .nullable(),
  decimal: z.string().refine(isDecimalString, 'must be a decimal number').nullable(),
  // A double (a share, not money): printed as plain decimal text whatever the engine's notation.
  ratio: z
    .string()
    .regex(/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, 'must be a number')
    .transform((value) => numberToDecimalString(Number(value)))
    .nullable(),
  boolean: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .nullable(),
};
