import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ATHENA_RESULTS_PREFIX } from './data-lake.ts';

export interface QueryEngineProps {
  readonly bucket: s3.IBucket;
  /** The lake key: Athena encrypts query results with it. */
  readonly key: kms.IKey;
  /** Athena cancels any query of this workgroup that would scan more (MB of 1,000,000 bytes, at least 10). */
  readonly bytesScannedCutoffMb: number;
  /**
   * Glue database that holds the lake's tables and the finance views.
   * @default 'ai_unit_economics'
   */
  readonly databaseName?: string;
  /**
   * @default 'ai-unit-economics'
   */
  readonly workGroupName?: string;
}

/**
 * The AWS side of the query engine port: a Glue database and an Athena engine v3
 * workgroup whose settings (result location, KMS encryption, bytes-scanned cutoff)
 * override anything a client asks for. The tables and views themselves are created by
 * the `compute` job from `sql/ddl/athena/` and `sql/`, so schema changes ship with code.
 */
export class QueryEngine extends Construct {
  public readonly database: glue.CfnDatabase;
  public readonly databaseName: string;
  public readonly workGroup: athena.CfnWorkGroup;
  public readonly workGroupName: string;
  public readonly workGroupArn: string;
  /** The Data Catalog, the database and every table in it: what Glue permissions name. */
  public readonly catalogArns: {
    readonly catalog: string;
    readonly database: string;
    readonly tables: string;
  };

  constructor(scope: Construct, id: string, props: QueryEngineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (props.bytesScannedCutoffMb < 10) {
      throw new Error(
        `bytesScannedCutoffMb must be at least 10 (Athena's minimum); got ${props.bytesScannedCutoffMb}`,
      );
    }
    this.databaseName = props.databaseName ?? 'ai_unit_economics';
    this.workGroupName = props.workGroupName ?? 'ai-unit-economics';

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: {
        name: this.databaseName,
        description: 'ai-unit-economics: raw, curated and result tables and the finance views (v_*)',
      },
    });
    // Iceberg tables keep the pointer to their current metadata in Glue: dropping the
    // database with the stack would orphan data the bucket still holds.
    this.database.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: 'ai-unit-economics jobs and finance queries',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffMb * 1_000_000,
        resultConfiguration: {
          outputLocation: `s3://${props.bucket.bucketName}/${ATHENA_RESULTS_PREFIX}`,
          expectedBucketOwner: stack.account,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.key.keyArn },
        },
      },
    });

    this.workGroupArn = stack.formatArn({
      service: 'athena',
      resource: 'workgroup',
      resourceName: this.workGroupName,
    });
    const glueArn = (resource: string, resourceName?: string) =>
      stack.formatArn({ service: 'glue', resource, ...(resourceName ? { resourceName } : {}) });
    this.catalogArns = {
      catalog: glueArn('catalog'),
      database: glueArn('database', this.databaseName),
      tables: glueArn('table', `${this.databaseName}/*`),
    };
  }
}
