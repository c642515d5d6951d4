import { decimalToPico, picoToDecimal } from '../money.ts';
import { PRICE_COLUMNS } from '../price-book.ts';
import { MODELS, type ModelSpec, type Provider } from './catalog.ts';
import { toCsv } from './csv.ts';
import { DAY_MS, type DemoWindow, dayOf, HOUR_MS, isoSecondsOf } from './demo-window.ts';

/**
 * The prices the demo providers charge, the verified pricing table built from them, and
 * exact request costs (bigint pico-USD) with the token split of DESIGN §7.1. Every price
 * has at most six decimals per million tokens, so a per-token price is a whole number of
 * pico-units and every cost here is exact.
 */
export type BilledTokenType = 'input' | 'cached_input' | 'cache_write' | 'output';
export type DemoBillingCategory = 'standard' | 'batch';

export interface DemoPrice {
  readonly provider: Provider;
  readonly model: string;
  readonly billingCategory: DemoBillingCategory;
  readonly tokenType: BilledTokenType;
  /** USD per 1,000,000 tokens, as the vendors list it. */
  readonly perMillion: string;
  /** The same price per token in pico-USD: a whole number, since no price has over six decimals. */
  readonly picoPerToken: bigint;
  readonly fromMs: number;
  /** Exclusive; null: open-ended. */
  readonly toMs: number | null;
  /** False for what the provider charges but nobody added to the verified table. */
  readonly inPriceTable: boolean;
  readonly pricingSource: string;
  readonly contractRef: string | null;
}

export const UNIT_TOKENS = 1_000_000;
const UNIT_TOKENS_BIG = BigInt(UNIT_TOKENS);

type PriceList = Partial<Record<BilledTokenType, string>>;

const SOURCES: Record<Provider, string> = {
  openai: 'https://openai.com/api/pricing',
  anthropic: 'https://www.anthropic.com/pricing',
  bedrock: 'https://aws.amazon.com/bedrock/pricing',
};

const LIST_PRICES: readonly (readonly [ModelSpec, DemoBillingCategory, PriceList])[] = [
  [MODELS.gpt41, 'standard', { input: '2.00', cached_input: '0.50', output: '8.00' }],
  [MODELS.gpt41Mini, 'standard', { input: '0.40', cached_input: '0.10', output: '1.60' }],
  [MODELS.gpt41Mini, 'batch', { input: '0.20', cached_input: '0.05', output: '0.80' }],
  [MODELS.o4Mini, 'standard', { input: '1.10', cached_input: '0.275', output: '4.40' }],
  [MODELS.sonnet, 'standard', { input: '3.00', cached_input: '0.30', cache_write: '3.75', output: '15.00' }],
  [MODELS.haiku, 'standard', { input: '1.00', cached_input: '0.10', cache_write: '1.25', output: '5.00' }],
  [
    MODELS.bedrockHaiku,
    'standard',
    { input: '0.80', cached_input: '0.08', cache_write: '1.00', output: '4.00' },
  ],
  [MODELS.novaPro, 'standard', { input: '0.80', cached_input: '0.20', output: '3.20' }],
  [MODELS.mistralLarge, 'standard', { input: '2.00', output: '6.00' }],
];

/** gpt-4.1 moves to a negotiated contract price part-way through the window. */
export const REPRICED_MODEL = MODELS.gpt41;
const CONTRACT_PRICES: PriceList = { input: '1.60', cached_input: '0.40', output: '6.40' };
const CONTRACT_REF = 'OPENAI-EA-2026-014';

/** The instant the contract price starts: just under half-way through the window, at noon UTC. */
export function priceChangeAt(window: DemoWindow): number {
  return window.startMs + Math.floor((window.days.length * 9) / 20) * DAY_MS + 12 * HOUR_MS;
}

export function demoPrices(window: DemoWindow): DemoPrice[] {
  // The list prices have held since the start of the year before the window.
  const listedFrom = Date.UTC(new Date(window.startMs).getUTCFullYear() - 1, 0, 1);
  const changeAt = priceChangeAt(window);
  const prices: DemoPrice[] = [];
  for (const [spec, billingCategory, list] of LIST_PRICES) {
    const repriced = spec === REPRICED_MODEL && billingCategory === 'standard';
    for (const [tokenType, perMillion] of Object.entries(list) as [BilledTokenType, string][]) {
      const base = {
        provider: spec.provider,
        model: spec.model,
        billingCategory,
        tokenType,
        inPriceTable: spec !== MODELS.mistralLarge,
        pricingSource: SOURCES[spec.provider],
      };
      prices.push({
        ...base,
        perMillion,
        picoPerToken: picoPerToken(perMillion),
        fromMs: listedFrom,
        toMs: repriced ? changeAt : null,
        contractRef: null,
      });
      const contract = CONTRACT_PRICES[tokenType];
      if (repriced && contract) {
        prices.push({
          ...base,
          perMillion: contract,
          picoPerToken: picoPerToken(contract),
          fromMs: changeAt,
          toMs: null,
          pricingSource: 'contract',
          contractRef: CONTRACT_REF,
        });
      }
    }
  }
  return prices;
}

/** `config/pricing/prices.csv`: the verified table, which misses the unpriced model. */
export function priceTableCsv(prices: readonly DemoPrice[]): string {
  const instant = (ms: number) => (ms % DAY_MS === 0 ? dayOf(ms) : isoSecondsOf(ms));
  const rows = prices
    .filter((price) => price.inPriceTable)
    .map((price) => [
      price.provider,
      price.model,
      price.billingCategory,
      price.tokenType,
      String(UNIT_TOKENS),
      price.perMillion,
      'USD',
      instant(price.fromMs),
      price.toMs === null ? '' : instant(price.toMs),
      price.pricingSource,
      price.contractRef ?? '',
    ]);
  return toCsv(PRICE_COLUMNS, rows);
}

export interface TokenUsage {
  readonly input: number;
  readonly output: number;
  readonly cached: number;
  readonly cacheWrite: number;
  readonly reasoning: number;
}

/**
 * Tokens per billed type (DESIGN §7.1): input counts cached and cache-write tokens, which
 * are billed at their own rows; reasoning is part of output and, with no `reasoning`
 * row in the table, billed at the output row.
 */
export function billedTokens(usage: TokenUsage): Record<BilledTokenType, number> {
  return {
    input: usage.input - usage.cached - usage.cacheWrite,
    cached_input: usage.cached,
    cache_write: usage.cacheWrite,
    output: usage.output,
  };
}

export function findPrice(
  prices: readonly DemoPrice[],
  key: {
    provider: Provider;
    model: string;
    billingCategory: DemoBillingCategory;
    tokenType: BilledTokenType;
  },
  atMs: number,
): DemoPrice | undefined {
  return prices.find(
    (price) =>
      price.provider === key.provider &&
      price.model === key.model &&
      price.billingCategory === key.billingCategory &&
      price.tokenType === key.tokenType &&
      price.fromMs <= atMs &&
      (price.toMs === null || atMs < price.toMs),
  );
}

export function costPico(tokens: number, price: DemoPrice): bigint {
  return BigInt(tokens) * price.picoPerToken;
}

function picoPerToken(perMillion: string): bigint {
  const pico = decimalToPico(perMillion);
  if (pico % UNIT_TOKENS_BIG !== 0n)
    throw new RangeError(`${perMillion} per million tokens is not a whole pico-unit per token`);
  return pico / UNIT_TOKENS_BIG;
}

/** Rounds pico-units to `decimals` places, half away from zero (how invoices round). */
export function roundPico(pico: bigint, decimals: number): bigint {
  const step = 10n ** BigInt(12 - decimals);
  const magnitude = pico < 0n ? -pico : pico;
  const rounded = ((magnitude + step / 2n) / step) * step;
  return pico < 0n ? -rounded : rounded;
}

/** Rounded to exactly `decimals` places, as invoices print amounts ("12.30"). */
export function fixedDecimal(pico: bigint, decimals: number): string {
  const text = picoToDecimal(roundPico(pico, decimals));
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(decimals, '0')}`;
}
