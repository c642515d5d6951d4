/**
 * The billed token type a bill or report names in words: FOCUS `SkuMeter` (`Cache Read
 * Input Tokens`), OpenAI line items (`gpt-4o, cached input`), Anthropic `token_type`
 * (`cache_creation.ephemeral_5m_input_tokens`), AWS usage types
 * (`USE1-NovaPro-cache-write-input-token-count`). Same names as the price table's token
 * types; cache checks come first because cache lines also say "input".
 */
export const BILLED_TOKEN_TYPES = ['input', 'output', 'cached_input', 'cache_write'] as const;
export type BilledTokenType = (typeof BILLED_TOKEN_TYPES)[number];

export function tokenTypeOfText(text: string | null | undefined): BilledTokenType | null {
  if (!text) return null;
  // "uncached_input_tokens" is plain input, not a cache read.
  const lower = text.toLowerCase().replace(/uncached/g, '');
  if (/cache[-_ ]?read|cached/.test(lower)) return 'cached_input';
  if (/cache[-_ ]?(write|creation)/.test(lower)) return 'cache_write';
  if (/input|prompt/.test(lower)) return 'input';
  if (/output|completion/.test(lower)) return 'output';
  return null;
}
