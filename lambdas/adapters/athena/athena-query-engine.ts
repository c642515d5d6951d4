import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecution,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { z } from 'zod';
import { InvalidInputError, QueryFailedError } from '../../domain/errors.ts';
import type { QueryEngine, QueryStats, RawRow, SqlParam } from '../../ports/query-engine.ts';
import { toExecutionParameters } from './athena-parameters.ts';

export interface AthenaQueryEngineProps {
  readonly client: AthenaClient;
  /** The workgroup carries the result location, the encryption and the bytes-scanned cap. */
  readonly workGroup: string;
  readonly database: string;
  /** @default 'AwsDataCatalog' */
  readonly catalog?: string;
  /** Backoff between status polls and between throttled retries. @default { first: 200, max: 5000 } */
  readonly pollMillis?: { readonly first: number; readonly max: number };
  /** Injected so tests never wait on real timers. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Receives each query's stats; Powertools' Logger fits. @default no logging */
  readonly logger?: { info(message: string, data: Record<string, unknown>): void };
}

/** GetQueryResults returns at most 1,000 rows per page. */
const PAGE_SIZE = 1000;
/** Our retries on top of the SDK's own: few, because the SDK already retried each call. */
const THROTTLE_RETRIES = 3;
const THROTTLE_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'InternalServerException',
]);
/** AthenaError.ErrorCategory 1 is "system": Athena's side, so resubmitting can help. */
const SYSTEM_ERROR_CATEGORY = 1;

/**
 * The query engine as Athena: start, poll with backoff, page through the results. Every
 * cell arrives as a string and is decoded by the caller's zod row schema here, at the edge.
 */
export class AthenaQueryEngine implements QueryEngine {
  private readonly client: AthenaClient;
  private readonly workGroup: string;
  private readonly database: string;
  private readonly catalog: string;
  private readonly pollMillis: { readonly first: number; readonly max: number };
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly logger: AthenaQueryEngineProps['logger'];

  constructor(props: AthenaQueryEngineProps) {
    this.client = props.client;
    this.workGroup = props.workGroup;
    this.database = props.database;
    this.catalog = props.catalog ?? 'AwsDataCatalog';
    this.pollMillis = props.pollMillis ?? { first: 200, max: 5000 };
    this.sleep = props.sleep ?? ((ms) => delay(ms));
    this.logger = props.logger;
  }

  async execute(sql: string, params: readonly SqlParam[] = []): Promise<QueryStats> {
    return this.run(sql, params);
  }

  async query<Row>(
    sql: string,
    params: readonly SqlParam[],
    row: z.ZodType<Row, RawRow>,
  ): Promise<{ readonly rows: Row[]; readonly stats: QueryStats }> {
    const stats = await this.run(sql, params);
    const rows: Row[] = [];
    for await (const raw of this.rawRows(stats.executionId)) {
      rows.push(decodeRow(row, raw, rows.length + 1, stats.executionId));
    }
    return { rows, stats };
  }

  async close(): Promise<void> {
    // The client belongs to whoever built it; there is nothing of ours to release.
  }

  /** Starts the statement, waits for a final state, and returns its stats or throws. */
  private async run(sql: string, params: readonly SqlParam[]): Promise<QueryStats> {
    const executionParameters = toExecutionParameters(sql, params);
    // The same token on every retry makes a retried start idempotent: no duplicate query.
    const clientRequestToken = randomUUID();
    const started = await this.send('start the query', () =>
      this.client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          WorkGroup: this.workGroup,
          QueryExecutionContext: { Database: this.database, Catalog: this.catalog },
          ExecutionParameters: executionParameters,
          ClientRequestToken: clientRequestToken,
        }),
      ),
    );
    const executionId = started.QueryExecutionId;
    if (!executionId) throw new QueryFailedError('Athena started a query but returned no QueryExecutionId');

    const execution = await this.waitForFinalState(executionId);
    const state = execution.Status?.State;
    const stats: QueryStats = {
      executionId,
      bytesScanned: execution.Statistics?.DataScannedInBytes ?? null,
      elapsedMillis: execution.Statistics?.TotalExecutionTimeInMillis ?? 0,
    };
    // Logged whatever the outcome: a failed or cancelled query is billed for what it scanned.
    this.logger?.info('athena query finished', { ...stats, state, workGroup: this.workGroup });
    if (state !== 'SUCCEEDED') throw this.failure(executionId, execution);
    return stats;
  }

  private async waitForFinalState(executionId: string): Promise<QueryExecution> {
    let wait = this.pollMillis.first;
    for (;;) {
      const out = await this.send(`read the state of query ${executionId}`, () =>
        this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: executionId })),
      );
      const execution = out.QueryExecution ?? {};
      const state = execution.Status?.State;
      if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') return execution;
      await this.sleep(wait);
      wait = Math.min(wait * 2, this.pollMillis.max);
    }
  }

  /** The data rows as name → cell, the header row of the first page skipped. */
  private async *rawRows(executionId: string): AsyncIterable<RawRow> {
    let nextToken: string | undefined;
    let columns: string[] | undefined;
    do {
      const page = await this.send(`read the results of query ${executionId}`, () =>
        this.client.send(
          new GetQueryResultsCommand({
            QueryExecutionId: executionId,
            NextToken: nextToken,
            MaxResults: PAGE_SIZE,
          }),
        ),
      );
      const isFirstPage = columns === undefined;
      columns ??= (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((column) => column.Name ?? '');
      // For a SELECT, Athena repeats the column names as the first row of the first page.
      const rows = page.ResultSet?.Rows ?? [];
      for (const row of isFirstPage ? rows.slice(1) : rows) {
        const cells = row.Data ?? [];
        // A NULL cell comes back with no VarCharValue; an empty string comes back as "".
        yield Object.fromEntries(columns.map((name, i) => [name, cells[i]?.VarCharValue ?? null]));
      }
      nextToken = page.NextToken;
    } while (nextToken);
  }

  /** One SDK call, retried with backoff while Athena throttles or has a server fault. */
  private async send<T>(action: string, call: () => Promise<T>): Promise<T> {
    let wait = this.pollMillis.first;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        const throttled = isThrottled(error);
        if (throttled && attempt < THROTTLE_RETRIES) {
          await this.sleep(wait);
          wait = Math.min(wait * 2, this.pollMillis.max);
          continue;
        }
        const name = (error as Error | undefined)?.name ?? 'Error';
        const tries = throttled ? ` after ${attempt + 1} attempts; try again later` : '';
        throw new QueryFailedError(
          `could not ${action} in Athena workgroup ${this.workGroup}: ${name}: ${(error as Error)?.message}${tries}`,
          { cause: error, retryable: throttled },
        );
      }
    }
  }

  private failure(executionId: string, execution: QueryExecution): QueryFailedError {
    const status = execution.Status;
    const athenaError = status?.AthenaError;
    const retryable = athenaError?.Retryable === true || athenaError?.ErrorCategory === SYSTEM_ERROR_CATEGORY;
    const reason = status?.StateChangeReason ?? athenaError?.ErrorMessage ?? 'no reason given';
    const category =
      athenaError?.ErrorCategory === undefined ? '' : ` (error category ${athenaError.ErrorCategory})`;
    const advice = retryable
      ? 'Athena says a retry may succeed'
      : 'fix the statement or the workgroup settings';
    return new QueryFailedError(
      `Athena query ${executionId} ended ${status?.State ?? 'in an unknown state'}: ${reason}${category}; ${advice}`,
      { retryable },
    );
  }
}

function isThrottled(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
  const name = (error as Error | undefined)?.name ?? '';
  return THROTTLE_NAMES.has(name) || status === 429 || (status !== undefined && status >= 500);
}

function decodeRow<Row>(
  schema: z.ZodType<Row, RawRow>,
  raw: RawRow,
  rowNumber: number,
  executionId: string,
): Row {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const column = String(issue?.path[0] ?? '(row)');
  const value = issue?.path[0] === undefined ? JSON.stringify(raw) : JSON.stringify(raw[column] ?? null);
  throw new InvalidInputError(
    `row ${rowNumber} of Athena query ${executionId}: column "${column}" has value ${value}, ` +
      `which does not decode: ${issue?.message ?? result.error.message}; check the query's output types against the row schema`,
    { cause: result.error },
  );
}
