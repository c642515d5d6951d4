import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import type { Clock } from '../../ports/clock.ts';

/**
 * GETs every page of a vendor admin report (OpenAI organization costs/usage, Anthropic
 * cost/usage reports): all four share `{ data, has_more, next_page }` and a `page` cursor.
 * 429 and 5xx (and network failures) are retried with exponential backoff, honouring
 * `Retry-After`; any other non-2xx fails at once with a VendorApiError.
 */

/** One report to page through: the first URL (no cursor) and the auth headers. */
export interface PagedRequest {
  /** Says which API failed, e.g. "OpenAI costs API". */
  readonly label: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  /** Scrubbed from every error message and excerpt, so a vendor echoing it leaks nothing. */
  readonly secret: string;
}

export interface HttpDeps {
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface FetchedPages {
  /** Each response body exactly as received, in page order. */
  readonly bodies: string[];
  /** Requests that were retried after a 429, a 5xx or a network failure. */
  readonly retries: number;
}

/** A vendor API refused or kept failing; `status` is the last HTTP status, if any. */
export class VendorApiError extends AppError {
  constructor(
    message: string,
    readonly status: number | undefined,
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, options);
  }
}

export const MAX_ATTEMPTS = 5;
export const BASE_DELAY_MS = 1000;
/** A Lambda has 15 minutes; one wait never takes more than this, whatever Retry-After says. */
export const MAX_DELAY_MS = 60_000;
const REQUEST_TIMEOUT_MS = 30_000;
/** Far more than any date range needs; stops a cursor that never ends. */
const MAX_PAGES = 1000;
const EXCERPT_CHARS = 300;

const PageEnvelopeSchema = z.object({
  data: z.array(z.unknown()),
  has_more: z.boolean().optional(),
  next_page: z.string().nullable().optional(),
});

export async function fetchAllPages(deps: HttpDeps, request: PagedRequest): Promise<FetchedPages> {
  const bodies: string[] = [];
  const seenCursors = new Set<string>();
  let retries = 0;
  let cursor: string | undefined;
  do {
    const url = new URL(request.url);
    if (cursor !== undefined) url.searchParams.set('page', cursor);
    const response = await getWithRetry(deps, request, url);
    retries += response.retries;
    bodies.push(response.body);
    cursor = nextCursor(request, url, response.body);
    if (cursor !== undefined && seenCursors.has(cursor)) {
      throw new VendorApiError(`${request.label} returned the cursor "${cursor}" twice (${url})`, undefined);
    }
    if (cursor !== undefined) seenCursors.add(cursor);
  } while (cursor !== undefined && bodies.length < MAX_PAGES);
  if (cursor !== undefined)
    throw new VendorApiError(`${request.label} returned more than ${MAX_PAGES} pages`, undefined);
  return { bodies, retries };
}

async function getWithRetry(deps: HttpDeps, request: PagedRequest, url: URL) {
  for (let attempt = 1; ; attempt += 1) {
    let failure: VendorApiError;
    let retryAfter: string | null = null;
    try {
      const response = await deps.fetch(url, {
        headers: request.headers,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const body = await response.text();
      if (response.ok) return { body, retries: attempt - 1 };
      const message = `${request.label} answered ${response.status} ${response.statusText} for GET ${url}: ${excerpt(body, request.secret)}`;
      const retryable = response.status === 429 || response.status >= 500;
      failure = new VendorApiError(message, response.status, { retryable });
      retryAfter = response.headers.get('retry-after');
    } catch (error) {
      // fetch throws only when no response arrived (DNS, reset, timeout): worth another try.
      const reason = scrub(error instanceof Error ? error.message : String(error), request.secret);
      failure = new VendorApiError(
        `${request.label} could not be reached for GET ${url}: ${reason}`,
        undefined,
        {
          cause: error,
          retryable: true,
        },
      );
    }
    if (!failure.retryable) throw failure;
    if (attempt >= MAX_ATTEMPTS) {
      throw new VendorApiError(`${failure.message} (gave up after ${attempt} attempts)`, failure.status, {
        cause: failure,
        retryable: true,
      });
    }
    await deps.sleep(retryDelayMs(attempt, retryAfter, deps.clock.now()));
  }
}

/**
 * How long to wait before attempt `attempt + 1`: the server's Retry-After (seconds or an
 * HTTP date) when it gives a usable one, else 1 s, 2 s, 4 s, … both capped at MAX_DELAY_MS.
 * No jitter: one daily job per account makes no thundering herd, and tests stay exact.
 */
export function retryDelayMs(attempt: number, retryAfter: string | null, now: Date): number {
  const backoff = Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS);
  if (retryAfter === null) return backoff;
  const value = retryAfter.trim();
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, MAX_DELAY_MS);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return backoff;
  return Math.min(Math.max(at - now.getTime(), 0), MAX_DELAY_MS);
}

function nextCursor(request: PagedRequest, url: URL, body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const page = PageEnvelopeSchema.safeParse(parsed);
  if (!page.success) {
    throw new VendorApiError(
      `${request.label} returned something that is not a report page for GET ${url}: ${excerpt(body, request.secret)}`,
      200,
    );
  }
  if (!page.data.has_more) return undefined;
  if (!page.data.next_page) {
    throw new VendorApiError(`${request.label} said has_more but gave no next_page for GET ${url}`, 200);
  }
  return page.data.next_page;
}

function excerpt(body: string, secret: string): string {
  const flat = scrub(body, secret).replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat || '(empty body)';
}

function scrub(text: string, secret: string): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}
