import { COST_EVENT_VERSIONS } from '../cost-event.ts';
import { picoToDecimal } from '../money.ts';
import { type DemoWindow, HOUR_MS, isoOf } from './demo-window.ts';
import { JsonDecimal, jsonText } from './json-text.ts';
import { duplicateLines, groupLines, insertLines, type LineFile } from './line-files.ts';
import {
  type BilledTokenType,
  billedTokens,
  costPico,
  type DemoPrice,
  findPrice,
  roundPico,
} from './prices.ts';
import { hashText, Random } from './random.ts';
import { DEMO_DUPLICATE_LINES, DEMO_MALFORMED_LINES, type MalformedEventKind } from './scenarios.ts';
import type { DemoRequest } from './traffic.ts';

/**
 * The cost-allocation events as each application's log shipper writes them: one NDJSON
 * file per application and hour, `incoming/events/<application>/<YYYY-MM-DD>/<HH>.ndjson`
 * (engineering-copilot ships gzip), arriving a few minutes after the hour. Each
 * application has its own habits: extra fields the contract does not know, defaults
 * left out, its cost estimate as a string or a JSON number.
 */
const GZIP_APPLICATIONS = new Set(['engineering-copilot']);

export function eventFiles(
  requests: readonly DemoRequest[],
  prices: readonly DemoPrice[],
  window: DemoWindow,
  random: Random,
): LineFile[] {
  const entries = requests.map((request) => ({
    key: eventKey(request),
    line: jsonText(costEvent(request, prices, window)),
  }));
  const files = groupLines(entries, (key) => ({
    receivedAtMs: Math.min(hourOfKey(key) + HOUR_MS + random.int(2, 9) * 60_000, window.endMs),
    gzip: key.endsWith('.gz'),
  }));
  duplicateLines(files, DEMO_DUPLICATE_LINES.events, random);
  insertLines(files, malformedEvents(requests, prices, window, random), random);
  return files;
}

function eventKey(request: DemoRequest): string {
  const iso = isoOf(request.timestampMs);
  const application = request.workflow.application;
  const extension = GZIP_APPLICATIONS.has(application) ? 'ndjson.gz' : 'ndjson';
  return `incoming/events/${application}/${iso.slice(0, 10)}/${iso.slice(11, 13)}.${extension}`;
}

function hourOfKey(key: string): number {
  const [, day, hour] = /\/(\d{4}-\d{2}-\d{2})\/(\d{2})\./.exec(key) ?? [];
  return Date.parse(`${day}T${hour}:00:00Z`);
}

function costEvent(
  request: DemoRequest,
  prices: readonly DemoPrice[],
  window: DemoWindow,
): Record<string, unknown> {
  const { workflow, model, usage } = request;
  const application = workflow.application;
  const firstTry = request.attempt === 1 && request.fallbackRoute === null;
  const estimate = costEstimate(request, prices, window);
  return {
    event_type: 'ai_api_cost_allocation',
    event_version: COST_EVENT_VERSIONS[0],
    request_id: request.requestId,
    timestamp_utc: isoOf(request.timestampMs),
    environment: request.environment,
    application,
    workflow: workflow.workflow,
    tenant_id: request.tenant,
    team: workflow.team,
    cost_center: workflow.costCenter,
    provider: model.provider,
    provider_account: request.account,
    model_or_deployment: model.model,
    prompt_version: request.promptVersion,
    usage: {
      input_tokens: usage.input,
      output_tokens: usage.output,
      total_tokens: usage.input + usage.output,
      ...(model.cacheRead ? { cached_input_tokens: usage.cached } : {}),
      ...(model.cacheWrite ? { cache_write_tokens: usage.cacheWrite } : {}),
      ...(model.reasoning ? { reasoning_tokens: usage.reasoning } : {}),
    },
    // support-desk leaves the default billing category out.
    ...(application === 'support-desk' ? {} : { billing_category: request.billingCategory }),
    // engineering-copilot only writes routing when there was something to route.
    ...(application === 'engineering-copilot' && firstTry
      ? {}
      : {
          routing: {
            attempt_number: request.attempt,
            retry_count: request.attempt - 1,
            fallback_used: request.fallbackRoute !== null,
            ...(request.fallbackRoute ? { fallback_route: request.fallbackRoute } : {}),
          },
        }),
    status: request.status,
    ...(request.unit
      ? {
          business_unit: {
            unit_type: workflow.unitType,
            unit_id: request.unit.unitId,
            ...(request.unit.outcome ? { unit_outcome: request.unit.outcome } : {}),
          },
        }
      : {}),
    ...(estimate && application === 'support-desk'
      ? { cost_estimate: { amount: estimate, currency: 'USD' } }
      : {}),
    ...(estimate && application === 'engineering-copilot'
      ? { cost_estimate: { amount: new JsonDecimal(estimate), currency: 'USD' } }
      : {}),
    ...extraFields(request),
  };
}

/**
 * What the application believed the request cost: its own copy of the list prices,
 * taken at the start of the window and never updated (so it misses the contract price).
 */
function costEstimate(request: DemoRequest, prices: readonly DemoPrice[], window: DemoWindow): string | null {
  let total = 0n;
  for (const [tokenType, tokens] of Object.entries(billedTokens(request.usage)) as [
    BilledTokenType,
    number,
  ][]) {
    if (tokens === 0) continue;
    const price = findPrice(
      prices,
      { ...request.model, billingCategory: request.billingCategory, tokenType },
      window.startMs,
    );
    if (!price?.inPriceTable) return null;
    total += costPico(tokens, price);
  }
  return picoToDecimal(roundPico(total, 6));
}

/** Fields the contract does not know; they must be ignored, never a reason to reject. */
function extraFields(request: DemoRequest): Record<string, unknown> {
  const application = request.workflow.application;
  if (application === 'support-desk') {
    return {
      trace_id: new Random(hashText(request.requestId)).hex(32),
      sdk: { name: 'helpdesk-ai', version: '4.2.0' },
    };
  }
  if (application === 'engineering-copilot') return { client: { ide: 'vscode', plugin_version: '3.2.1' } };
  return {};
}

/** Broken lines, shaped like a real event and put in that event's file. */
function malformedEvents(
  requests: readonly DemoRequest[],
  prices: readonly DemoPrice[],
  window: DemoWindow,
  random: Random,
): { key: string; line: string }[] {
  const lines: { key: string; line: string }[] = [];
  for (const [kind, count] of Object.entries(DEMO_MALFORMED_LINES.events) as [MalformedEventKind, number][]) {
    for (let i = 0; i < count; i++) {
      const like = random.pick(requests);
      const event = costEvent({ ...like, requestId: `req_bad${random.hex(17)}` }, prices, window);
      lines.push({ key: eventKey(like), line: breakEvent(kind, event, random) });
    }
  }
  return lines;
}

function breakEvent(kind: MalformedEventKind, event: Record<string, unknown>, random: Random): string {
  const usage = event.usage as Record<string, number>;
  switch (kind) {
    case 'invalid_json': {
      // A shipper that cut the line at a buffer boundary.
      const text = jsonText(event);
      return text.slice(0, Math.floor(text.length * random.between(0.3, 0.8)));
    }
    case 'missing_required_field': {
      const { model_or_deployment: _dropped, ...rest } = event;
      return jsonText(rest);
    }
    case 'negative_tokens':
      return jsonText({ ...event, usage: { ...usage, output_tokens: -random.int(1, 500) } });
    case 'cached_exceeds_input':
      return jsonText({
        ...event,
        usage: { ...usage, cached_input_tokens: (usage.input_tokens ?? 0) + random.int(100, 900) },
      });
  }
}
