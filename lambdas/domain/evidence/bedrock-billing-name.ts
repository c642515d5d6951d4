/**
 * AWS bills Amazon Bedrock usage that carries no resource ARN under a billing name, not
 * under the model id applications send: the usage type `USE1-Claude3Haiku-input-tokens`
 * names `Claude3Haiku`, a Marketplace product `Claude 3.5 Haiku (Amazon Bedrock Edition)`
 * names `Claude 3.5 Haiku`. The CUR staging SQL (sql/staging/stg_cur__bedrock_line_items.sql)
 * and the FOCUS normalizer use the same rule, so one usage type gives one name whichever
 * export carries it; reconciliation meets these names with model ids through
 * `reconciliation.bedrock_billing_names` in config/settings.json.
 *
 * The rule: the usage type minus its region prefix (AWS's billing code of the region,
 * `USE1-`, `EUC1-`, `APN1-`, or none) and minus its token and tier suffix, which starts
 * at the first segment naming a token type, modality or tier. Spellings, from:
 * - AWS, "Understanding your Amazon Bedrock Cost and Usage Report data" (Bedrock user
 *   guide, cost-mgmt-understanding-cur-data): `*-input-tokens`, `*-output-tokens`,
 *   `*-cache-read-input-token-count`, `*-cache-write-input-token-count`,
 *   `*-mantle-input-tokens-*`, `*-mantle-output-tokens-*` (FORMATS.md §1.3);
 * - AWS Price List usage types as third-party cost exporters and their tests spell them
 *   (FORMATS.md §1.3 [3rd], and public pricing-exporter tests): `-batch`, `-flex`, `-priority`,
 *   `-latency-optimized`, `-cross-region-global`, `-input-tokens-cross-region-global-batch`,
 *   `-text-input-tokens-priority-cross-region-global` (Nova 2.0 Pro), `-speech-input-tokens`
 *   (Nova Sonic), `-mantle-cache-write-tokens-5m-long-ctx-flex`,
 *   `-reserved-1-month-input-tokens-per-minute`, `-search-units` (Cohere Rerank);
 * - AWS's CUDOS dashboard, which takes `split(usage_type, '-', 2)`: right for
 *   `Claude3Haiku`, wrong for names with a dash (`Llama3-1-405B`), hence this rule.
 * A Marketplace usage type (`USE1-MP:USE1_InputTokenCount-Units`) names no model; its
 * product does. A usage type with neither a region prefix nor a known suffix is not one
 * this rule reads.
 *
 * The two patterns are written so that JavaScript, RE2 (DuckDB) and Joni (Athena/Trino)
 * read them alike; the SQL holds the same text (a test compares them).
 */
export const USAGE_TYPE_NAME_PATTERN =
  '^(?:[A-Z]{3}[0-9]+-)?(.+?)-(?:(?:text|speech)-)?(?:input|output|cache-read|cache-write|mantle|reserved|batch|flex|priority|latency-optimized|cross-region|global|search-units)(?:-|$)';
/** A usage type with a region prefix and no known suffix: everything after the prefix. */
export const USAGE_TYPE_WITHOUT_SUFFIX_PATTERN = '^[A-Z]{3}[0-9]+-(.+)$';

const NAME = new RegExp(USAGE_TYPE_NAME_PATTERN);
const WITHOUT_SUFFIX = new RegExp(USAGE_TYPE_WITHOUT_SUFFIX_PATTERN);
const MARKETPLACE_EDITION = '(Amazon Bedrock Edition)';

/** The billing name of a Bedrock usage type, or null when it names none (Marketplace, `Tax`). */
export function bedrockBillingNameOfUsageType(usageType: string | null | undefined): string | null {
  if (!usageType || usageType.includes('MP:')) return null;
  const name = NAME.exec(usageType)?.[1] ?? WITHOUT_SUFFIX.exec(usageType)?.[1];
  return name ? name : null;
}

/** The model a Marketplace product names (`Claude 3.5 Haiku (Amazon Bedrock Edition)` → `Claude 3.5 Haiku`). */
export function bedrockMarketplaceModel(productName: string | null | undefined): string | null {
  if (!productName?.includes(MARKETPLACE_EDITION)) return null;
  const name = productName.replace(MARKETPLACE_EDITION, '').trim();
  return name === '' ? null : name;
}

/**
 * Whether a Bedrock line's model is a billing name rather than a model id or ARN. Model
 * ids start with their vendor and a dot (`anthropic.claude-…`, `amazon.nova-pro-v1:0`),
 * or a profile scope before that (`us.anthropic.…`); billing names do not
 * (`Claude3Haiku`, `Nova2.0Lite`, `Claude 3.5 Haiku`). A mantle usage type's name
 * (`openai.gpt-oss-120b`) looks like a model id and is taken for one.
 */
export function isBedrockBillingName(model: string): boolean {
  return !model.startsWith('arn:') && !/^[a-z][a-z0-9-]*\./.test(model);
}

export interface BilledModel {
  readonly sku_or_model: string;
}

/** The billed names among `models` that are billing names and that `mapping` does not map, in order. */
export function unmappedBillingNames<Model extends BilledModel>(
  models: readonly Model[],
  mapping: Readonly<Record<string, readonly string[]>>,
): Model[] {
  return models.filter(
    (model) => isBedrockBillingName(model.sku_or_model) && !Object.hasOwn(mapping, model.sku_or_model),
  );
}
