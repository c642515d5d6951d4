import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlertsProps {
  /** Each address gets an SNS e-mail subscription it must confirm once. */
  readonly emails: readonly string[];
}

/**
 * Where people hear about problems: the alert topic (the `alert` job's economics and
 * data alerts, and failed job runs), encrypted with its own KMS key and TLS only, and
 * the queue that keeps failed job runs for inspection.
 *
 * A job run that still fails after Lambda's async retries, or that EventBridge Scheduler
 * could not deliver, lands in `failedRuns`; an alarm on that queue e-mails the topic.
 */
export class Alerts extends Construct {
  public readonly key: kms.Key;
  public readonly topic: sns.Topic;
  public readonly failedRuns: sqs.Queue;
  public readonly failedRunsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.key = new kms.Key(this, 'Key', {
      description: 'ai-unit-economics alerts: SNS topic and failed-run queue',
      enableKeyRotation: true,
      // Only in-flight messages depend on it: nothing kept after the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // CloudWatch alarms publish to the encrypted topic as the CloudWatch service.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'AI unit economics alerts',
      masterKey: this.key,
      enforceSSL: true,
    });
    for (const email of props.emails) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }

    this.failedRuns = new sqs.Queue(this, 'FailedRuns', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failedRuns).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter destination of the job Lambdas (async on-failure) and of their EventBridge Scheduler targets; a dead-letter queue of a dead-letter queue would hide failures instead of surfacing them. An alarm on it e-mails the alert topic.',
    });

    this.failedRunsAlarm = new cloudwatch.Alarm(this, 'FailedRunsAlarm', {
      alarmDescription:
        'An ai-unit-economics job run failed after its retries (or could not be started). ' +
        'Read the message in the FailedRuns queue (its requestContext names the function), then the ' +
        "function's log group. Jobs are idempotent: once fixed, invoke the function again or wait for its next schedule.",
      metric: this.failedRuns.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.failedRunsAlarm.addAlarmAction(new cloudwatchActions.SnsAction(this.topic));
  }
}
