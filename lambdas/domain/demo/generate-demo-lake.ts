import { InvalidInputError } from '../errors.ts';
import { anthropicInvoiceFiles } from './anthropic-invoice.ts';
import { usageLines } from './billing-usage.ts';
import type { DemoFile } from './demo-file.ts';
import { demoSettings } from './demo-settings.ts';
import { billingMonths, DAY_MS, type DemoWindow, demoWindow } from './demo-window.ts';
import { eventFiles } from './event-files.ts';
import { focusFiles } from './focus-export.ts';
import type { LineFile } from './line-files.ts';
import { ndjson } from './line-files.ts';
import { openAiCostFiles } from './openai-costs.ts';
import { outcomeFiles } from './outcome-files.ts';
import { type DemoPrice, demoPrices, priceTableCsv } from './prices.ts';
import { Random } from './random.ts';
import { type DemoRequest, generateTraffic } from './traffic.ts';

export type { DemoFile } from './demo-file.ts';
export {
  DEMO_DUPLICATE_LINES,
  DEMO_MALFORMED_LINES,
  DEMO_SCENARIOS,
  type DemoScenario,
} from './scenarios.ts';

/**
 * The sample lake behind `ai-unit-economics demo`: a pure function of its options, so
 * the same seed gives the same bytes (and, with each file's arrival time as its mtime,
 * the same landed output). See DEMO_SCENARIOS for what it is built to show; the billing
 * scenarios (a closed, invoiced month, a correction in the next period) need about 35
 * days or more.
 */
export interface DemoLakeOptions {
  readonly seed: number;
  /** Days of traffic, ending with `endDate`. */
  readonly days: number;
  /** YYYY-MM-DD, the last day of traffic (UTC). No file arrives after the end of that day. */
  readonly endDate: string;
  /**
   * Across every application and environment; days × requestsPerDay must be at least 250.
   * @default 250
   */
  readonly requestsPerDay?: number;
}

export const DEMO_DEFAULTS = { seed: 42, days: 45, requestsPerDay: 250 } as const;
const MIN_TOTAL_REQUESTS = 250;

export function generateDemoLake(options: DemoLakeOptions): DemoFile[] {
  const { seed, days, endDate, requestsPerDay = DEMO_DEFAULTS.requestsPerDay } = options;
  if (!Number.isSafeInteger(seed))
    throw new InvalidInputError(`the demo seed must be a whole number; received ${seed}`);
  if (!Number.isInteger(requestsPerDay) || requestsPerDay < 20 || requestsPerDay > 100_000) {
    throw new InvalidInputError(`the demo needs 20 to 100000 requests per day; received ${requestsPerDay}`);
  }
  const window = demoWindow(endDate, days);
  // Below about a day of default traffic there may be too few lines to hold the declared
  // malformed and duplicate lines.
  if (days * requestsPerDay < MIN_TOTAL_REQUESTS) {
    throw new InvalidInputError(
      `the demo needs at least ${MIN_TOTAL_REQUESTS} requests in all (days × requests per day); received ${days} × ${requestsPerDay}`,
    );
  }
  const random = new Random(seed);
  const prices = demoPrices(window);
  const traffic = generateTraffic(window, requestsPerDay, random.fork('traffic'));
  // Config is in place the day before the first request.
  const configAt = new Date(window.startMs - DAY_MS);

  const files: DemoFile[] = [
    { key: 'config/pricing/prices.csv', body: priceTableCsv(prices), receivedAt: configAt },
    {
      key: 'config/settings.json',
      body: `${JSON.stringify(demoSettings(window), null, 2)}\n`,
      receivedAt: configAt,
    },
    ...eventFiles(traffic.requests, prices, window, random.fork('events')).map(fromLines),
    ...outcomeFiles(traffic.units, window, random.fork('outcomes')).map(fromLines),
    ...billingFiles(traffic.requests, prices, window),
  ];
  return files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function billingFiles(
  requests: readonly DemoRequest[],
  prices: readonly DemoPrice[],
  window: DemoWindow,
): DemoFile[] {
  const months = billingMonths(window);
  const lines = usageLines(requests, prices);
  const of = (provider: string) => lines.filter((line) => line.provider === provider);
  return [
    ...focusFiles(months, of('bedrock'), window),
    ...openAiCostFiles(months, of('openai'), window),
    ...anthropicInvoiceFiles(months, of('anthropic'), window),
  ];
}

function fromLines(file: LineFile): DemoFile {
  return {
    key: file.key,
    body: ndjson(file.lines),
    receivedAt: new Date(file.receivedAtMs),
    ...(file.gzip ? { gzip: true } : {}),
  };
}
