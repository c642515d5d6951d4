import { ANTHROPIC_ADMIN_KEY } from '../../config/secret-names.ts';
import type { BillingApiSource } from './billing-api-source.ts';
import { type DayRange, rfc3339 } from './date-range.ts';

/**
 * Anthropic Admin API cost and messages usage reports (admin key in `x-api-key`, plus
 * `anthropic-version`). Times are RFC 3339; array parameters are `group_by[]=…`, as the
 * Anthropic docs write them. Cost amounts come back in cents as decimal strings.
 */
export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';

export const anthropicCosts: BillingApiSource = {
  id: 'anthropic-costs',
  area: 'billing',
  label: 'Anthropic cost report API',
  secretName: ANTHROPIC_ADMIN_KEY,
  request: (baseUrl, range, key) =>
    // model, token_type and service_tier are only filled in when grouped by description.
    anthropicRequest(baseUrl, '/v1/organizations/cost_report', range, key, ['workspace_id', 'description']),
};

export const anthropicUsage: BillingApiSource = {
  id: 'anthropic-usage',
  area: 'usage',
  label: 'Anthropic messages usage report API',
  secretName: ANTHROPIC_ADMIN_KEY,
  request: (baseUrl, range, key) =>
    anthropicRequest(baseUrl, '/v1/organizations/usage_report/messages', range, key, [
      'api_key_id',
      'workspace_id',
      'model',
      'service_tier',
      'context_window',
    ]),
};

function anthropicRequest(
  baseUrl: string | undefined,
  path: string,
  range: DayRange,
  key: string,
  groupBy: string[],
) {
  // Appended, not resolved, so a base URL with a path (a proxy) keeps it.
  const url = new URL(`${(baseUrl ?? ANTHROPIC_DEFAULT_BASE_URL).replace(/\/+$/, '')}${path}`);
  url.searchParams.set('starting_at', rfc3339(range.start));
  url.searchParams.set('ending_at', rfc3339(range.end));
  url.searchParams.set('bucket_width', '1d');
  // 31 daily buckets is the maximum of both reports.
  url.searchParams.set('limit', '31');
  for (const field of groupBy) url.searchParams.append('group_by[]', field);
  return {
    url,
    headers: { 'x-api-key': key, 'anthropic-version': ANTHROPIC_VERSION, accept: 'application/json' },
  };
}
