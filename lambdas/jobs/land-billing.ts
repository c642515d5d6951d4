import { createHash } from 'node:crypto';
import { setTimeout as wait } from 'node:timers/promises';
import { InvalidInputError } from '../domain/errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import type { SecretStore } from '../ports/secrets.ts';
import { anthropicCosts, anthropicUsage } from './land-billing/anthropic-admin-api.ts';
import {
  BILLING_API_SOURCES,
  type BillingApiSource,
  type BillingApiSourceId,
} from './land-billing/billing-api-source.ts';
import { type DayRange, parseDayRange } from './land-billing/date-range.ts';
import { openAiCosts, openAiUsage } from './land-billing/openai-admin-api.ts';
import { fetchAllPages, type HttpDeps } from './land-billing/paged-api.ts';

export { BILLING_API_SOURCES, type BillingApiSourceId } from './land-billing/billing-api-source.ts';

/**
 * The `land-billing` job: pulls the vendor billing and usage reports that have an API
 * (OpenAI organization costs and completions usage, Anthropic cost and messages usage
 * reports) for a range of UTC days and writes every page verbatim under
 * `incoming/billing/<source>/<from>_<to>/page-NNNN.json` or `incoming/usage/…`, where
 * `land` picks them up.
 *
 * Idempotent per date range: all pages of a source are fetched before any is written,
 * so a failed fetch leaves the previous landing untouched; then each page is written
 * (skipped when the stored bytes are already identical, so `land` sees no change), pages
 * beyond the new count are deleted, and the manifest under `state/land-billing/` is
 * written last. A source with no key configured is skipped; a source that fails does not
 * stop the others. The keys travel only in request headers: never in URLs, errors, logs
 * or files.
 */

export interface LandBillingDeps {
  readonly store: ObjectStore;
  readonly secrets: SecretStore;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  /** @default - real timers; tests pass one that records the delays and returns at once */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface LandBillingOptions {
  /** First day, YYYY-MM-DD (UTC). */
  readonly from: string;
  /** Day after the last, YYYY-MM-DD (UTC): the range excludes it. */
  readonly to: string;
  /** @default - https://api.openai.com */
  readonly openAiBaseUrl?: string;
  /** @default - https://api.anthropic.com */
  readonly anthropicBaseUrl?: string;
  /** @default - all four sources */
  readonly sources?: readonly BillingApiSourceId[];
}

export interface LandBillingSourceResult {
  readonly source: BillingApiSourceId;
  readonly status: 'landed' | 'skipped' | 'failed';
  /** Why a source was skipped (`no key`) or what failed (status, URL, body excerpt). */
  readonly reason: string | null;
  /** The last HTTP status of a failed request, when there was one. */
  readonly http_status: number | null;
  /** Where this range's pages live: `incoming/<area>/<source>/<from>_<to>/`. */
  readonly prefix: string;
  readonly pages: number;
  readonly pages_written: number;
  readonly pages_unchanged: number;
  readonly stale_pages_deleted: number;
  readonly retries: number;
  readonly manifest_key: string | null;
}

export interface LandBillingRunRecord {
  readonly job: 'land-billing';
  readonly run_id: string;
  /** `partial` when some sources failed and others did not; `failed` when all failed. */
  readonly status: 'succeeded' | 'partial' | 'failed';
  readonly started_at: string;
  readonly finished_at: string;
  readonly from: string;
  readonly to: string;
  readonly sources: readonly LandBillingSourceResult[];
}

export interface LandBillingManifest {
  readonly source: BillingApiSourceId;
  readonly from: string;
  readonly to: string;
  readonly run_id: string;
  readonly landed_at: string;
  /** The first page's URL: the query the pages answer (no key: keys go in headers). */
  readonly request_url: string;
  readonly pages: readonly { readonly key: string; readonly bytes: number; readonly sha256: string }[];
}

const SOURCES: Readonly<Record<string, BillingApiSource | undefined>> = {
  'openai-costs': openAiCosts,
  'openai-usage': openAiUsage,
  'anthropic-costs': anthropicCosts,
  'anthropic-usage': anthropicUsage,
};

export async function runLandBilling(
  deps: LandBillingDeps,
  options: LandBillingOptions,
): Promise<LandBillingRunRecord> {
  const range = parseDayRange(options.from, options.to);
  const startedAt = deps.clock.now();
  const runId = `${startedAt.toISOString().replace(/[:.]/g, '-')}-land-billing`;
  const http: HttpDeps = { fetch: deps.fetch, clock: deps.clock, sleep: deps.sleep ?? ((ms) => wait(ms)) };

  const sources = [...new Set(options.sources ?? BILLING_API_SOURCES)].map((id) => {
    const source = SOURCES[id];
    if (source) return source;
    throw new InvalidInputError(
      `unknown billing source "${id}"; expected one of ${BILLING_API_SOURCES.join(', ')}`,
    );
  });

  const results: LandBillingSourceResult[] = [];
  for (const source of sources) {
    const baseUrl = source.id.startsWith('openai') ? options.openAiBaseUrl : options.anthropicBaseUrl;
    results.push(await landSource(deps, http, source, baseUrl, range, runId));
  }

  const failed = results.filter((result) => result.status === 'failed').length;
  const record: LandBillingRunRecord = {
    job: 'land-billing',
    run_id: runId,
    status: failed === 0 ? 'succeeded' : failed === results.length ? 'failed' : 'partial',
    started_at: startedAt.toISOString(),
    finished_at: deps.clock.now().toISOString(),
    from: range.from,
    to: range.to,
    sources: results,
  };
  await deps.store.put(`state/runs/land-billing/${runId}.json`, json(record), {
    contentType: 'application/json',
  });
  return record;
}

async function landSource(
  deps: LandBillingDeps,
  http: HttpDeps,
  source: BillingApiSource,
  baseUrl: string | undefined,
  range: DayRange,
  runId: string,
): Promise<LandBillingSourceResult> {
  const prefix = `incoming/${source.area}/${source.id}/${range.from}_${range.to}/`;
  const empty = {
    source: source.id,
    reason: null,
    http_status: null,
    prefix,
    pages: 0,
    pages_written: 0,
    pages_unchanged: 0,
    stale_pages_deleted: 0,
    retries: 0,
    manifest_key: null,
  };
  let apiKey: string | undefined;
  try {
    apiKey = await deps.secrets.get(source.secretName);
    if (apiKey === undefined) return { ...empty, status: 'skipped', reason: 'no key' };

    const { url, headers } = source.request(baseUrl, range, apiKey);
    const { bodies, retries } = await fetchAllPages(http, {
      label: source.label,
      url,
      headers,
      secret: apiKey,
    });

    const pages = bodies.map((body, index) => ({ key: `${prefix}page-${pad(index + 1)}.json`, body }));
    let written = 0;
    for (const page of pages) {
      if (await sameBytes(deps.store, page.key, page.body)) continue;
      await deps.store.put(page.key, page.body, { contentType: 'application/json' });
      written += 1;
    }
    const stale = await staleKeys(deps.store, prefix, new Set(pages.map((page) => page.key)));
    if (stale.length > 0) await deps.store.delete(stale);

    const manifestKey = `state/land-billing/${source.id}/${range.from}_${range.to}.json`;
    const manifest: LandBillingManifest = {
      source: source.id,
      from: range.from,
      to: range.to,
      run_id: runId,
      landed_at: deps.clock.now().toISOString(),
      request_url: url.toString(),
      pages: pages.map((page) => ({
        key: page.key,
        bytes: Buffer.byteLength(page.body),
        sha256: sha256(page.body),
      })),
    };
    await deps.store.put(manifestKey, json(manifest), { contentType: 'application/json' });

    return {
      ...empty,
      status: 'landed',
      pages: pages.length,
      pages_written: written,
      pages_unchanged: pages.length - written,
      stale_pages_deleted: stale.length,
      retries,
      manifest_key: manifestKey,
    };
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...empty,
      status: 'failed',
      // VendorApiError already scrubs the key; any other failure is scrubbed here too.
      reason: apiKey ? message.split(apiKey).join('[redacted]') : message,
      http_status: typeof status === 'number' ? status : null,
    };
  }
}

async function sameBytes(store: ObjectStore, key: string, body: string): Promise<boolean> {
  const existing = await store.getBytes(key);
  return existing !== undefined && Buffer.from(existing).equals(Buffer.from(body));
}

async function staleKeys(store: ObjectStore, prefix: string, keep: ReadonlySet<string>): Promise<string[]> {
  const stale: string[] = [];
  for await (const info of store.list(prefix)) if (!keep.has(info.key)) stale.push(info.key);
  return stale;
}

const pad = (n: number): string => String(n).padStart(4, '0');
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
