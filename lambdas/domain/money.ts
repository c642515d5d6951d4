/**
 * Money is exact: decimal strings at the edges, integer pico-units (10^-12 of the
 * currency) as bigint inside. A binary float never holds an amount.
 */

const DECIMAL = /^-?\d+(\.\d+)?$/;
export const PICO_DIGITS = 12;
const PICO_PER_UNIT = 10n ** BigInt(PICO_DIGITS);

export function isDecimalString(value: string): boolean {
  return DECIMAL.test(value);
}

/**
 * The decimal text of a JSON number as JSON.parse gave it. `String()` yields the
 * shortest text that round-trips (0.1 stays "0.1"); exponent forms are written out.
 */
export function numberToDecimalString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign = '', lead = '', rest = '', exponentText = '0'] = match;
  const digits = lead + rest;
  const exponent = Number(exponentText);
  const point = 1 + exponent;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** "0.0000015" → 1500000n pico. Throws when the text has more than 12 decimals. */
export function decimalToPico(value: string): bigint {
  if (!DECIMAL.test(value)) throw new RangeError(`not a decimal number: "${value}"`);
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  if (fraction.length > PICO_DIGITS) {
    throw new RangeError(`"${value}" has more than ${PICO_DIGITS} decimals`);
  }
  const pico = BigInt(whole) * PICO_PER_UNIT + BigInt(fraction.padEnd(PICO_DIGITS, '0'));
  return negative ? -pico : pico;
}

/** 1500000n → "0.0000015": the shortest exact decimal text. */
export function picoToDecimal(pico: bigint): string {
  const negative = pico < 0n;
  const magnitude = negative ? -pico : pico;
  const whole = magnitude / PICO_PER_UNIT;
  const fraction = (magnitude % PICO_PER_UNIT).toString().padStart(PICO_DIGITS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
