import { isoWeekDays } from '../alerts/periods.ts';

/**
 * Numbers formatted for finance readers: currency symbols, thousands separators, fixed
 * decimals rounded half up from the exact decimal text (never through a binary float),
 * percentages, and ISO weeks as date ranges.
 */

interface ExactDecimal {
  readonly digits: bigint;
  readonly scale: number;
}

function parseDecimal(value: string): ExactDecimal {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(`not a decimal number: "${value}"`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  const digits = BigInt(whole + fraction);
  return { digits: sign === '-' ? -digits : digits, scale: fraction.length };
}

function toScale(value: ExactDecimal, scale: number): bigint {
  if (scale >= value.scale) return value.digits * 10n ** BigInt(scale - value.scale);
  const divisor = 10n ** BigInt(value.scale - scale);
  const magnitude = value.digits < 0n ? -value.digits : value.digits;
  const rounded = (magnitude * 2n + divisor) / (2n * divisor);
  return value.digits < 0n ? -rounded : rounded;
}

function render(scaled: bigint, scale: number): string {
  const negative = scaled < 0n;
  const text = (negative ? -scaled : scaled).toString().padStart(scale + 1, '0');
  const whole = text.slice(0, text.length - scale).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = scale > 0 ? `.${text.slice(text.length - scale)}` : '';
  return `${negative ? '−' : ''}${whole}${fraction}`;
}

/** Exact decimal text rounded half up to `decimals`, with thousands separators: `1,234.57`. */
export function formatDecimal(value: string, decimals: number): string {
  return render(toScale(parseDecimal(value), decimals), decimals);
}

/** The exact sum of decimal texts, as decimal text. */
export function sumDecimals(values: readonly (string | null)[]): string {
  const parsed = values.filter((value): value is string => value !== null).map(parseDecimal);
  const scale = Math.max(0, ...parsed.map((value) => value.scale));
  const total = parsed.reduce((sum, value) => sum + toScale(value, scale), 0n);
  const negative = total < 0n;
  const text = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const point = text.length - scale;
  return `${negative ? '-' : ''}${text.slice(0, point)}${scale > 0 ? `.${text.slice(point)}` : ''}`;
}

/** numerator ÷ denominator as a double (a share), null when the denominator is zero. */
export function ratioOf(numerator: string, denominator: string): number | null {
  const a = parseDecimal(numerator);
  const b = parseDecimal(denominator);
  const scale = Math.max(a.scale, b.scale);
  const bottom = toScale(b, scale);
  if (bottom === 0n) return null;
  return Number((toScale(a, scale) * 10n ** 15n) / bottom) / 1e15;
}

export function isZero(value: string): boolean {
  return parseDecimal(value).digits === 0n;
}

export function isNegative(value: string): boolean {
  return parseDecimal(value).digits < 0n;
}

const SYMBOLS: Readonly<Record<string, string>> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥' };

/** `$1,234.57`, `−€12.30`, `CHF 9.00`; `–` for no value. */
export function formatMoney(value: string | null, currency: string | null, decimals = 2): string {
  if (value === null) return '–';
  const text = formatDecimal(value, decimals);
  const negative = text.startsWith('−');
  const magnitude = negative ? text.slice(1) : text;
  const symbol = currency ? SYMBOLS[currency] : undefined;
  const body = symbol ? `${symbol}${magnitude}` : `${magnitude}${currency ? ` ${currency}` : ''}`;
  return `${negative ? '−' : ''}${body}`;
}

/** A unit cost: four decimals below 10 (cents hide the differences that matter), two above. */
export function formatUnitCost(value: string | null, currency: string | null): string {
  if (value === null) return '–';
  const magnitude = value.replace(/^-/, '');
  const decimals =
    parseDecimal(magnitude).digits < 10n * 10n ** BigInt(parseDecimal(magnitude).scale) ? 4 : 2;
  return formatMoney(value, currency, decimals);
}

/** A share as a percentage: `87.5%`; `–` for no value. */
export function formatShare(value: number | string | null, decimals = 1): string {
  if (value === null) return '–';
  const number = typeof value === 'number' ? value : Number(value);
  return `${(number * 100).toFixed(decimals)}%`;
}

/** A change as a signed percentage: `+12.3%`, `−4.0%`, `0.0%`; `–` for no value. */
export function formatChange(value: number | string | null): string {
  if (value === null) return '–';
  const number = typeof value === 'number' ? value : Number(value);
  const text = (Math.abs(number) * 100).toFixed(1);
  if (text === '0.0') return '0.0%';
  return `${number > 0 ? '+' : '−'}${text}%`;
}

/** A whole number with thousands separators. */
export function formatInteger(value: string | number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-05-11` → `11 May 2026`. */
export function formatDay(day: string): string {
  const [year, month, date] = day.split('-');
  return `${Number(date)} ${MONTHS[Number(month) - 1] ?? month} ${year}`;
}

/** `2026-W20` → `11–17 May 2026` (months and years shown where they differ). */
export function formatWeekRange(week: string): string {
  const { from: first, to: last } = isoWeekDays(week);
  const [y1, m1, d1] = first.split('-');
  const [y2, m2] = last.split('-');
  if (y1 !== y2) return `${formatDay(first)} – ${formatDay(last)}`;
  if (m1 !== m2) return `${Number(d1)} ${MONTHS[Number(m1) - 1]} – ${formatDay(last)}`;
  return `${Number(d1)}–${formatDay(last)}`;
}
