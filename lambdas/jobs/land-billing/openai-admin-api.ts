import { OPENAI_ADMIN_KEY } from '../../config/secret-names.ts';
import type { BillingApiSource } from './billing-api-source.ts';
import { type DayRange, unixSeconds } from './date-range.ts';

/**
 * OpenAI organization Costs and Usage APIs (admin key, `Authorization: Bearer`). Times
 * are unix seconds, `end_time` exclusive; array parameters repeat the name
 * (`group_by=a&group_by=b`), as the official clients send them.
 */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com';

export const openAiCosts: BillingApiSource = {
  id: 'openai-costs',
  area: 'billing',
  label: 'OpenAI costs API',
  secretName: OPENAI_ADMIN_KEY,
  request: (baseUrl, range, key) =>
    openAiRequest(baseUrl, '/v1/organization/costs', range, key, {
      // 180 daily buckets is the API's maximum; line_item names the model and token type.
      limit: '180',
      group_by: ['project_id', 'line_item'],
    }),
};

export const openAiUsage: BillingApiSource = {
  id: 'openai-usage',
  area: 'usage',
  label: 'OpenAI completions usage API',
  secretName: OPENAI_ADMIN_KEY,
  request: (baseUrl, range, key) =>
    openAiRequest(baseUrl, '/v1/organization/usage/completions', range, key, {
      limit: '31',
      // Not user_id: one row per user would multiply the pages for no reconciliation gain.
      group_by: ['project_id', 'api_key_id', 'model', 'batch', 'service_tier'],
    }),
};

function openAiRequest(
  baseUrl: string | undefined,
  path: string,
  range: DayRange,
  key: string,
  params: { limit: string; group_by: string[] },
) {
  // Appended, not resolved, so a base URL with a path (a proxy) keeps it.
  const url = new URL(`${(baseUrl ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, '')}${path}`);
  url.searchParams.set('start_time', unixSeconds(range.start));
  url.searchParams.set('end_time', unixSeconds(range.end));
  url.searchParams.set('bucket_width', '1d');
  url.searchParams.set('limit', params.limit);
  for (const field of params.group_by) url.searchParams.append('group_by', field);
  return { url, headers: { authorization: `Bearer ${key}`, accept: 'application/json' } };
}
