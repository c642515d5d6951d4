import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface DataLakeProps {
  /** Days objects under `raw/` and `quarantine/` are kept before S3 expires them. */
  readonly retentionDays: number;
  /**
   * Days Athena query results under `athena-results/` are kept: they are scratch output,
   * every figure finance reads lives in the views.
   * @default 7
   */
  readonly athenaResultsRetentionDays?: number;
  /**
   * Days S3 server access logs are kept in the log bucket.
   * @default 365
   */
  readonly accessLogRetentionDays?: number;
}

/** Where Athena writes query results inside the lake bucket (DESIGN §5 plus Athena's scratch space). */
export const ATHENA_RESULTS_PREFIX = 'athena-results/';

/**
 * The lake (DESIGN §5): one bucket with every prefix (`incoming/`, `raw/`, `quarantine/`,
 * `state/`, `reports/`, Athena results), encrypted with a customer-managed KMS key, TLS
 * only, versioned, never public, and kept when the stack is deleted. Access is logged to
 * a separate bucket.
 */
export class DataLake extends Construct {
  public readonly key: kms.Key;
  public readonly bucket: s3.Bucket;
  public readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataLakeProps) {
    super(scope, id);

    this.key = new kms.Key(this, 'Key', {
      description: 'ai-unit-economics data lake: S3 objects and Athena query results',
      enableKeyRotation: true,
      // Deleting the key would make every retained object unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // S3 server access logs can only be delivered to an SSE-S3 bucket, hence a second bucket.
    // (cdk-nag does not ask a log destination to log itself.)
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogRetentionDays ?? 365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const days = (n: number) => Duration.days(n);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      // One data key per bucket instead of per object: fewer KMS calls on millions of small objects.
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'data-lake/',
      lifecycleRules: [
        { id: 'expire-raw', prefix: 'raw/', expiration: days(props.retentionDays) },
        { id: 'expire-quarantine', prefix: 'quarantine/', expiration: days(props.retentionDays) },
        {
          id: 'expire-athena-results',
          prefix: ATHENA_RESULTS_PREFIX,
          expiration: days(props.athenaResultsRetentionDays ?? 7),
        },
        {
          // Jobs overwrite state and results every run: old versions are for undoing a
          // bad run, not for keeping.
          id: 'expire-old-versions',
          noncurrentVersionExpiration: days(30),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: days(7),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
