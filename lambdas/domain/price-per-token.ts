/**
 * The price of one token (or one request) of a price row: price / unit_tokens, exact
 * to 24 decimals and rounded half up beyond them. It is exact whenever unit_tokens
 * divides 10^12 (1, 1000, 1000000, …); Athena's price view computes the same figure
 * with Trino decimal division, which also rounds half up.
 */
export const PRICE_DECIMALS = 12;
export const PRICE_PER_TOKEN_DECIMALS = 24;
const PRICE_PATTERN = /^\d{1,26}(\.\d{1,12})?$/;

/** Whether a price fits the SQL price column (DECIMAL(38, 12)): at most 12 decimals. */
export function fitsPriceColumn(price: string): boolean {
  return PRICE_PATTERN.test(price);
}

export function pricePerToken(price: string, unitTokens: number): string {
  if (!fitsPriceColumn(price))
    throw new RangeError(`price "${price}" must be a non-negative decimal with at most 12 decimals`);
  if (!Number.isSafeInteger(unitTokens) || unitTokens < 1)
    throw new RangeError(`unit_tokens ${unitTokens} must be a positive integer`);
  const [whole = '0', fraction = ''] = price.split('.');
  const scaled = BigInt(whole + fraction.padEnd(PRICE_PER_TOKEN_DECIMALS, '0'));
  const units = BigInt(unitTokens);
  const rounded = (scaled * 2n + units) / (2n * units);
  const digits = rounded.toString().padStart(PRICE_PER_TOKEN_DECIMALS + 1, '0');
  const point = digits.length - PRICE_PER_TOKEN_DECIMALS;
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}
