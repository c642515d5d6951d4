/**
 * One provider name across cost events, prices, bills and usage records: lower-case,
 * as the cost events' `provider` names it (the demo's events use `openai`, `anthropic`
 * and `bedrock`). Reconciliation joins estimates to billing lines on it, so:
 *
 * - Amazon Bedrock charges are `bedrock`, although AWS issues the bill (a FOCUS
 *   `ProviderName` of `AWS`): the estimate a Bedrock request carries says `bedrock`, and
 *   a Bedrock line under `aws` would never meet it. Bedrock Marketplace models
 *   (`Claude 3.5 Haiku (Amazon Bedrock Edition)`) are `bedrock` too.
 * - Every other AWS charge is `aws`; Azure's are `microsoft`, OCI's `oracle`.
 * - Names not listed are slugged (`Solora AI` → `solora-ai`).
 */
const ALIASES: Readonly<Record<string, string>> = {
  aws: 'aws',
  amazon: 'aws',
  'amazon web services': 'aws',
  'amazon web services inc': 'aws',
  'amazon web services, inc.': 'aws',
  bedrock: 'bedrock',
  'amazon bedrock': 'bedrock',
  'aws bedrock': 'bedrock',
  'aws.bedrock': 'bedrock',
  microsoft: 'microsoft',
  azure: 'microsoft',
  'microsoft azure': 'microsoft',
  oracle: 'oracle',
  oci: 'oracle',
  'oracle cloud infrastructure': 'oracle',
  google: 'google',
  gcp: 'google',
  'google cloud': 'google',
  openai: 'openai',
  'openai, llc': 'openai',
  anthropic: 'anthropic',
  'anthropic, pbc': 'anthropic',
};

/** The lower-case provider name for a name as a bill writes it; undefined for blank text. */
export function providerName(name: string): string | undefined {
  const lower = name.trim().toLowerCase();
  const alias = ALIASES[lower];
  if (alias) return alias;
  const slug = lower.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug === '' ? undefined : slug;
}

/** True when a service name or AWS service code is Amazon Bedrock's, Marketplace editions included. */
export function isBedrockService(...names: readonly (string | null | undefined)[]): boolean {
  return names.some((name) => name != null && /bedrock/i.test(name));
}
