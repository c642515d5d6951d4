import {
  BCMDataExportsClient,
  GetExportCommand,
  type GetExportCommandOutput,
  ListExportsCommand,
} from '@aws-sdk/client-bcm-data-exports';
import {
  CostAndUsageReportServiceClient,
  DescribeReportDefinitionsCommand,
  type ReportDefinition,
} from '@aws-sdk/client-cost-and-usage-report-service';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AwsBillingConfigCheck,
  CUR2_REQUIRED_COLUMNS,
} from '../../../../lambdas/adapters/aws-billing/aws-billing-config.ts';
import { loadSqlCatalog } from '../../../../lambdas/sql/sql-catalog.ts';

const BUCKET = 'aiue-lake-123';

/** A legacy CUR report as reconciliation needs it (sql/ddl/athena/raw_cur_legacy.sql). */
const GOOD_REPORT: ReportDefinition = {
  ReportName: 'ai-unit-economics',
  TimeUnit: 'HOURLY',
  Format: 'Parquet',
  Compression: 'Parquet',
  AdditionalSchemaElements: ['RESOURCES', 'SPLIT_COST_ALLOCATION_DATA'],
  S3Bucket: BUCKET,
  S3Prefix: 'incoming/billing/cur/legacy',
  S3Region: 'eu-west-1',
  AdditionalArtifacts: ['ATHENA'],
  RefreshClosedReports: true,
  ReportVersioning: 'OVERWRITE_REPORT',
};

const CUR2_QUERY = `SELECT ${CUR2_REQUIRED_COLUMNS.join(', ')}, resource_tags FROM COST_AND_USAGE_REPORT`;

function exportOf(overrides: {
  name: string;
  query: string;
  prefix: string;
  format: 'PARQUET' | 'TEXT_OR_CSV';
  bucket?: string;
  includeResources?: boolean;
}): Omit<GetExportCommandOutput, '$metadata'> {
  const tables: Record<string, Record<string, string>> = overrides.includeResources
    ? { COST_AND_USAGE_REPORT: { INCLUDE_RESOURCES: 'TRUE', TIME_GRANULARITY: 'HOURLY' } }
    : {};
  return {
    Export: {
      ExportArn: `arn:aws:bcm-data-exports:us-east-1:123456789012:export/${overrides.name}`,
      Name: overrides.name,
      DataQuery: {
        QueryStatement: overrides.query,
        TableConfigurations: tables,
      },
      DestinationConfigurations: {
        S3Destination: {
          S3Bucket: overrides.bucket ?? BUCKET,
          S3Prefix: overrides.prefix,
          S3Region: 'eu-west-1',
          S3OutputConfigurations: {
            OutputType: 'CUSTOM' as const,
            Format: overrides.format,
            Compression: overrides.format === 'PARQUET' ? ('PARQUET' as const) : ('GZIP' as const),
            Overwrite: 'OVERWRITE_REPORT' as const,
          },
        },
      },
      RefreshCadence: { Frequency: 'SYNCHRONOUS' as const },
    },
    ExportStatus: { StatusCode: 'HEALTHY' as const },
  };
}

/**
 * The CUR client (3.332, the last one published) predates the smithy types
 * aws-sdk-client-mock 4 is typed against; it is mocked the same way at run time, so its
 * stub is typed loosely here.
 */
interface LooseStub {
  on(
    command: unknown,
    input?: unknown,
  ): { resolves(output: unknown): LooseStub; rejects(error: unknown): LooseStub };
  reset(): void;
  commandCalls(command: unknown): unknown[];
}

describe('Adapter: AwsBillingConfigCheck', () => {
  const cur = mockClient(CostAndUsageReportServiceClient as never) as unknown as LooseStub;
  const exports = mockClient(BCMDataExportsClient);
  const check = () =>
    new AwsBillingConfigCheck({
      bucket: BUCKET,
      cur: new CostAndUsageReportServiceClient({ region: 'us-east-1' }),
      exports: new BCMDataExportsClient({ region: 'us-east-1' }),
    }).check();

  beforeEach(() => {
    cur.reset();
    exports.reset();
    exports.on(ListExportsCommand).resolves({ Exports: [] });
  });

  it('passes a Parquet CUR report with Athena integration, resource IDs and refresh, found on the second page', async () => {
    // Prepare: another account's report on page one, ours on page two.
    cur
      .on(DescribeReportDefinitionsCommand, { NextToken: undefined })
      .resolves({
        ReportDefinitions: [{ ...GOOD_REPORT, ReportName: 'finance', S3Bucket: 'other-bucket' }],
        NextToken: 'p2',
      })
      .on(DescribeReportDefinitionsCommand, { NextToken: 'p2' })
      .resolves({ ReportDefinitions: [GOOD_REPORT] });

    // Act
    const items = await check();

    // Assess
    expect(items).toEqual([
      expect.objectContaining({
        check: 'cur_report',
        status: 'pass',
        title: 'Cost and Usage Report ai-unit-economics',
      }),
    ]);
    expect(cur.commandCalls(DescribeReportDefinitionsCommand)).toHaveLength(2);
  });

  it('fails a CSV report without Athena integration and warns about resource IDs and closed months', async () => {
    cur.on(DescribeReportDefinitionsCommand).resolves({
      ReportDefinitions: [
        {
          ...GOOD_REPORT,
          Format: 'textORcsv',
          Compression: 'GZIP',
          AdditionalArtifacts: [],
          AdditionalSchemaElements: [],
          RefreshClosedReports: false,
        },
      ],
    });

    const [item] = await check();

    expect(item?.status).toBe('fail');
    expect(item?.detail).toContain('Parquet is needed');
    expect(item?.detail).toContain('Athena integration is off');
    expect(item?.detail).toContain('resource IDs are off');
    expect(item?.detail).toContain('closed months are not refreshed');
  });

  it('fails a report delivered where the Athena table does not look', async () => {
    cur.on(DescribeReportDefinitionsCommand).resolves({
      ReportDefinitions: [{ ...GOOD_REPORT, ReportName: 'my-cur', S3Prefix: 'cur' }],
    });

    const [item] = await check();

    expect(item).toEqual(
      expect.objectContaining({
        status: 'fail',
        detail: expect.stringContaining('name it ai-unit-economics with prefix incoming/billing/cur/legacy'),
      }),
    );
  });

  it('passes a CUR 2.0 export and a FOCUS CSV export into the bucket, and ignores other buckets', async () => {
    cur.on(DescribeReportDefinitionsCommand).resolves({ ReportDefinitions: [] });
    exports.on(ListExportsCommand).resolves({
      Exports: [
        {
          ExportArn: 'arn:cur2',
          ExportName: 'ai-unit-economics-cur2',
          ExportStatus: { StatusCode: 'HEALTHY' },
        },
        {
          ExportArn: 'arn:focus',
          ExportName: 'ai-unit-economics-focus',
          ExportStatus: { StatusCode: 'HEALTHY' },
        },
        { ExportArn: 'arn:elsewhere', ExportName: 'finance', ExportStatus: { StatusCode: 'HEALTHY' } },
      ],
    });
    exports
      .on(GetExportCommand, { ExportArn: 'arn:cur2' })
      .resolves(
        exportOf({
          name: 'ai-unit-economics-cur2',
          query: CUR2_QUERY,
          prefix: 'incoming/billing/cur/cur2',
          format: 'PARQUET',
          includeResources: true,
        }),
      )
      .on(GetExportCommand, { ExportArn: 'arn:focus' })
      .resolves(
        exportOf({
          name: 'ai-unit-economics-focus',
          query: 'SELECT BilledCost FROM FOCUS_1_0_AWS',
          prefix: 'incoming/billing/focus',
          format: 'TEXT_OR_CSV',
        }),
      )
      .on(GetExportCommand, { ExportArn: 'arn:elsewhere' })
      .resolves(
        exportOf({
          name: 'finance',
          query: CUR2_QUERY,
          prefix: 'x',
          format: 'TEXT_OR_CSV',
          bucket: 'other-bucket',
        }),
      );

    const items = await check();

    expect(
      items.filter((item) => item.check === 'data_export').map((item) => [item.title, item.status]),
    ).toEqual([
      ['CUR 2.0 export ai-unit-economics-cur2', 'pass'],
      ['FOCUS export ai-unit-economics-focus', 'pass'],
    ]);
  });

  it('fails a CUR 2.0 export that misses columns or is unhealthy, and a FOCUS export in Parquet', async () => {
    cur.on(DescribeReportDefinitionsCommand).resolves({ ReportDefinitions: [] });
    exports.on(ListExportsCommand).resolves({
      Exports: [
        {
          ExportArn: 'arn:cur2',
          ExportName: 'ai-unit-economics-cur2',
          ExportStatus: { StatusCode: 'UNHEALTHY' },
        },
        { ExportArn: 'arn:focus', ExportName: 'focus', ExportStatus: { StatusCode: 'HEALTHY' } },
      ],
    });
    const cur2 = exportOf({
      name: 'ai-unit-economics-cur2',
      query: 'SELECT line_item_unblended_cost, line_item_usage_type FROM COST_AND_USAGE_REPORT',
      prefix: 'incoming/billing/cur/cur2',
      format: 'PARQUET',
    });
    exports
      .on(GetExportCommand, { ExportArn: 'arn:cur2' })
      .resolves({ ...cur2, ExportStatus: { StatusCode: 'UNHEALTHY', StatusReason: 'BILL_OWNER_CHANGED' } })
      .on(GetExportCommand, { ExportArn: 'arn:focus' })
      .resolves(
        exportOf({
          name: 'focus',
          query: 'SELECT * FROM FOCUS_1_0_AWS',
          prefix: 'incoming/billing/focus',
          format: 'PARQUET',
        }),
      );

    const items = await check();
    const [cur2Item, focusItem] = items.filter((item) => item.check === 'data_export');

    expect(cur2Item?.status).toBe('fail');
    expect(cur2Item?.detail).toContain('unhealthy (BILL_OWNER_CHANGED)');
    expect(cur2Item?.detail).toContain('does not select identity_line_item_id');
    expect(cur2Item?.detail).toContain('resource IDs are off');
    expect(focusItem).toEqual(
      expect.objectContaining({ status: 'fail', detail: expect.stringContaining('land reads FOCUS as CSV') }),
    );
  });

  it('warns, not throws, when the CUR API refuses the call, and when no export reaches the bucket', async () => {
    cur
      .on(DescribeReportDefinitionsCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));

    const items = await check();

    expect(items).toEqual([
      expect.objectContaining({
        check: 'cur_report',
        status: 'warn',
        detail: expect.stringContaining('AccessDeniedException: not authorized'),
      }),
      expect.objectContaining({ check: 'billing_exports', status: 'warn' }),
    ]);
  });
});

describe('Contract: CUR 2.0 columns', () => {
  let athenaColumns: string[];

  beforeAll(async () => {
    const text = (await loadSqlCatalog()).get('raw_cur2', 'athena').text;
    athenaColumns = [...text.matchAll(/^\s+`(\w+)` /gm)].map((match) => match[1] as string);
  });

  it('asks an export for exactly the columns the Athena table declares', () => {
    expect([...CUR2_REQUIRED_COLUMNS]).toEqual(athenaColumns);
  });
});
