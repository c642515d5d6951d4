import { picoToDecimal } from '../money.ts';
import type { UsageLine } from './billing-usage.ts';
import type { DemoFile } from './demo-file.ts';
import { type BillingMonth, DAY_MS, type DemoWindow, dayOf, HOUR_MS } from './demo-window.ts';
import { JsonDecimal, jsonText } from './json-text.ts';
import type { BilledTokenType } from './prices.ts';

/**
 * The OpenAI organization Costs API as `land-billing` stores it: one page per month
 * (daily buckets, grouped by project and line item, at most 180 buckets a page) under
 * `incoming/billing/openai-costs/<from>_<to>/page-0001.json`, in exactly the API's shape.
 * `amount.value` is a JSON number, as the API sends it; the line item names the model
 * and token type (`gpt-4.1-mini, cached input (batch)`).
 */
const LINE_ITEM_KIND: Record<BilledTokenType, string> = {
  input: 'input',
  cached_input: 'cached input',
  cache_write: 'cache write',
  output: 'output',
};

export function openAiCostFiles(
  months: readonly BillingMonth[],
  lines: readonly UsageLine[],
  window: DemoWindow,
): DemoFile[] {
  return months.map((month) => {
    const buckets = [];
    for (let dayMs = month.usageStartMs; dayMs < month.usageEndMs; dayMs += DAY_MS) {
      buckets.push({
        object: 'bucket',
        start_time: dayMs / 1000,
        end_time: (dayMs + DAY_MS) / 1000,
        results: dayResults(lines.filter((line) => line.dayMs === dayMs)),
      });
    }
    const page = { object: 'page', data: buckets, has_more: false, next_page: null };
    // The daily pull after the month ends is the last to rewrite the page.
    const receivedAtMs = month.closed ? Math.min(month.endMs + 2 * HOUR_MS, window.endMs) : window.endMs;
    return {
      key: `incoming/billing/openai-costs/${dayOf(month.usageStartMs)}_${dayOf(month.usageEndMs)}/page-0001.json`,
      body: jsonText(page),
      receivedAt: new Date(receivedAtMs),
    };
  });
}

/** One result per project and line item; a line item can span two price rows on a price-change day. */
function dayResults(lines: readonly UsageLine[]) {
  const results = new Map<string, { project: string; lineItem: string; tokens: number; costPico: bigint }>();
  for (const line of lines) {
    const batch = line.billingCategory === 'batch' ? ' (batch)' : '';
    const lineItem = `${line.model}, ${LINE_ITEM_KIND[line.tokenType]}${batch}`;
    const id = `${line.account}|${lineItem}`;
    const result = results.get(id) ?? { project: line.account, lineItem, tokens: 0, costPico: 0n };
    result.tokens += line.tokens;
    result.costPico += line.costPico;
    results.set(id, result);
  }
  return [...results.values()]
    .sort((a, b) => a.project.localeCompare(b.project) || a.lineItem.localeCompare(b.lineItem))
    .map((result) => ({
      object: 'organization.costs.result',
      amount: { value: new JsonDecimal(picoToDecimal(result.costPico)), currency: 'usd' },
      line_item: result.lineItem,
      project_id: result.project,
      api_key_id: null,
      quantity: result.tokens,
      quantity_unit: 'tokens',
    }));
}
