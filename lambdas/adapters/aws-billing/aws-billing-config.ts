import { BCMDataExportsClient, GetExportCommand, ListExportsCommand } from '@aws-sdk/client-bcm-data-exports';
import {
  CostAndUsageReportServiceClient,
  DescribeReportDefinitionsCommand,
  type ReportDefinition,
} from '@aws-sdk/client-cost-and-usage-report-service';
import type { DoctorItem, DoctorStatus } from '../../domain/doctor.ts';
import type { BillingConfigCheck } from '../../ports/billing-config.ts';

/**
 * The billing configuration check against AWS (DESIGN §3, §8 `doctor`): the legacy Cost
 * and Usage Report definitions (`DescribeReportDefinitions`) and the AWS Data Exports
 * (`ListExports` + `GetExport`) that deliver into the lake's bucket, compared with what
 * the SQL reads (sql/ddl/athena/raw_cur_legacy.sql, raw_cur2.sql; FOCUS CSV for land).
 * Both APIs are served from us-east-1 only. A call that fails (no permission, throttled)
 * is reported as a warning, never thrown.
 */
export const CUR_CONVENTIONS = {
  legacy: { reportName: 'ai-unit-economics', prefix: 'incoming/billing/cur/legacy' },
  cur2: { exportName: 'ai-unit-economics-cur2', prefix: 'incoming/billing/cur/cur2' },
  focus: { prefix: 'incoming/billing/focus' },
} as const;

/** The CUR columns the Bedrock staging reads (raw_cur2's columns): a CUR 2.0 export must select them. */
export const CUR2_REQUIRED_COLUMNS = [
  'identity_line_item_id',
  'bill_billing_entity',
  'bill_payer_account_id',
  'bill_billing_period_start_date',
  'line_item_usage_account_id',
  'line_item_line_item_type',
  'line_item_usage_start_date',
  'line_item_usage_end_date',
  'line_item_product_code',
  'line_item_usage_type',
  'line_item_operation',
  'line_item_resource_id',
  'line_item_usage_amount',
  'line_item_currency_code',
  'line_item_unblended_cost',
  'line_item_line_item_description',
  'line_item_legal_entity',
  'product',
  'pricing_unit',
] as const;

/** The Data Exports and CUR APIs exist in this region only. */
export const BILLING_API_REGION = 'us-east-1';

export interface AwsBillingConfigOptions {
  /** The lake bucket the reports must be delivered to. */
  readonly bucket: string;
  readonly cur?: CostAndUsageReportServiceClient;
  readonly exports?: BCMDataExportsClient;
}

export class AwsBillingConfigCheck implements BillingConfigCheck {
  private readonly cur: CostAndUsageReportServiceClient;
  private readonly exports: BCMDataExportsClient;

  constructor(private readonly options: AwsBillingConfigOptions) {
    this.cur = options.cur ?? new CostAndUsageReportServiceClient({ region: BILLING_API_REGION });
    this.exports = options.exports ?? new BCMDataExportsClient({ region: BILLING_API_REGION });
  }

  async check(): Promise<DoctorItem[]> {
    const cur = await this.checkCurReports();
    const exports = await this.checkDataExports();
    const items = [...cur.items, ...exports.items];
    if (!cur.found && !exports.found) {
      items.push({
        check: 'billing_exports',
        status: 'warn',
        title: 'AWS billing exports',
        detail:
          `neither a Cost and Usage Report nor a Data Export delivers into s3://${this.options.bucket}: Bedrock ` +
          'cannot be reconciled. Deploy with -c createBillingExport=true (FOCUS), or create a CUR 2.0 export ' +
          `named ${CUR_CONVENTIONS.cur2.exportName} with prefix ${CUR_CONVENTIONS.cur2.prefix} (Parquet).`,
      });
    }
    return items;
  }

  private async checkCurReports(): Promise<{ found: boolean; items: DoctorItem[] }> {
    let reports: ReportDefinition[];
    try {
      reports = await this.describeAllReports();
    } catch (error) {
      return {
        found: false,
        items: [apiWarning('cur_report', 'Cost and Usage Report', 'DescribeReportDefinitions', error)],
      };
    }
    const inBucket = reports.filter((report) => report.S3Bucket === this.options.bucket);
    if (inBucket.length === 0) {
      return {
        found: false,
        items: [
          {
            check: 'cur_report',
            status: 'pass',
            title: 'Cost and Usage Report (legacy)',
            detail: `no legacy CUR report delivers into s3://${this.options.bucket}; nothing to check (CUR 2.0 and FOCUS come from Data Exports)`,
          },
        ],
      };
    }
    return { found: true, items: inBucket.map((report) => judgeReport(report)) };
  }

  private async describeAllReports(): Promise<ReportDefinition[]> {
    const reports: ReportDefinition[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.cur.send(new DescribeReportDefinitionsCommand({ NextToken: nextToken }));
      reports.push(...(page.ReportDefinitions ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return reports;
  }

  private async checkDataExports(): Promise<{ found: boolean; items: DoctorItem[] }> {
    const items: DoctorItem[] = [];
    let found = false;
    try {
      let nextToken: string | undefined;
      do {
        const page = await this.exports.send(new ListExportsCommand({ NextToken: nextToken }));
        for (const reference of page.Exports ?? []) {
          if (!reference.ExportArn) continue;
          const { Export: definition, ExportStatus: status } = await this.exports.send(
            new GetExportCommand({ ExportArn: reference.ExportArn }),
          );
          const destination = definition?.DestinationConfigurations?.S3Destination;
          if (!definition || destination?.S3Bucket !== this.options.bucket) continue;
          found = true;
          items.push(
            judgeExport({
              name: definition.Name ?? reference.ExportName ?? reference.ExportArn,
              query: definition.DataQuery?.QueryStatement ?? '',
              tables: definition.DataQuery?.TableConfigurations ?? {},
              prefix: destination.S3Prefix ?? '',
              format: destination.S3OutputConfigurations?.Format ?? '',
              overwrite: destination.S3OutputConfigurations?.Overwrite ?? '',
              health: status?.StatusCode ?? null,
              healthReason: status?.StatusReason ?? null,
            }),
          );
        }
        nextToken = page.NextToken;
      } while (nextToken);
    } catch (error) {
      items.push(apiWarning('data_export', 'AWS Data Exports', 'ListExports/GetExport', error));
    }
    return { found, items };
  }
}

/** A legacy CUR report delivering into the bucket, against what raw_cur_legacy reads. */
function judgeReport(report: ReportDefinition): DoctorItem {
  const name = report.ReportName ?? '(unnamed)';
  const failures: string[] = [];
  const warnings: string[] = [];
  if (report.Format !== 'Parquet') failures.push(`its format is ${report.Format}; Parquet is needed`);
  if (!(report.AdditionalArtifacts ?? []).includes('ATHENA'))
    failures.push('Athena integration is off (additional artifact ATHENA)');
  if (report.S3Prefix !== CUR_CONVENTIONS.legacy.prefix || name !== CUR_CONVENTIONS.legacy.reportName)
    failures.push(
      `it is delivered to ${report.S3Prefix}/${name}/, where the Athena table does not look: name it ` +
        `${CUR_CONVENTIONS.legacy.reportName} with prefix ${CUR_CONVENTIONS.legacy.prefix}`,
    );
  if (!(report.AdditionalSchemaElements ?? []).includes('RESOURCES'))
    warnings.push('resource IDs are off: lines cannot name the model by its ARN, only by AWS billing names');
  if (report.RefreshClosedReports !== true)
    warnings.push(
      'closed months are not refreshed: credits and refunds AWS adds after a month closes are missed',
    );
  return verdict(
    'cur_report',
    `Cost and Usage Report ${name}`,
    failures,
    warnings,
    'Parquet with Athena integration, resource IDs and refresh of closed reports',
  );
}

interface ExportFacts {
  readonly name: string;
  readonly query: string;
  readonly tables: Record<string, Record<string, string>>;
  readonly prefix: string;
  readonly format: string;
  readonly overwrite: string;
  readonly health: string | null;
  readonly healthReason: string | null;
}

/** A Data Export delivering into the bucket: CUR 2.0 is read in place as Parquet; FOCUS is landed from CSV. */
function judgeExport(facts: ExportFacts): DoctorItem {
  const query = facts.query.toLowerCase();
  const failures: string[] = [];
  const warnings: string[] = [];
  if (facts.health === 'UNHEALTHY')
    failures.push(`AWS reports it unhealthy (${facts.healthReason ?? 'no reason given'})`);
  if (facts.overwrite !== 'OVERWRITE_REPORT')
    warnings.push(
      'it creates a new report on each refresh instead of overwriting: months will be counted twice',
    );

  if (/\bfrom\s+cost_and_usage_report\b/.test(query)) {
    if (facts.format !== 'PARQUET')
      failures.push(`its format is ${facts.format}; CUR 2.0 is read as Parquet`);
    if (facts.prefix !== CUR_CONVENTIONS.cur2.prefix || facts.name !== CUR_CONVENTIONS.cur2.exportName)
      failures.push(
        `it is delivered to ${facts.prefix}/${facts.name}/, where the Athena table does not look: name it ` +
          `${CUR_CONVENTIONS.cur2.exportName} with prefix ${CUR_CONVENTIONS.cur2.prefix}`,
      );
    const missing = CUR2_REQUIRED_COLUMNS.filter((column) => !new RegExp(`\\b${column}\\b`).test(query));
    if (missing.length > 0) failures.push(`its query does not select ${missing.join(', ')}`);
    if (facts.tables.COST_AND_USAGE_REPORT?.INCLUDE_RESOURCES !== 'TRUE')
      warnings.push('resource IDs are off (INCLUDE_RESOURCES): lines cannot name the model by its ARN');
    return verdict(
      'data_export',
      `CUR 2.0 export ${facts.name}`,
      failures,
      warnings,
      'Parquet, the columns the staging reads, resource IDs',
    );
  }
  if (/\bfrom\s+focus_/.test(query)) {
    if (facts.format !== 'TEXT_OR_CSV')
      failures.push(`its format is ${facts.format}: land reads FOCUS as CSV (TEXT_OR_CSV), not Parquet`);
    if (!facts.prefix.startsWith(CUR_CONVENTIONS.focus.prefix))
      failures.push(
        `it is delivered to ${facts.prefix}/, where land does not look: use ${CUR_CONVENTIONS.focus.prefix}`,
      );
    return verdict(
      'data_export',
      `FOCUS export ${facts.name}`,
      failures,
      warnings,
      'CSV under incoming/billing/focus',
    );
  }
  return {
    check: 'data_export',
    status: 'pass',
    title: `Data Export ${facts.name}`,
    detail: 'exports neither CUR 2.0 nor FOCUS: not billing evidence for reconciliation, ignored',
  };
}

function verdict(
  check: string,
  title: string,
  failures: readonly string[],
  warnings: readonly string[],
  expected: string,
): DoctorItem {
  const status: DoctorStatus = failures.length > 0 ? 'fail' : warnings.length > 0 ? 'warn' : 'pass';
  const detail =
    status === 'pass'
      ? `delivered as reconciliation needs it (${expected})`
      : [...failures, ...warnings].join('; ');
  return { check, status, title, detail };
}

function apiWarning(check: string, title: string, call: string, error: unknown): DoctorItem {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    check,
    status: 'warn',
    title,
    detail: `could not call ${call} (${message}); grant it to the doctor's role, in ${BILLING_API_REGION}, to check the setup`,
  };
}
