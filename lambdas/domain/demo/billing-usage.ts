import type { Provider } from './catalog.ts';
import { DAY_MS, dayOf } from './demo-window.ts';
import {
  type BilledTokenType,
  billedTokens,
  costPico,
  type DemoBillingCategory,
  type DemoPrice,
  findPrice,
} from './prices.ts';
import type { DemoRequest } from './traffic.ts';

/**
 * What each provider bills: every request's tokens, split by billed type, priced at the
 * row in force at the request's instant (including the prices missing from the verified
 * table), summed per day, account, model, category, token type and price row. This is
 * exactly the estimate the pipeline should compute, which is what makes the bills
 * "close" (and the planted variance stand out).
 */
export interface UsageLine {
  readonly provider: Provider;
  readonly account: string;
  readonly model: string;
  readonly billingCategory: DemoBillingCategory;
  readonly tokenType: BilledTokenType;
  /** Midnight (UTC) of the day the usage happened. */
  readonly dayMs: number;
  readonly price: DemoPrice;
  tokens: number;
  costPico: bigint;
}

export function usageLines(requests: readonly DemoRequest[], prices: readonly DemoPrice[]): UsageLine[] {
  const lines = new Map<string, UsageLine>();
  for (const request of requests) {
    const dayMs = Math.floor(request.timestampMs / DAY_MS) * DAY_MS;
    for (const [tokenType, tokens] of Object.entries(billedTokens(request.usage)) as [
      BilledTokenType,
      number,
    ][]) {
      if (tokens === 0) continue;
      const key = { ...request.model, billingCategory: request.billingCategory, tokenType };
      const price = findPrice(prices, key, request.timestampMs);
      if (!price)
        throw new RangeError(`the demo bills ${request.model.model} ${tokenType} but has no price for it`);
      const id = [
        request.model.provider,
        request.account,
        request.model.model,
        request.billingCategory,
        tokenType,
        dayOf(dayMs),
        price.fromMs,
      ].join('|');
      const line = lines.get(id);
      if (line) {
        line.tokens += tokens;
        line.costPico += costPico(tokens, price);
      } else {
        lines.set(id, {
          provider: request.model.provider,
          account: request.account,
          model: request.model.model,
          billingCategory: request.billingCategory,
          tokenType,
          dayMs,
          price,
          tokens,
          costPico: costPico(tokens, price),
        });
      }
    }
  }
  return [...lines.values()].sort(
    (a, b) =>
      a.dayMs - b.dayMs ||
      a.account.localeCompare(b.account) ||
      a.model.localeCompare(b.model) ||
      a.billingCategory.localeCompare(b.billingCategory) ||
      a.tokenType.localeCompare(b.tokenType) ||
      a.price.fromMs - b.price.fromMs,
  );
}

export function sumCost(lines: readonly UsageLine[]): bigint {
  return lines.reduce((sum, line) => sum + line.costPico, 0n);
}
