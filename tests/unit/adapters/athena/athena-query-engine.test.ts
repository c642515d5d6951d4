import {
  AthenaClient,
  GetQueryExecutionCommand,
  type GetQueryExecutionOutput,
  GetQueryResultsCommand,
  type GetQueryResultsOutput,
  InvalidRequestException,
  type QueryExecutionState,
  StartQueryExecutionCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AthenaQueryEngine } from '../../../../lambdas/adapters/athena/athena-query-engine.ts';
import { InvalidInputError, QueryFailedError } from '../../../../lambdas/domain/errors.ts';

const EXECUTION_ID = 'qe-1234';

function execution(
  state: QueryExecutionState,
  extra: Partial<NonNullable<GetQueryExecutionOutput['QueryExecution']>> = {},
): GetQueryExecutionOutput {
  return { QueryExecution: { QueryExecutionId: EXECUTION_ID, Status: { State: state }, ...extra } };
}

function failed(
  state: 'FAILED' | 'CANCELLED',
  reason: string,
  athenaError?: { ErrorCategory?: number; Retryable?: boolean },
) {
  return execution(state, { Status: { State: state, StateChangeReason: reason, AthenaError: athenaError } });
}

/** A page as Athena sends it: every cell a VarCharValue, a NULL cell an empty Datum. */
function page(
  rows: (string | null)[][],
  columns: string[] | undefined,
  nextToken?: string,
): GetQueryResultsOutput {
  return {
    NextToken: nextToken,
    ResultSet: {
      ResultSetMetadata: columns && { ColumnInfo: columns.map((Name) => ({ Name, Type: 'varchar' })) },
      Rows: rows.map((cells) => ({
        Data: cells.map((cell) => (cell === null ? {} : { VarCharValue: cell })),
      })),
    },
  };
}

function sdkError(name: string, httpStatusCode: number, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

const costRow = z.object({
  business_unit: z.string(),
  model: z.string().nullable(),
  cost_pico: z
    .string()
    .regex(/^-?\d+$/, 'expected an integer')
    .transform(BigInt),
});

describe('Adapter: AthenaQueryEngine', () => {
  const client = new AthenaClient({ region: 'us-east-1' });
  const athena = mockClient(client);
  let sleeps: number[];
  let logged: { message: string; data: Record<string, unknown> }[];
  let engine: AthenaQueryEngine;

  beforeEach(() => {
    athena.reset();
    sleeps = [];
    logged = [];
    engine = new AthenaQueryEngine({
      client,
      workGroup: 'ai-unit-economics',
      database: 'lake',
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      logger: { info: (message, data) => logged.push({ message, data }) },
    });
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: EXECUTION_ID });
  });

  it('returns the stats after QUEUED then RUNNING, waiting longer between each poll', async () => {
    // Prepare
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('QUEUED'))
      .resolvesOnce(execution('RUNNING'))
      .resolvesOnce(execution('RUNNING'))
      .resolves(
        execution('SUCCEEDED', {
          Statistics: { DataScannedInBytes: 10_485_760, TotalExecutionTimeInMillis: 1834 },
        }),
      );

    // Act
    const stats = await engine.execute('delete from requests where dt = current_date');

    // Assess: three waits before the fourth poll, 200 ms doubling (200, 400, 800).
    expect(sleeps).toEqual([200, 400, 800]);
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(4);
    expect(stats).toEqual({ executionId: EXECUTION_ID, bytesScanned: 10_485_760, elapsedMillis: 1834 });
    expect(logged).toEqual([
      {
        message: 'athena query finished',
        data: expect.objectContaining({
          executionId: EXECUTION_ID,
          bytesScanned: 10_485_760,
          state: 'SUCCEEDED',
        }),
      },
    ]);
  });

  it('sends the workgroup, database, default catalog and no ExecutionParameters when there are no params', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));

    // Act
    await engine.execute('select 1');

    // Assess: Athena rejects an empty ExecutionParameters list, so the key must be absent.
    const input = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      QueryString: 'select 1',
      WorkGroup: 'ai-unit-economics',
      QueryExecutionContext: { Database: 'lake', Catalog: 'AwsDataCatalog' },
    });
    expect(input?.ExecutionParameters).toBeUndefined();
  });

  it('caps the wait between polls at pollMillis.max', async () => {
    // Prepare
    const capped = new AthenaQueryEngine({
      client,
      workGroup: 'wg',
      database: 'lake',
      pollMillis: { first: 100, max: 250 },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('RUNNING'))
      .resolvesOnce(execution('RUNNING'))
      .resolvesOnce(execution('RUNNING'))
      .resolvesOnce(execution('RUNNING'))
      .resolves(execution('SUCCEEDED'));

    // Act
    await capped.execute('select 1');

    // Assess: 100, 200, then 400 capped to 250, and 250 again.
    expect(sleeps).toEqual([100, 200, 250, 250]);
  });

  it('rejects with a QueryFailedError carrying the reason and the execution id when the query FAILED', async () => {
    // Prepare: category 2 is a user error, so retrying the same SQL cannot help.
    const reason = "SYNTAX_ERROR: line 1:8: Column 'cost' cannot be resolved";
    athena
      .on(GetQueryExecutionCommand)
      .resolves(failed('FAILED', reason, { ErrorCategory: 2, Retryable: false }));

    // Act
    const error = await engine.execute('select cost from requests').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).message).toContain(reason);
    expect((error as QueryFailedError).message).toContain(EXECUTION_ID);
    expect((error as QueryFailedError).retryable).toBe(false);
  });

  it.each([
    { why: 'Athena marks the error Retryable', athenaError: { ErrorCategory: 3, Retryable: true } },
    { why: 'the error category is 1 (system)', athenaError: { ErrorCategory: 1 } },
  ])('rejects with a retryable QueryFailedError when $why', async ({ athenaError }) => {
    // Prepare
    athena
      .on(GetQueryExecutionCommand)
      .resolves(failed('FAILED', 'INTERNAL_ERROR_QUERY_ENGINE', athenaError));

    // Act
    const error = await engine.execute('select 1').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).retryable).toBe(true);
  });

  it('rejects with a QueryFailedError and still logs the bytes scanned when the query was CANCELLED', async () => {
    // Prepare: the workgroup's bytes-scanned cap cancels the query; the scan is still billed.
    const reason = 'Bytes scanned limit was exceeded';
    athena.on(GetQueryExecutionCommand).resolves(
      execution('CANCELLED', {
        Status: { State: 'CANCELLED', StateChangeReason: reason },
        Statistics: { DataScannedInBytes: 104_857_600 },
      }),
    );

    // Act
    const error = await engine.execute('select * from requests').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).message).toContain('CANCELLED');
    expect((error as QueryFailedError).message).toContain(reason);
    expect((error as QueryFailedError).message).toContain(EXECUTION_ID);
    expect((error as QueryFailedError).retryable).toBe(false);
    expect(logged[0]?.data).toMatchObject({ bytesScanned: 104_857_600, state: 'CANCELLED' });
  });

  it('retries a throttled StartQueryExecution with the same request token, then succeeds', async () => {
    // Prepare
    athena
      .on(StartQueryExecutionCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }))
      .rejectsOnce(sdkError('ThrottlingException', 400))
      .resolves({ QueryExecutionId: EXECUTION_ID });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));

    // Act
    const stats = await engine.execute('select 1');

    // Assess: two backoffs (200, 400) and one token, so Athena runs the query once at most.
    expect(stats.executionId).toBe(EXECUTION_ID);
    const starts = athena.commandCalls(StartQueryExecutionCommand);
    expect(starts).toHaveLength(3);
    const tokens = new Set(starts.map((call) => call.args[0].input.ClientRequestToken));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toEqual(expect.any(String));
    expect(sleeps).toEqual([200, 400]);
  });

  it('rejects with a retryable QueryFailedError when GetQueryExecution stays throttled', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).rejects(sdkError('ServiceUnavailable', 503));

    // Act
    const error = await engine.execute('select 1').catch((e: unknown) => e);

    // Assess: the first try and 3 retries, no more.
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).retryable).toBe(true);
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(4);
  });

  it('rejects without retrying when Athena refuses the request', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).rejects(
      new InvalidRequestException({
        message: 'line 1:1: mismatched input',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    // Act
    const error = await engine.execute('selec 1').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).message).toContain('mismatched input');
    expect((error as QueryFailedError).retryable).toBe(false);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
  });

  it('sends each parameter as SQL literal text, in order', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    const sql = 'delete from requests where a = ? and b = ? and c is not distinct from ? and d = ? and e = ?';

    // Act
    await engine.execute(sql, ["O'Brien", 42.5, null, true, 12_345_678_901_234_567_890n]);

    // Assess: quotes doubled inside single quotes; numbers, booleans and bigints bare; null as NULL.
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.ExecutionParameters).toEqual([
      "'O''Brien'",
      '42.5',
      'NULL',
      'true',
      '12345678901234567890',
    ]);
  });

  it('ignores ? inside strings, quoted identifiers and comments when counting placeholders', async () => {
    // Prepare: only the last ? is a placeholder.
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    const sql = `-- which unit?
      select 'what?' as "col?" /* really? */ from requests where business_unit = ?`;

    // Act
    await engine.execute(sql, ['search']);

    // Assess
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.ExecutionParameters).toEqual([
      "'search'",
    ]);
  });

  it('rejects a ? count that differs from the parameters before calling Athena', async () => {
    // Act
    const error = await engine
      .execute('select * from requests where dt = ? and unit = ?', ['2025-01-01'])
      .catch((e: unknown) => e);

    // Assess: 2 placeholders, 1 value, and Athena never asked.
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).message).toContain('2 ? placeholders but 1 parameters');
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });

  it('throws on NaN and Infinity parameters before calling Athena', async () => {
    // Act + Assess
    await expect(engine.execute('select ?', [Number.NaN])).rejects.toBeInstanceOf(InvalidInputError);
    await expect(engine.execute('select ?', [Number.POSITIVE_INFINITY])).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });

  it('returns the rows of two result pages with the header row skipped and the bytes scanned', async () => {
    // Prepare: the header row appears once, as the first row of the first page.
    athena
      .on(GetQueryExecutionCommand)
      .resolves(
        execution('SUCCEEDED', { Statistics: { DataScannedInBytes: 2048, TotalExecutionTimeInMillis: 900 } }),
      );
    const columns = ['business_unit', 'model', 'cost_pico'];
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce(
        page(
          [
            ['business_unit', 'model', 'cost_pico'],
            ['search', 'claude-sonnet-4', '1500000000000'],
            ['support', null, '0'],
          ],
          columns,
          'page-2',
        ),
      )
      .resolvesOnce(page([['search', 'gpt-4o', '-25']], columns));

    // Act
    const { rows, stats } = await engine.query('select business_unit, model, cost_pico from v', [], costRow);

    // Assess
    expect(rows).toEqual([
      { business_unit: 'search', model: 'claude-sonnet-4', cost_pico: 1_500_000_000_000n },
      { business_unit: 'support', model: null, cost_pico: 0n },
      { business_unit: 'search', model: 'gpt-4o', cost_pico: -25n },
    ]);
    expect(stats).toEqual({ executionId: EXECUTION_ID, bytesScanned: 2048, elapsedMillis: 900 });
    const pages = athena.commandCalls(GetQueryResultsCommand).map((call) => call.args[0].input);
    expect(pages).toEqual([
      { QueryExecutionId: EXECUTION_ID, NextToken: undefined, MaxResults: 1000 },
      { QueryExecutionId: EXECUTION_ID, NextToken: 'page-2', MaxResults: 1000 },
    ]);
  });

  it('rejects with an InvalidInputError naming the column and value when a cell does not decode', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    const columns = ['business_unit', 'model', 'cost_pico'];
    athena.on(GetQueryResultsCommand).resolves(
      page(
        [
          ['business_unit', 'model', 'cost_pico'],
          ['search', 'gpt-4o', '1.5'],
        ],
        columns,
      ),
    );

    // Act
    const error = await engine.query('select * from v', [], costRow).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toContain('"cost_pico"');
    expect((error as InvalidInputError).message).toContain('"1.5"');
  });
});
