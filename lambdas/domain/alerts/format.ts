import type { AlertFigure, FigureUnit } from './alert.ts';

/**
 * How figures read in a message. Money keeps its exact digits (trailing zeros trimmed,
 * at least two decimals, the currency after it); shares, changes and multiples are
 * rounded for reading only; the exact text stays in the alert's figures.
 */
export function formatValue(value: string | null, unit: FigureUnit, currency?: string): string {
  if (value === null || value === '') return 'n/a';
  switch (unit) {
    case 'money':
      return `${trimDecimal(value, 2)}${currency ? ` ${currency}` : ''}`;
    case 'share':
      return percent(Number(value), false);
    case 'change':
      return percent(Number(value), true);
    case 'multiple':
      return `${round(Number(value), 1)}x`;
    case 'count':
      return groupThousands(value);
    case 'hours':
      return `${round(Number(value), 1)} h`;
    default:
      return value;
  }
}

export function formatFigure(figure: AlertFigure): string {
  return formatValue(figure.value, figure.unit, figure.currency);
}

/** A threshold as a person reads it: 0.03 as a share is "3%", 24 hours is "24 h". */
export function formatLimit(limit: number, unit: FigureUnit): string {
  if (unit === 'share') return percent(limit, false);
  if (unit === 'change') return percent(limit, true);
  if (unit === 'multiple') return `${limit}x`;
  if (unit === 'hours') return `${limit} h`;
  return String(limit);
}

function percent(fraction: number, signed: boolean): string {
  if (!Number.isFinite(fraction)) return 'n/a';
  const value = fraction * 100;
  const digits = Math.abs(value) !== 0 && Math.abs(value) < 0.1 ? 2 : 1;
  const text = `${value.toFixed(digits).replace(/\.?0+$/, '')}%`;
  return signed && value > 0 ? `+${text}` : text;
}

function round(value: number, digits: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toFixed(digits).replace(/\.0+$/, '');
}

/** "12.345600000000" → "12.3456"; "3.000000" → "3.00" with minDecimals 2. Exact: text only. */
export function trimDecimal(value: string, minDecimals: number): string {
  const match = /^(-?\d+)(?:\.(\d*))?$/.exec(value.trim());
  if (!match) return value;
  const whole = match[1] as string;
  const fraction = (match[2] ?? '').replace(/0+$/, '').padEnd(minDecimals, '0');
  return fraction ? `${whole}.${fraction}` : whole;
}

function groupThousands(value: string): string {
  return /^-?\d+$/.test(value) ? value.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : value;
}
