import { normalizeAnthropicCostsPage } from '../../domain/billing/anthropic-costs.ts';
import { focusRowNormalizer } from '../../domain/billing/focus.ts';
import { invoiceRowNormalizer } from '../../domain/billing/invoice-csv.ts';
import { normalizeOpenAiCostsPage } from '../../domain/billing/openai-costs.ts';
import type { BillingLine } from '../../domain/billing-line.ts';
import type { EvidenceFile, PageRow, RowResult } from '../../domain/evidence/row-result.ts';
import { utcDateOf } from '../../domain/evidence/utc-time.ts';
import { normalizeAnthropicUsagePage } from '../../domain/usage/anthropic-usage.ts';
import { normalizeBedrockInvocationLog } from '../../domain/usage/bedrock-invocation-log.ts';
import { normalizeOpenAiResponse } from '../../domain/usage/openai-response.ts';
import { normalizeOpenAiUsagePage } from '../../domain/usage/openai-usage.ts';
import type { ProviderUsageRecord } from '../../domain/usage-record.ts';
import { csvRows, jsonPageRows, ndjsonRows, parquetRows } from './evidence-readers.ts';
import type { RangedObject } from './read-parquet-records.ts';

/**
 * The billing evidence and provider usage sources `land` reads (DESIGN §5): the folder
 * under `incoming/billing/` or `incoming/usage/` names the source, and the source says
 * how its objects are read and normalized. An unknown folder, and objects a source does
 * not read (manifests, Bedrock's large-body files), are listed as ignored with the
 * reason. FOCUS exports land from CSV and from Parquet through the same normalizer.
 */
export type EvidenceRecord = BillingLine | ProviderUsageRecord;

/** One record of an evidence object, normalized or rejected; `blank` lines are only counted. */
export type EvidenceRow =
  | {
      readonly line: number;
      /** The record as the source wrote it, for the quarantine. */
      readonly text: string | Buffer;
      readonly result: RowResult<EvidenceRecord>;
      /** True when `text` is only the start of an overlong record. */
      readonly truncated?: boolean;
    }
  | { readonly blank: true };

/** The object being landed: streamed (CSV, JSON, NDJSON) or read by byte range (Parquet). */
export interface EvidenceObject extends RangedObject {
  stream(): Promise<AsyncIterable<Uint8Array>>;
}

type BodyReader = (
  body: AsyncIterable<Uint8Array>,
  file: EvidenceFile,
  maxLineBytes: number,
) => AsyncIterable<EvidenceRow>;

export interface EvidenceSource {
  readonly area: 'billing' | 'usage';
  /** The folder: `incoming/<area>/<name>/…`. */
  readonly name: string;
  /** `raw/<kind>/`, `quarantine/<kind>/` */
  readonly kind: 'billing_lines' | 'usage_records';
  /** Why this source does not read the object, or null when it does. */
  readonly skip: (key: string) => string | null;
  readonly rows: (
    object: EvidenceObject,
    file: EvidenceFile,
    maxLineBytes: number,
  ) => AsyncIterable<EvidenceRow>;
  /** The `dt=` partition: a billing line's billing period start, a usage record's UTC day. */
  readonly partitionDate: (record: EvidenceRecord) => string;
}

const CSV = /\.csv(\.gz)?$/i;
/** AWS names its files `…-00001.snappy.parquet`; other writers `.gz.parquet`, `.zstd.parquet` or plain `.parquet`. */
const PARQUET = /\.parquet$/i;
const JSON_PAGE = /\.json(\.gz)?$/i;
const NDJSON = /\.(ndjson|jsonl|json)(\.gz)?$/i;

const billingPeriod = (record: EvidenceRecord) => (record as BillingLine).billing_period_start;
const usageDay = (record: EvidenceRecord) => utcDateOf((record as ProviderUsageRecord).usage_start);

const billing = (
  name: string,
  skip: EvidenceSource['skip'],
  rows: EvidenceSource['rows'],
): EvidenceSource => ({
  area: 'billing',
  name,
  kind: 'billing_lines',
  skip,
  rows,
  partitionDate: billingPeriod,
});

const usage = (name: string, skip: EvidenceSource['skip'], rows: EvidenceSource['rows']): EvidenceSource => ({
  area: 'usage',
  name,
  kind: 'usage_records',
  skip,
  rows,
  partitionDate: usageDay,
});

const unless =
  (pattern: RegExp, reason: string) =>
  (key: string): string | null =>
    pattern.test(key) ? null : reason;

const streamed = (read: BodyReader): EvidenceSource['rows'] =>
  async function* (object, file, maxLineBytes) {
    yield* read(await object.stream(), file, maxLineBytes);
  };

const pages = <T extends EvidenceRecord>(normalize: (page: unknown, file: EvidenceFile) => PageRow<T>[]) =>
  streamed((body, file) => jsonPageRows(body, file, normalize));

const focusCsv = streamed((body, file) => csvRows(body, file, focusRowNormalizer));

export const EVIDENCE_SOURCES: readonly EvidenceSource[] = [
  billing(
    'focus',
    (key) =>
      CSV.test(key) || PARQUET.test(key)
        ? null
        : 'not a FOCUS export (.csv, .csv.gz or .parquet): export manifests and other files are not billing lines',
    (object, file, maxLineBytes) =>
      PARQUET.test(file.key)
        ? parquetRows(object, file, focusRowNormalizer)
        : focusCsv(object, file, maxLineBytes),
  ),
  billing(
    'openai-costs',
    unless(JSON_PAGE, 'not an OpenAI costs page (.json)'),
    pages(normalizeOpenAiCostsPage),
  ),
  billing(
    'anthropic-costs',
    unless(JSON_PAGE, 'not an Anthropic cost report page (.json)'),
    pages(normalizeAnthropicCostsPage),
  ),
  billing(
    'invoice-csv',
    unless(CSV, 'not an invoice CSV (.csv or .csv.gz)'),
    streamed((body, file) => csvRows(body, file, invoiceRowNormalizer)),
  ),
  usage(
    'bedrock-invocation-logs',
    bedrockLogSkip,
    streamed((body, file, maxLineBytes) =>
      ndjsonRows(body, file, maxLineBytes, normalizeBedrockInvocationLog),
    ),
  ),
  usage(
    'openai-usage',
    unless(JSON_PAGE, 'not an OpenAI usage page (.json)'),
    pages(normalizeOpenAiUsagePage),
  ),
  usage(
    'anthropic-usage',
    unless(JSON_PAGE, 'not an Anthropic usage report page (.json)'),
    pages(normalizeAnthropicUsagePage),
  ),
  usage(
    'openai-responses',
    unless(NDJSON, 'not NDJSON response bodies (.ndjson, .jsonl or .json, optionally .gz)'),
    streamed((body, file, maxLineBytes) => ndjsonRows(body, file, maxLineBytes, normalizeOpenAiResponse)),
  ),
];

/** Known folders whose objects the SQL staging reads where they lie. */
const READ_IN_PLACE: Readonly<Record<string, string>> = {
  'billing/cur':
    'AWS CUR is read in place by the SQL staging over its Parquet files, not landed line by line',
};

/** The source that reads the object at `key`, or why none does. */
export function evidenceSourceFor(key: string): { source: EvidenceSource } | { ignored: string } {
  const match = /^incoming\/(billing|usage)\/([^/]+)\/./.exec(key);
  if (!match)
    return {
      ignored: 'not in a source folder: expected incoming/billing/<source>/… or incoming/usage/<source>/…',
    };
  const [, area, name] = match;
  const source = EVIDENCE_SOURCES.find((candidate) => candidate.area === area && candidate.name === name);
  const inPlace = READ_IN_PLACE[`${area}/${name}`];
  if (inPlace) return { ignored: inPlace };
  if (!source) {
    const known = EVIDENCE_SOURCES.filter((candidate) => candidate.area === area).map(
      (candidate) => candidate.name,
    );
    return { ignored: `unknown ${area} source folder "${name}"; expected one of ${known.join(', ')}` };
  }
  const skipped = source.skip(key);
  return skipped === null ? { source } : { ignored: skipped };
}

/**
 * Bedrock writes log files (`…/BedrockModelInvocationLogs/<region>/YYYY/MM/DD/HH/*.json.gz`),
 * the large request and response bodies a record points to (`…/HH/data/<id>_input.json.gz`)
 * and a probe object; only the first are records.
 */
function bedrockLogSkip(key: string): string | null {
  if (/amazon-bedrock-logs-permission-check$/.test(key))
    return "Bedrock's logging permission probe, not a log";
  if (/\/data\/[^/]+_(input|output)\.json(\.gz)?$/i.test(key))
    return 'a large request or response body a log record points to, not a log record';
  return NDJSON.test(key) ? null : 'not a Bedrock invocation log (.json.gz, .json or .jsonl)';
}
