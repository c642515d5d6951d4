import { z } from 'zod';
import {
  BillingCategory,
  MoneyAmount,
  OptionalText,
  Outcome,
  ProviderName,
  Text,
  TokenCount,
  UtcTimestamp,
} from './contract-fields.ts';

/**
 * The cost-allocation event each AI API call produces (DESIGN §6). Unknown fields are
 * dropped, never a reason to reject; the output is the normalized shape.
 */
export const COST_EVENT_VERSIONS = ['2026-05-11'] as const;

const UsageSchema = z
  .object({
    input_tokens: TokenCount,
    output_tokens: TokenCount,
    total_tokens: TokenCount.nullish(),
    cached_input_tokens: TokenCount.nullish(),
    cache_write_tokens: TokenCount.nullish(),
    reasoning_tokens: TokenCount.nullish(),
  })
  .superRefine((usage, ctx) => {
    // zod runs this even when a count itself was rejected; one reason per problem is enough.
    if (usage.input_tokens < 0 || usage.output_tokens < 0) return;
    const cachedParts = (usage.cached_input_tokens ?? 0) + (usage.cache_write_tokens ?? 0);
    if (cachedParts > usage.input_tokens) {
      ctx.addIssue({
        code: 'custom',
        path: ['cached_input_tokens'],
        message: `cached_input_tokens + cache_write_tokens (${cachedParts}) must not exceed input_tokens (${usage.input_tokens}): input_tokens counts all input, cached included`,
      });
    }
    if ((usage.reasoning_tokens ?? 0) > usage.output_tokens) {
      ctx.addIssue({
        code: 'custom',
        path: ['reasoning_tokens'],
        message: `reasoning_tokens (${usage.reasoning_tokens}) must not exceed output_tokens (${usage.output_tokens}): output_tokens counts reasoning tokens`,
      });
    }
  });

const RoutingSchema = z.object({
  attempt_number: z.number().int().min(1, 'must be 1 or more').default(1),
  retry_count: TokenCount.nullish(),
  fallback_used: z.boolean().default(false),
  fallback_route: OptionalText,
});

const BusinessUnitSchema = z.object({
  unit_type: Text,
  unit_id: Text,
  unit_outcome: Outcome.nullish(),
});

export const CostAllocationEventSchema = z.object({
  event_type: z.literal('ai_api_cost_allocation'),
  event_version: z.enum(COST_EVENT_VERSIONS),
  request_id: Text,
  timestamp_utc: UtcTimestamp,
  environment: Text,
  application: Text,
  workflow: Text,
  tenant_id: OptionalText,
  team: OptionalText,
  cost_center: OptionalText,
  provider: ProviderName,
  provider_account: OptionalText,
  model_or_deployment: Text,
  prompt_version: OptionalText,
  usage: UsageSchema,
  billing_category: BillingCategory.nullish().transform((value) => value ?? 'standard'),
  routing: RoutingSchema.nullish().transform(
    (value) => value ?? { attempt_number: 1, retry_count: null, fallback_used: false, fallback_route: null },
  ),
  status: z
    .enum(['succeeded', 'failed', 'timeout', 'partial'])
    .nullish()
    .transform((value) => value ?? 'succeeded'),
  business_unit: BusinessUnitSchema.nullish(),
  cost_estimate: MoneyAmount.nullish(),
});

export type CostAllocationEvent = z.infer<typeof CostAllocationEventSchema>;
