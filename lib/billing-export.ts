import { Stack, Token } from 'aws-cdk-lib';
import * as bcm from 'aws-cdk-lib/aws-bcmdataexports';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ConfigError } from '../lambdas/domain/errors.ts';

export interface BillingExportProps {
  readonly bucket: s3.IBucket;
  /** The bucket's KMS key: the exports service encrypts what it writes with it. */
  readonly key: kms.IKey;
  /**
   * Where the export's files land: `<prefix>/<exportName>/data/BILLING_PERIOD=YYYY-MM/…`.
   * @default 'incoming/billing/focus'
   */
  readonly prefix?: string;
  /**
   * @default 'ai-unit-economics-focus'
   */
  readonly exportName?: string;
}

/** The FOCUS 1.0 columns of AWS Data Exports (table FOCUS_1_0_AWS); the API rejects `SELECT *`. */
const FOCUS_1_0_AWS_COLUMNS = [
  'AvailabilityZone',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
  'x_CostCategories',
  'x_Discounts',
  'x_Operation',
  'x_ServiceCode',
  'x_UsageType',
];

/** The one region where AWS Data Exports (and the legacy CUR API) exists. */
export const DATA_EXPORTS_REGION = 'us-east-1';

/**
 * An AWS Data Exports FOCUS 1.0 export delivered into the lake's `incoming/billing/focus/`,
 * where `land` finds it as billing evidence (off by default: `-c createBillingExport=true`).
 *
 * The us-east-1 constraint: the Data Exports API, like the CUR API before it, is served
 * only from us-east-1, so CloudFormation can create an `AWS::BCMDataExports::Export` only
 * in a us-east-1 stack. This construct refuses any other region at synth time. In another
 * region, leave the option off and create the export in the Billing console (or in a
 * separate us-east-1 stack) pointing at this bucket and prefix; the bucket and key
 * policies below are what it needs, so add them there too.
 */
export class BillingExport extends Construct {
  public readonly export: bcm.CfnExport;
  public readonly prefix: string;

  constructor(scope: Construct, id: string, props: BillingExportProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (Token.isUnresolved(stack.region) || stack.region !== DATA_EXPORTS_REGION) {
      const region = Token.isUnresolved(stack.region) ? 'not set (environment-agnostic stack)' : stack.region;
      throw new ConfigError(
        `createBillingExport: AWS Data Exports can only be created from ${DATA_EXPORTS_REGION}, and this stack's region is ${region}. ` +
          `Deploy the stack to ${DATA_EXPORTS_REGION} (CDK_DEFAULT_REGION / AWS_REGION), or set -c createBillingExport=false ` +
          'and create the FOCUS export in the Billing console into this bucket under incoming/billing/focus/ (see docs/deploy.md).',
      );
    }
    this.prefix = props.prefix ?? 'incoming/billing/focus';
    const exportName = props.exportName ?? 'ai-unit-economics-focus';

    // The documented Data Exports delivery policy, narrowed to the export's prefix.
    const principals = [
      new iam.ServicePrincipal('bcm-data-exports.amazonaws.com'),
      new iam.ServicePrincipal('billingreports.amazonaws.com'),
    ];
    const conditions = {
      StringLike: {
        'aws:SourceAccount': stack.account,
        'aws:SourceArn': [
          `arn:${stack.partition}:cur:${DATA_EXPORTS_REGION}:${stack.account}:definition/*`,
          `arn:${stack.partition}:bcm-data-exports:${DATA_EXPORTS_REGION}:${stack.account}:export/*`,
        ],
      },
    };
    const policy = props.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals,
        actions: ['s3:PutObject'],
        resources: [props.bucket.arnForObjects(`${this.prefix}/*`)],
        conditions,
      }),
    );
    props.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals,
        actions: ['s3:GetBucketPolicy'],
        resources: [props.bucket.bucketArn],
        conditions,
      }),
    );
    // The bucket encrypts with a customer-managed key by default, so the service needs a data key.
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals,
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions,
      }),
    );

    this.export = new bcm.CfnExport(this, 'Export', {
      export: {
        name: exportName,
        description: 'FOCUS 1.0 billing evidence for ai-unit-economics reconciliation',
        dataQuery: {
          queryStatement: `SELECT ${FOCUS_1_0_AWS_COLUMNS.join(', ')} FROM FOCUS_1_0_AWS`,
          tableConfigurations: { FOCUS_1_0_AWS: {} },
        },
        destinationConfigurations: {
          s3Destination: {
            s3Bucket: props.bucket.bucketName,
            s3Prefix: this.prefix,
            s3Region: stack.region,
            s3OutputConfigurations: {
              // Gzipped CSV is what the land job reads; one current file set per billing period.
              format: 'TEXT_OR_CSV',
              compression: 'GZIP',
              outputType: 'CUSTOM',
              overwrite: 'OVERWRITE_REPORT',
            },
          },
        },
        refreshCadence: { frequency: 'SYNCHRONOUS' },
      },
    });
    if (policy.policyDependable) this.export.node.addDependency(policy.policyDependable);
  }
}
