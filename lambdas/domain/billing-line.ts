import { z } from 'zod';
import { BILLED_TOKEN_TYPES } from './evidence/token-type.ts';

/**
 * Billing evidence, one normalized line per source line (DESIGN §6), the rows of
 * `v_billing_lines` (DESIGN §7): `land` writes them as NDJSON to
 * `raw/billing_lines/dt=<billing_period_start>/`, keys always present and in this order.
 *
 * - `provider`: lower-case, as cost events name it (`bedrock` for Amazon Bedrock charges
 *   even on an AWS bill; see evidence/provider-name.ts).
 * - `billing_account_id`: the account the bill is issued to (FOCUS `BillingAccountId`,
 *   the invoice CSV's `account`); null where the source does not name it (the OpenAI and
 *   Anthropic APIs report one organization). `sub_account_id`: the account that used the
 *   service, as cost events' `provider_account` names it (AWS usage account, OpenAI
 *   project, Anthropic workspace, the invoice CSV's `account`).
 * - `charge_category`: see each source's normalizer for its mapping; `charge_class` is
 *   `correction` for a line that corrects an earlier billing period: it keeps its own
 *   charge period and lands in the billing period that carries it.
 * - Amounts and quantities are exact decimal strings; `currency` is ISO 4217 upper case.
 * - `source_line_id` is deterministic. For files (FOCUS, invoice CSV) it is
 *   `<source>|<key>|<line>`: a file is replaced as a whole when it is delivered again, so
 *   readers keep, per `source_key`, the lines of its latest `source_received_at`. For API
 *   pages it names the bucket and the result's grouping (`openai-costs|<bucket start>|
 *   <project>|<api key>|<line item>`), not the page: overlapping pulls land the same
 *   bucket twice, and readers keep one line per `source_line_id`, the latest received.
 *
 * Columns after `source_line_id` trace the line to its source (more may follow).
 */
export const CHARGE_CATEGORIES = [
  'usage',
  'tax',
  'credit',
  'refund',
  'adjustment',
  'commitment',
  'fee',
] as const;
export type ChargeCategory = (typeof CHARGE_CATEGORIES)[number];

export const BILLING_LINE_SOURCES = [
  'focus',
  'openai-costs',
  'anthropic-costs',
  'invoice-csv',
  'cur',
] as const;
export type BillingLineSource = (typeof BILLING_LINE_SOURCES)[number];

const ExactDecimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be exact decimal text such as "-2.6137"');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const UtcInstant = z.iso.datetime({ error: 'must be an ISO 8601 UTC timestamp' });
const Name = z.string().min(1).max(2048);

export const BillingLineSchema = z.object({
  billing_period_start: IsoDate,
  charge_period_start: UtcInstant,
  charge_period_end: UtcInstant,
  provider: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be a lower-case provider name such as "bedrock"'),
  billing_account_id: Name.nullable(),
  sub_account_id: Name.nullable(),
  service: Name.nullable(),
  sku_or_model: Name.nullable(),
  charge_category: z.enum(CHARGE_CATEGORIES),
  charge_class: z.literal('correction').nullable(),
  billed_cost: ExactDecimal,
  effective_cost: ExactDecimal,
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an upper-case ISO 4217 code such as "USD"'),
  consumed_quantity: ExactDecimal.nullable(),
  consumed_unit: Name.nullable(),
  source: z.enum(BILLING_LINE_SOURCES),
  source_line_id: Name,
  /** The billed token type, where the line names one. */
  token_type: z.enum(BILLED_TOKEN_TYPES).nullable(),
  charge_description: z.string().max(4096).nullable(),
  source_key: Name,
  /** The line (CSV: where the record ends) or the result's position in a JSON page. */
  source_line: z.number().int().nonnegative(),
  source_received_at: UtcInstant,
});

export type BillingLine = z.infer<typeof BillingLineSchema>;
