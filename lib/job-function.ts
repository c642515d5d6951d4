import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The repository root: handler entries, `sql/` and the lock file are resolved from here. */
export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * How every job is bundled: locally with esbuild (never Docker), one ESM file with its
 * dependencies, the AWS SDK included (the versions we test, not the runtime's), and the
 * `sql/` folder copied next to it, where the jobs read their statements at run time
 * (`$LAMBDA_TASK_ROOT/sql`). The bundle test builds with these same options.
 */
export const JOB_BUNDLING: nodejs.BundlingOptions = {
  forceDockerBundling: false,
  format: nodejs.OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  bundleAwsSDK: true,
  minify: true,
  // Error classes report new.target.name; minified names would turn StorageError into "a".
  keepNames: true,
  sourceMap: true,
  sourcesContent: false,
  // Some bundled CommonJS dependencies call require() for Node built-ins; ESM has none.
  banner:
    "import { createRequire as __aiueCreateRequire } from 'node:module'; const require = __aiueCreateRequire(import.meta.url);",
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => [`cp -R "${inputDir}/sql" "${outputDir}/sql"`],
  },
};

export interface JobFunctionProps {
  /** The handler file, relative to the repository root (e.g. `lambdas/handlers/land.ts`). */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: logs.RetentionDays;
  /** Receives the event of a run that failed after its retries. */
  readonly failedRuns: sqs.IQueue;
  /** The key `failedRuns` is encrypted with: the function needs it to send there. */
  readonly failedRunsKey: kms.IKey;
  /** Lambda's own retries of a failed asynchronous (scheduled) run: 0 to 2. */
  readonly retryAttempts: number;
  /**
   * @default lambda.Runtime.NODEJS_22_X
   */
  readonly runtime?: lambda.Runtime;
}

/**
 * The one place that owns the job Lambdas' defaults: runtime, arm64, local esbuild
 * bundling with the SQL files, a log group with retention, X-Ray tracing, async retries
 * with an on-failure queue, and a role that starts with nothing but its own log group.
 */
export class JobFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: JobFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      // Operational logs with their own retention; the lake is what is kept.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of the default one, which would attach the AWS managed
    // AWSLambdaBasicExecutionRole (logs:* on every log group) to every job.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `ai-unit-economics ${props.description}`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: `${REPO_ROOT}${props.entry}`,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      runtime: props.runtime ?? lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      description: props.description,
      timeout: props.timeout,
      memorySize: props.memorySize,
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      bundling: JOB_BUNDLING,
    });
    this.function.configureAsyncInvoke({
      retryAttempts: props.retryAttempts,
      maxEventAge: Duration.hours(6),
      onFailure: new EncryptedQueueDestination(props.failedRuns, props.failedRunsKey),
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only xray:PutTraceSegments and xray:PutTelemetryRecords, added for active tracing: X-Ray has no resource-level permissions for these actions. The infra tests fail if any other action gets Resource "*".',
    });
    if ((props.runtime ?? lambda.Runtime.NODEJS_22_X) === lambda.Runtime.NODEJS_22_X) {
      Validations.of(this.function).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          'nodejs22.x is a supported LTS Lambda runtime (deprecation scheduled for 2027) and the one the project tests its bundles for; moving to nodejs24.x is a one-line change of JobFunctionProps.runtime once the jobs have been run on it.',
      });
    }
  }

  /** The IAM finding id cdk-nag reports for a wildcard resource built on this function's ARN. */
  functionArnFinding(suffix: string): string {
    const cfn = this.function.node.defaultChild as lambda.CfnFunction;
    return `AwsSolutions-IAM5[Resource::<${Stack.of(this).resolve(cfn.logicalId)}.Arn>${suffix}]`;
  }
}

/**
 * Lambda's on-failure destination as an encrypted SQS queue, granting exactly what the
 * function needs to send there. The stock SqsDestination grants kms:GenerateDataKey* and
 * kms:ReEncrypt* wildcards.
 */
class EncryptedQueueDestination implements lambda.IDestination {
  constructor(
    private readonly queue: sqs.IQueue,
    private readonly key: kms.IKey,
  ) {}

  bind(_scope: Construct, fn: lambda.IFunction): lambda.DestinationConfig {
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
    this.key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
    return { destination: this.queue.queueArn };
  }
}
