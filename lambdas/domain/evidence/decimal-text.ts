import { numberToDecimalString } from '../money.ts';

/**
 * Exact decimal text for amounts and quantities of any precision (FOCUS quantities carry
 * 15 decimals, more than pico-units hold): string maths only, never a binary float.
 * Canonical form: no `+`, no exponent, no leading zeros, no trailing fractional zeros,
 * `0` never negative (`-0.00000080000` → `-0.0000008`, `1.5E-7` → `0.00000015`).
 */
const DECIMAL_TEXT = /^([+-])?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d{1,3}))?$/;

/** The canonical decimal text of `text`, or undefined when it is not a decimal number. */
export function canonicalDecimal(text: string): string | undefined {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction = '', bareFraction, exponent = '0'] = match;
  const digits = bareFraction === undefined ? whole + fraction : bareFraction;
  const point = (bareFraction === undefined ? whole.length : 0) + Number(exponent);
  return fromDigits(sign === '-', digits, point);
}

/** `text` × 10^places, exactly (`shiftDecimal("123.45", -2)` is `"1.2345"`). */
export function shiftDecimal(text: string, places: number): string | undefined {
  const canonical = canonicalDecimal(text);
  if (canonical === undefined) return undefined;
  const negative = canonical.startsWith('-');
  const [whole = '', fraction = ''] = (negative ? canonical.slice(1) : canonical).split('.');
  return fromDigits(negative, whole + fraction, whole.length + places);
}

/** A JSON number as the canonical decimal text of its shortest round-trip form (0.06 → "0.06"). */
export function decimalOfNumber(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  return canonicalDecimal(numberToDecimalString(value));
}

/** A JSON number or a decimal string, as canonical decimal text. */
export function decimalOf(value: unknown): string | undefined {
  if (typeof value === 'number') return decimalOfNumber(value);
  if (typeof value === 'string') return canonicalDecimal(value);
  return undefined;
}

/** Digits with the decimal point after `point` of them (negative or beyond the end pads zeros). */
function fromDigits(negative: boolean, digits: string, point: number): string {
  const padded = point <= 0 ? '0'.repeat(1 - point) + digits : digits.padEnd(point, '0');
  const at = Math.max(point, 1);
  const whole = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const fraction = padded.slice(at).replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}
