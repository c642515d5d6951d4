/**
 * JSON text with exact decimal numbers. Vendors and some applications write money as a
 * JSON number (`"value": 0.06`); to write one without a binary float ever holding it,
 * the value goes in as a `JsonDecimal` and its digits are spliced into the text.
 */
const MARK = '__json_decimal__:';

export class JsonDecimal {
  constructor(readonly digits: string) {
    if (!/^-?\d+(\.\d+)?$/.test(digits)) throw new RangeError(`not a decimal number: "${digits}"`);
  }

  toJSON(): string {
    return `${MARK}${this.digits}`;
  }
}

export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(new RegExp(`"${MARK}(-?[0-9.]+)"`, 'g'), '$1');
}
