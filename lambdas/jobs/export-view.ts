import { InvalidInputError } from '../domain/errors.ts';
import {
  type ExportValue,
  FINANCE_VIEW_NAMES,
  FINANCE_VIEWS,
  financeViewRowSchema,
  isFinanceViewName,
} from '../domain/finance-views.ts';
import type { QueryEngine } from '../ports/query-engine.ts';

export type ExportFormat = 'csv' | 'json';

/**
 * A documented finance view as CSV or JSON text (DESIGN §7.2): the contract's columns
 * first, in order, then the extras; timestamps in ISO 8601 UTC; money and ratios as
 * exact decimal strings, never binary floats; rows in a total order, so exporting the
 * same results twice gives the same bytes. Only the allow-listed views can be named:
 * the view name is the one identifier placed into the statement.
 */
export async function exportView(
  engine: QueryEngine,
  viewName: string,
  format: ExportFormat,
): Promise<string> {
  if (!isFinanceViewName(viewName)) {
    throw new InvalidInputError(
      `unknown view "${viewName}"; exportable views: ${FINANCE_VIEW_NAMES.join(', ')}`,
    );
  }
  if (format !== 'csv' && format !== 'json') {
    throw new InvalidInputError(`unknown format "${format as string}"; use csv or json`);
  }
  const view = FINANCE_VIEWS[viewName];
  const columns = view.columns.map(([name]) => name);
  const sql = `select ${columns.join(', ')} from ${viewName} order by ${view.orderBy
    .map((column) => `${column} nulls last`)
    .join(', ')}`;
  const { rows } = await engine.query(sql, [], financeViewRowSchema(viewName));
  return format === 'csv' ? toCsv(columns, rows) : toJson(columns, rows);
}

function toCsv(columns: readonly string[], rows: readonly Record<string, ExportValue>[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(row[column] ?? null)).join(','));
  return `${lines.join('\n')}\n`;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; null is empty. */
function csvField(value: ExportValue): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One object per row with keys in column order; numbers stay strings (exact), booleans are booleans. */
function toJson(columns: readonly string[], rows: readonly Record<string, ExportValue>[]): string {
  const ordered = rows.map((row) =>
    Object.fromEntries(columns.map((column) => [column, row[column] ?? null])),
  );
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
