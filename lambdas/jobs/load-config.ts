import { parse } from 'csv-parse/sync';
import { ConfigError } from '../domain/errors.ts';
import { checkPriceBook, type LocatedPriceRow, PRICE_COLUMNS, PriceRowSchema } from '../domain/price-book.ts';
import { fitsPriceColumn } from '../domain/price-per-token.ts';
import { type Settings, SettingsSchema } from '../domain/settings.ts';
import type { ObjectStore } from '../ports/object-store.ts';

export const SETTINGS_KEY = 'config/settings.json';
export const PRICING_PREFIX = 'config/pricing/';

/** `config/settings.json`, validated; absent means every default. A bad file names the key at fault. */
export async function loadSettings(store: ObjectStore): Promise<Settings> {
  const bytes = await store.getBytes(SETTINGS_KEY);
  if (!bytes) return SettingsSchema.parse({});
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new ConfigError(`${SETTINGS_KEY} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = SettingsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new ConfigError(`${SETTINGS_KEY} is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/**
 * Every row of `config/pricing/*.csv`, validated by the price-book schema and the
 * cross-row checks, before any query reads them. The header must list PRICE_COLUMNS in
 * order (Athena reads the files by position). Any problem stops the job with the file,
 * line and field named.
 */
export async function loadPriceBook(store: ObjectStore): Promise<LocatedPriceRow[]> {
  const rows: LocatedPriceRow[] = [];
  const problems: string[] = [];
  for await (const object of store.list(PRICING_PREFIX)) {
    if (!object.key.endsWith('.csv')) continue;
    const bytes = await store.getBytes(object.key);
    if (!bytes) continue;
    let records: string[][];
    try {
      records = parse(new TextDecoder().decode(bytes), {
        bom: true,
        skip_empty_lines: true,
        relax_column_count: true,
      });
    } catch (error) {
      throw new ConfigError(`${object.key}: not a readable CSV file: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const [header = [], ...lines] = records;
    if (header.map((cell) => cell.trim()).join(',') !== PRICE_COLUMNS.join(',')) {
      problems.push(`${object.key}:1: the header must be exactly ${PRICE_COLUMNS.join(',')}`);
      continue;
    }
    lines.forEach((cells, index) => {
      const line = index + 2;
      if (cells.length !== PRICE_COLUMNS.length) {
        problems.push(
          `${object.key}:${line}: expected ${PRICE_COLUMNS.length} fields, found ${cells.length}`,
        );
        return;
      }
      const record = Object.fromEntries(PRICE_COLUMNS.map((column, position) => [column, cells[position]]));
      const parsed = PriceRowSchema.safeParse(record);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          problems.push(`${object.key}:${line}: field ${issue.path.join('.')}: ${issue.message}`);
        }
        return;
      }
      if (!fitsPriceColumn(parsed.data.price)) {
        problems.push(
          `${object.key}:${line}: field price: "${parsed.data.price}" must have at most 12 decimals`,
        );
        return;
      }
      rows.push({ file: object.key, line, row: parsed.data });
    });
  }
  for (const problem of checkPriceBook(rows)) {
    problems.push(`${problem.file}:${problem.line}: field ${problem.field}: ${problem.message}`);
  }
  if (problems.length > 0) {
    throw new ConfigError(`the price book is invalid: ${problems.join('; ')}`);
  }
  return rows;
}
