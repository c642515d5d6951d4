import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../lambdas/domain/errors.ts';
import { type JobSpec, LAND } from '../../lib/job-table.ts';
import { type FlatStatement, logicalIdOf, statementsOfRole, testStack } from '../helpers/cdk-app.ts';

// Context as `cdk deploy -c …` passes it: every value a string.
const CONTEXT = {
  alertEmails: 'oncall@example.com, finops@example.org',
  landSchedule: 'rate(30 minutes)',
  landBillingSchedule: 'cron(15 2 * * ? *)',
  computeSchedule: 'cron(0 3 * * ? *)',
  reconcileSchedule: 'cron(20 3 * * ? *)',
  alertSchedule: 'cron(50 3 * * ? *)',
  retentionDays: '400',
  logRetentionDays: '30',
  bytesScannedCutoffMb: '250',
  recomputeWindowDays: '20',
  openAiAdminKeySecretName: 'team/openai-admin',
};

/** The S3 object grants of a role as `action on prefix` lines, e.g. `s3:GetObject on raw/`. */
function objectGrants(statements: readonly FlatStatement[], bucketId: string): string[] {
  const objectArn = new RegExp(`^<${bucketId}\\.Arn>/(.*)\\*$`);
  return statements
    .flatMap(({ actions, resources }) =>
      resources.flatMap((resource) => {
        const prefix = objectArn.exec(resource)?.[1];
        return prefix === undefined ? [] : actions.map((action) => `${action} on ${prefix}`);
      }),
    )
    .sort();
}

/** The `objectGrants` lines of read, write (with multipart abort) and delete access to these prefixes. */
function grantLines(access: { read: string[]; write: string[]; delete?: string[] }): string[] {
  return [
    ...access.read.map((prefix) => `s3:GetObject on ${prefix}`),
    ...access.write.flatMap((prefix) => [
      `s3:PutObject on ${prefix}`,
      `s3:AbortMultipartUpload on ${prefix}`,
    ]),
    ...(access.delete ?? []).map((prefix) => `s3:DeleteObject on ${prefix}`),
  ].sort();
}

/** Statements that let a role write or delete anywhere in the bucket, or that use an s3 wildcard action. */
function bucketWideWrites(statements: readonly FlatStatement[], bucketId: string): FlatStatement[] {
  const isWrite = (action: string) =>
    action === '*' || /^s3:(\*|Put|Delete|Abort|Restore|Replicate)/.test(action);
  const bucketWide = (resource: string) =>
    resource === '*' || resource === `<${bucketId}.Arn>/*` || resource === `<${bucketId}.Arn>`;
  return statements.filter(
    ({ actions, resources }) =>
      actions.some((action) => action === 's3:*' || action === '*') ||
      (actions.some(isWrite) && resources.some(bucketWide)),
  );
}

describe('Infra: AiUnitEconomicsStack', () => {
  let template: Template;
  let bucketId: string;
  let roleOf: (job: string) => string;
  let functionOf: (job: string) => string;

  beforeAll(() => {
    template = testStack({ context: CONTEXT }).template();
    bucketId = logicalIdOf(template, 'AWS::S3::Bucket', 'DataLake/Bucket');
    roleOf = (job) => logicalIdOf(template, 'AWS::IAM::Role', `Jobs/${job}/Role`);
    functionOf = (job) => logicalIdOf(template, 'AWS::Lambda::Function', `Jobs/${job}/Function`);
  });

  describe('the lake', () => {
    it('encrypts the bucket with its rotated KMS key, versions it and blocks public access', () => {
      const keyId = logicalIdOf(template, 'AWS::KMS::Key', 'DataLake/Key');
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      template.hasResource('AWS::S3::Bucket', {
        Properties: Match.objectLike({
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              {
                BucketKeyEnabled: true,
                ServerSideEncryptionByDefault: {
                  SSEAlgorithm: 'aws:kms',
                  KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] },
                },
              },
            ],
          },
          VersioningConfiguration: { Status: 'Enabled' },
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'data-lake/' }),
        }),
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    });

    it('denies every request to the bucket that does not use TLS', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: bucketId },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });

    it('expires raw/ and quarantine/ after retentionDays and Athena results after a week', () => {
      // retentionDays comes from the context (400), not the default (731).
      template.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({ Prefix: 'raw/', ExpirationInDays: 400, Status: 'Enabled' }),
            Match.objectLike({ Prefix: 'quarantine/', ExpirationInDays: 400, Status: 'Enabled' }),
            Match.objectLike({ Prefix: 'athena-results/', ExpirationInDays: 7, Status: 'Enabled' }),
          ]),
        },
      });
    });

    it('retains the data, its key, the access logs and the Glue database when the stack is deleted', () => {
      for (const [type, path] of [
        ['AWS::S3::Bucket', 'DataLake/Bucket'],
        ['AWS::S3::Bucket', 'DataLake/AccessLogs'],
        ['AWS::KMS::Key', 'DataLake/Key'],
      ] as const) {
        const id = logicalIdOf(template, type, path);
        expect(template.toJSON().Resources[id], path).toMatchObject({ DeletionPolicy: 'Retain' });
      }
      template.hasResource('AWS::Glue::Database', { DeletionPolicy: 'Retain' });
    });
  });

  describe('the query engine', () => {
    it('enforces the workgroup result location, KMS encryption, engine v3 and the byte-scan cutoff', () => {
      // 250 MB from the context = 250,000,000 bytes.
      template.hasResourceProperties('AWS::Athena::WorkGroup', {
        Name: 'ai-unit-economics',
        WorkGroupConfiguration: Match.objectLike({
          EnforceWorkGroupConfiguration: true,
          BytesScannedCutoffPerQuery: 250_000_000,
          EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
          ResultConfiguration: Match.objectLike({
            OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: bucketId }, '/athena-results/']] },
            EncryptionConfiguration: {
              EncryptionOption: 'SSE_KMS',
              KmsKey: { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::KMS::Key', 'DataLake/Key'), 'Arn'] },
            },
          }),
        }),
      });
      template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'ai_unit_economics' } });
    });
  });

  describe('alerts', () => {
    it('encrypts the topic with KMS and denies publishing without TLS', () => {
      const topicId = logicalIdOf(template, 'AWS::SNS::Topic', 'Alerts/Topic');
      template.hasResourceProperties('AWS::SNS::Topic', {
        KmsMasterKeyId: { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::KMS::Key', 'Alerts/Key'), 'Arn'] },
      });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: topicId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('subscribes exactly the e-mail addresses of the context', () => {
      const endpoints = Object.values(template.findResources('AWS::SNS::Subscription')).map(
        (subscription) => `${subscription.Properties.Protocol} ${subscription.Properties.Endpoint}`,
      );
      expect(endpoints.sort()).toEqual(['email finops@example.org', 'email oncall@example.com']);
    });

    it('alarms on the failed-runs queue into the alert topic', () => {
      const queueId = logicalIdOf(template, 'AWS::SQS::Queue', 'Alerts/FailedRuns');
      template.hasResourceProperties('AWS::SQS::Queue', {
        KmsMasterKeyId: { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::KMS::Key', 'Alerts/Key'), 'Arn'] },
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        Threshold: 1,
        AlarmActions: [{ Ref: logicalIdOf(template, 'AWS::SNS::Topic', 'Alerts/Topic') }],
      });
    });
  });

  describe('jobs', () => {
    it.each([
      ['Land', 'land', 'rate(30 minutes)'],
      ['LandBilling', 'land-billing', 'cron(15 2 * * ? *)'],
      ['Compute', 'compute', 'cron(0 3 * * ? *)'],
      ['Reconcile', 'reconcile', 'cron(20 3 * * ? *)'],
      ['Alert', 'alert', 'cron(50 3 * * ? *)'],
    ])('schedules %s with the expression of the context and a dead-letter queue', (id, job, expression) => {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: expression,
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [functionOf(id), 'Arn'] },
          Input: Match.stringLikeRegexp(`"job":"${job}"`),
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::SQS::Queue', 'Alerts/FailedRuns'), 'Arn'] },
          },
        }),
      });
    });

    it('runs each job on Node.js 22 on arm64 with tracing, its own log group and retries into the failed-runs queue', () => {
      for (const [id, retries] of [
        ['Land', 2],
        ['LandBilling', 2],
        ['Compute', 1],
        ['Reconcile', 1],
        ['Alert', 2],
      ] as const) {
        const fn = template.toJSON().Resources[functionOf(id)];
        expect(fn.Properties).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          TracingConfig: { Mode: 'Active' },
          LoggingConfig: {
            LogGroup: { Ref: logicalIdOf(template, 'AWS::Logs::LogGroup', `Jobs/${id}/Logs`) },
          },
        });
        template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          FunctionName: { Ref: functionOf(id) },
          MaximumRetryAttempts: retries,
          DestinationConfig: {
            OnFailure: {
              Destination: {
                'Fn::GetAtt': [logicalIdOf(template, 'AWS::SQS::Queue', 'Alerts/FailedRuns'), 'Arn'],
              },
            },
          },
        });
      }
      // logRetentionDays from the context.
      template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });

    it('gives each job exactly the environment its handler parses', () => {
      const environment = (id: string) =>
        template.toJSON().Resources[functionOf(id)].Properties.Environment.Variables;
      const common = {
        AIUE_BUCKET: { Ref: bucketId },
        POWERTOOLS_SERVICE_NAME: 'ai-unit-economics',
        POWERTOOLS_METRICS_NAMESPACE: 'AiUnitEconomics',
        NODE_OPTIONS: '--enable-source-maps',
      };
      expect(environment('Land')).toEqual(common);
      expect(environment('LandBilling')).toEqual({
        ...common,
        AIUE_OPENAI_ADMIN_KEY_SECRET: 'team/openai-admin',
        AIUE_ANTHROPIC_ADMIN_KEY_SECRET: 'ai-unit-economics/anthropic-admin-key',
      });
      const athena = { AIUE_DATABASE: 'ai_unit_economics', AIUE_WORKGROUP: 'ai-unit-economics' };
      // recomputeWindowDays from the context (20), not the default (35).
      expect(environment('Compute')).toEqual({ ...common, ...athena, AIUE_RECOMPUTE_WINDOW_DAYS: '20' });
      expect(environment('Reconcile')).toEqual({ ...common, ...athena });
      expect(environment('Alert')).toEqual({
        ...common,
        ...athena,
        AIUE_ALERT_TOPIC_ARN: { Ref: logicalIdOf(template, 'AWS::SNS::Topic', 'Alerts/Topic') },
      });
    });

    it('gives the Athena jobs time and memory for their queries, within the alert claim lease', () => {
      const sizeOf = (id: string) => {
        const { Timeout, MemorySize } = template.toJSON().Resources[functionOf(id)].Properties;
        return { Timeout, MemorySize };
      };
      expect(sizeOf('Compute')).toEqual({ Timeout: 900, MemorySize: 1024 });
      expect(sizeOf('Reconcile')).toEqual({ Timeout: 600, MemorySize: 512 });
      // Under the alert job's 15-minute claim lease: a timed-out run's claims expire after it ends.
      expect(sizeOf('Alert').Timeout).toBeLessThan(15 * 60);
    });

    it('lets land read only incoming/, and write only raw/, quarantine/ and its state', () => {
      expect(objectGrants(statementsOfRole(template, roleOf('Land')), bucketId)).toEqual(
        [
          's3:GetObject on incoming/events/',
          's3:GetObject on incoming/outcomes/',
          's3:GetObject on incoming/billing/',
          's3:GetObject on incoming/usage/',
          ...['raw/', 'quarantine/', 'state/land/', 'state/runs/land/'].flatMap((prefix) => [
            `s3:PutObject on ${prefix}`,
            `s3:AbortMultipartUpload on ${prefix}`,
          ]),
        ].sort(),
      );
    });

    it('lets land-billing touch only the four vendor report prefixes and its state, and read only the two named secrets', () => {
      const statements = statementsOfRole(template, roleOf('LandBilling'));
      const reports = [
        'incoming/billing/openai-costs/',
        'incoming/billing/anthropic-costs/',
        'incoming/usage/openai-usage/',
        'incoming/usage/anthropic-usage/',
      ];
      expect(objectGrants(statements, bucketId)).toEqual(
        [
          ...reports.flatMap((prefix) => [`s3:GetObject on ${prefix}`, `s3:DeleteObject on ${prefix}`]),
          ...[...reports, 'state/land-billing/', 'state/runs/land-billing/'].flatMap((prefix) => [
            `s3:PutObject on ${prefix}`,
            `s3:AbortMultipartUpload on ${prefix}`,
          ]),
        ].sort(),
      );
      const secrets = statements.filter(({ actions }) =>
        actions.some((action) => action.startsWith('secretsmanager:')),
      );
      expect(secrets.flatMap(({ actions }) => actions)).toEqual([
        'secretsmanager:GetSecretValue',
        'secretsmanager:GetSecretValue',
      ]);
      expect(
        secrets.flatMap(({ resources }) => resources).map((arn) => arn.replace(/^.*:secret:/, '')),
      ).toEqual(['team/openai-admin-??????', 'ai-unit-economics/anthropic-admin-key-??????']);
    });

    it('lets compute read its inputs and the views the report shows, and write only its own tables, state and reports', () => {
      const tables = [
        'requests',
        'outcomes',
        'unit_first_requests',
        'unit_type_settings',
        'unit_costs',
        'unit_economics_daily',
        'result_days',
      ].map((table) => `warehouse/${table}/`);
      expect(objectGrants(statementsOfRole(template, roleOf('Compute')), bucketId)).toEqual(
        grantLines({
          read: [
            'config/',
            'state/runs/land/',
            'state/compute/',
            'raw/events/',
            'raw/outcomes/',
            ...tables,
            'warehouse/reconciliation/',
            'warehouse/reconciliation_periods/',
            'raw/usage_records/',
            'state/alerts/history/',
            'athena-results/',
          ],
          write: ['state/compute/', 'state/runs/compute/', 'reports/', ...tables, 'athena-results/'],
        }),
      );
    });

    it('lets reconcile read billing evidence and curated requests, and write only the reconciliation tables', () => {
      const tables = [
        'reconciliation',
        'reconciliation_periods',
        'reconciliation_thresholds',
        'reconciliation_billing_names',
      ].map((table) => `warehouse/${table}/`);
      expect(objectGrants(statementsOfRole(template, roleOf('Reconcile')), bucketId)).toEqual(
        grantLines({
          read: [
            'config/',
            'raw/billing_lines/',
            'raw/usage_records/',
            'incoming/billing/cur/legacy/',
            'incoming/billing/cur/cur2/',
            'warehouse/requests/',
            'warehouse/outcomes/',
            ...tables,
            'athena-results/',
          ],
          write: ['state/runs/reconcile/', ...tables, 'athena-results/'],
        }),
      );
    });

    it('lets alert read published results and run records, write only its state, and delete only claims', () => {
      expect(objectGrants(statementsOfRole(template, roleOf('Alert')), bucketId)).toEqual(
        grantLines({
          read: [
            'config/',
            'state/runs/land/',
            'state/runs/compute/',
            'state/alerts/',
            'warehouse/requests/',
            'warehouse/unit_costs/',
            'warehouse/unit_economics_daily/',
            'warehouse/result_days/',
            'warehouse/reconciliation/',
            'warehouse/reconciliation_periods/',
            'warehouse/outcomes/',
            'raw/usage_records/',
            'athena-results/',
          ],
          write: ['state/alerts/', 'state/runs/alert/', 'athena-results/'],
          delete: ['state/alerts/keys/'],
        }),
      );
    });

    it('grants no job s3:*, a bucket-wide write, Resource "*" beyond X-Ray, a managed policy, or Athena, SNS or secrets it does not use', () => {
      const uses: Record<string, { athena: boolean; sns: boolean; secrets: boolean }> = {
        Land: { athena: false, sns: false, secrets: false },
        LandBilling: { athena: false, sns: false, secrets: true },
        Compute: { athena: true, sns: false, secrets: false },
        Reconcile: { athena: true, sns: false, secrets: false },
        Alert: { athena: true, sns: true, secrets: false },
      };
      for (const [id, use] of Object.entries(uses)) {
        const statements = statementsOfRole(template, roleOf(id));
        expect(bucketWideWrites(statements, bucketId), id).toEqual([]);
        const star = statements.filter(({ resources }) => resources.includes('*'));
        expect(star.flatMap(({ actions }) => actions).sort(), id).toEqual([
          'xray:PutTelemetryRecords',
          'xray:PutTraceSegments',
        ]);
        const actions = statements.flatMap((statement) => statement.actions);
        const has = (pattern: RegExp) => actions.some((action) => pattern.test(action));
        expect(has(/^(athena|glue):/), `${id} Athena/Glue`).toBe(use.athena);
        expect(has(/^sns:/), `${id} SNS`).toBe(use.sns);
        expect(has(/^secretsmanager:/), `${id} secrets`).toBe(use.secrets);
        expect(template.toJSON().Resources[roleOf(id)].Properties.ManagedPolicyArns, id).toBeUndefined();
      }
    });

    it('finds a bucket-wide write when a job is granted the whole bucket', () => {
      // Prepare: the guard above must be able to fail: the stock grantPut writes bucket/*.
      const { stack, template: synth } = testStack();
      const land = stack.jobs.functions.get('land');
      if (!land) throw new Error('no land job');
      stack.lake.bucket.grantPut(land.role);
      const t = synth();
      const id = logicalIdOf(t, 'AWS::S3::Bucket', 'DataLake/Bucket');

      // Act
      const found = bucketWideWrites(
        statementsOfRole(t, logicalIdOf(t, 'AWS::IAM::Role', 'Jobs/Land/Role')),
        id,
      );

      // Assess
      expect(found.map(({ resources }) => resources)).toEqual([[`<${id}.Arn>/*`]]);
    });

    it('throws when a job spec names an empty or unterminated lake prefix', () => {
      for (const prefix of ['', 'raw', 'raw/*']) {
        const careless: JobSpec = { ...LAND, lake: { read: [], write: [prefix], delete: [] } };
        expect(() => testStack({ jobs: [careless] }), prefix).toThrow(
          /lake prefix .* must be one or more folder names/,
        );
      }
    });

    it('scopes Athena to the workgroup, Glue to the database, and SNS publish to the alert job alone', () => {
      const workGroup = '<AWS::Partition>:athena:<AWS::Region>:<AWS::AccountId>:workgroup/ai-unit-economics';
      const glue = (resource: string) => `<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:${resource}`;
      const of = (id: string, service: string) =>
        statementsOfRole(template, roleOf(id)).filter(({ actions }) =>
          actions.some((action) => action.startsWith(`${service}:`)),
        );

      for (const id of ['Compute', 'Reconcile', 'Alert']) {
        expect(of(id, 'athena'), id).toEqual([
          {
            actions: [
              'athena:StartQueryExecution',
              'athena:GetQueryExecution',
              'athena:GetQueryResults',
              'athena:StopQueryExecution',
            ],
            resources: [`arn:${workGroup}`],
          },
        ]);
        const catalog = of(id, 'glue');
        expect(
          catalog.flatMap(({ resources }) => resources),
          id,
        ).toEqual([
          `arn:${glue('catalog')}`,
          `arn:${glue('database/ai_unit_economics')}`,
          `arn:${glue('table/ai_unit_economics/*')}`,
        ]);
        const changes = catalog
          .flatMap(({ actions }) => actions)
          .filter((action) => !/^glue:(Get|BatchGet)/.test(action));
        // compute and reconcile create tables and views and commit Iceberg snapshots; alert only reads.
        // None drops a table or registers a partition (projection and Iceberg need none).
        expect(changes, id).toEqual(id === 'Alert' ? [] : ['glue:CreateTable', 'glue:UpdateTable']);
      }
      const topicId = logicalIdOf(template, 'AWS::SNS::Topic', 'Alerts/Topic');
      expect(of('Alert', 'sns')).toEqual([{ actions: ['sns:Publish'], resources: [`<${topicId}>`] }]);
    });

    it('lets each Athena job use only the lake key and the alerts key (failed-runs queue, alert topic) to encrypt and decrypt', () => {
      const lakeKey = `<${logicalIdOf(template, 'AWS::KMS::Key', 'DataLake/Key')}.Arn>`;
      const alertsKey = `<${logicalIdOf(template, 'AWS::KMS::Key', 'Alerts/Key')}.Arn>`;
      for (const id of ['Compute', 'Reconcile', 'Alert']) {
        const kms = statementsOfRole(template, roleOf(id)).filter(({ actions }) =>
          actions.some((action) => action.startsWith('kms:')),
        );
        // Athena reads SSE-KMS objects and writes Iceberg files and results with the caller's key access.
        expect(kms, id).toContainEqual({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [lakeKey],
        });
        expect(
          kms
            .flatMap(({ actions }) => actions)
            .every((action) => /^kms:(GenerateDataKey|Decrypt)$/.test(action)),
          id,
        ).toBe(true);
        expect(kms.flatMap(({ resources }) => resources).sort(), id).toEqual([alertsKey, lakeKey].sort());
      }
    });
  });

  describe('billing export', () => {
    it('creates no Data Export unless asked', () => {
      template.resourceCountIs('AWS::BCMDataExports::Export', 0);
    });

    it('exports FOCUS 1.0 into incoming/billing/focus and lets only the exports service write there, in us-east-1', () => {
      // Prepare
      const t = testStack({
        context: { createBillingExport: 'true' },
        env: { account: '111122223333', region: 'us-east-1' },
      }).template();
      const id = logicalIdOf(t, 'AWS::S3::Bucket', 'DataLake/Bucket');

      // Assess
      t.hasResourceProperties('AWS::BCMDataExports::Export', {
        Export: Match.objectLike({
          DataQuery: Match.objectLike({
            QueryStatement: Match.stringLikeRegexp('^SELECT .*BilledCost.* FROM FOCUS_1_0_AWS$'),
          }),
          DestinationConfigurations: {
            S3Destination: Match.objectLike({
              S3Bucket: { Ref: id },
              S3Prefix: 'incoming/billing/focus',
              S3Region: 'us-east-1',
            }),
          },
        }),
      });
      t.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Action: 's3:PutObject',
              Principal: { Service: ['bcm-data-exports.amazonaws.com', 'billingreports.amazonaws.com'] },
              Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, '/incoming/billing/focus/*']] },
              Condition: Match.objectLike({
                StringLike: Match.objectLike({ 'aws:SourceAccount': '111122223333' }),
              }),
            }),
          ]),
        },
      });
    });

    it('throws a ConfigError naming createBillingExport and us-east-1 when the stack is in another region', () => {
      // Act / Assess
      expect(() =>
        testStack({
          context: { createBillingExport: 'true' },
          env: { account: '111122223333', region: 'eu-west-1' },
        }),
      ).toThrow(ConfigError);
      expect(() =>
        testStack({
          context: { createBillingExport: 'true' },
          env: { account: '111122223333', region: 'eu-west-1' },
        }),
      ).toThrow(/createBillingExport.*us-east-1.*eu-west-1/);
    });
  });

  it('outputs the bucket, database, workgroup, topic ARN and the finance view names', () => {
    template.hasOutput('BucketName', { Value: { Ref: bucketId } });
    template.hasOutput('DatabaseName', { Value: 'ai_unit_economics' });
    template.hasOutput('WorkGroupName', { Value: 'ai-unit-economics' });
    template.hasOutput('LakeKeyArn', {
      Value: { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::KMS::Key', 'DataLake/Key'), 'Arn'] },
    });
    template.hasOutput('AlertTopicArn', {
      Value: { Ref: logicalIdOf(template, 'AWS::SNS::Topic', 'Alerts/Topic') },
    });
    template.hasOutput('FinanceViews', {
      Value: Match.stringLikeRegexp(
        '^v_request_costs,v_unit_costs,v_unit_economics_daily,v_unit_economics_weekly,',
      ),
    });
  });
});
