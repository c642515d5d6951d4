import type { z } from 'zod';
import type { BillingCategory } from '../contract-fields.ts';

type Category = z.infer<typeof BillingCategory>;

/**
 * A provider's service tier as the cost events' `billing_category` (standard, batch,
 * priority, flex), or null when the source does not say or says something else.
 * OpenAI: `default`/`auto` are standard; Anthropic: `priority_on_demand` is priority,
 * `flex_discount` flex.
 */
const TIERS: Readonly<Record<string, Category>> = {
  standard: 'standard',
  default: 'standard',
  auto: 'standard',
  batch: 'batch',
  priority: 'priority',
  priority_on_demand: 'priority',
  flex: 'flex',
  flex_discount: 'flex',
};

export function billingCategoryOf(
  serviceTier: string | null | undefined,
  batch?: boolean | null,
): Category | null {
  if (batch === true) return 'batch';
  const tier = serviceTier ? TIERS[serviceTier.trim().toLowerCase()] : undefined;
  if (tier) return tier;
  return batch === false && !serviceTier ? 'standard' : null;
}
