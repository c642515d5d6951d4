import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { digestSubject, SnsNotifier } from '../../../../lambdas/adapters/sns/sns-notifier.ts';
import type { AlertDigest } from '../../../../lambdas/domain/alerts/alert-message.ts';
import { StorageError } from '../../../../lambdas/domain/errors.ts';
import { sampleTransition } from '../../../helpers/alert-transitions.ts';

const RUN = '2026-05-19T05-30-00-000Z-alert-1a2b3c4d';

const digest: AlertDigest = {
  run_id: RUN,
  severity: 'critical',
  transitions: [
    sampleTransition('opened', {
      severity: 'critical',
      kind: 'tenant_cost_per_unit_outlier',
      headline: 'umbrella-health 4.1x cost per unit in support_assistant',
      scope: { environment: 'production', application: 'support-desk', workflow: 'support_assistant' },
    }),
    sampleTransition('escalated', { severity: 'critical' }),
  ],
};

describe('Adapter: SnsNotifier (fauxqs)', () => {
  let server: FauxqsServer;
  let sns: SNSClient;
  let topicArn: string;

  beforeAll(async () => {
    server = await startFauxqs({ port: 0, logger: false, messageSpies: true });
    sns = new SNSClient({
      endpoint: `http://127.0.0.1:${server.port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    // An SQS subscriber receives the SNS envelope, subject included, as an e-mail subscription would.
    topicArn = server.createTopic('alerts').topicArn;
    server.createQueue('inbox');
    server.subscribe({ topic: 'alerts', queue: 'inbox' });
  });

  beforeEach(() => server.reset());

  afterAll(async () => {
    sns?.destroy();
    await server?.stop();
  });

  it('publishes the digest with its subject, plain-text body and filter attributes', async () => {
    // Act
    const receipt = await new SnsNotifier({ client: sns, topicArn }).publish(digest);

    // Assess: read the message back as an SQS subscriber receives it (the SNS envelope).
    const delivered = server.inspectQueue('inbox')?.messages.ready ?? [];
    expect(delivered).toHaveLength(1);
    const envelope = JSON.parse(delivered[0]?.body ?? '{}');
    expect(envelope.MessageId).toBe(receipt.messageId);
    expect(envelope.Subject).toBe(
      '[ai-unit-economics] 2 critical: umbrella-health 4.1x cost per unit in support_assistant',
    );
    const body: string = envelope.Message;
    expect(body).toContain("1. [CRITICAL] One tenant's cost per unit far above its workflow's (new)");
    expect(body).toContain('2. [CRITICAL] Unallocated production cost share (now more severe)');
    expect(body).toContain(
      'What happened: 6% of the production cost of revenue-ops/account_research in 2026-W20',
    );
    expect(body).toContain('  - unallocated cost: 0.155080475 USD');
    expect(body).toContain(
      'Threshold: unallocated share of cost (now 6%): warning above 3%, critical above 10%; quiet below 100 requests',
    );
    expect(body).toContain('Period: 2026-W20');
    expect(body).toContain(
      'Scope: environment=production, application=revenue-ops, workflow=account_research, currency=USD',
    );
    expect(body).toContain(
      'Suggested action: Send business_unit (unit_type, unit_id) with every request of this workflow.',
    );
    expect(body).toContain(
      "Look at: v_unit_economics_weekly\n  select * from v_request_costs where application = 'revenue-ops'",
    );
    expect(envelope.MessageAttributes).toEqual({
      severity: { Type: 'String', Value: 'critical' },
      rule: { Type: 'String.Array', Value: '["tenant_cost_per_unit_outlier","unallocated_cost_share"]' },
      application: { Type: 'String.Array', Value: '["revenue-ops","support-desk"]' },
    });
  });

  it('records the same subject, body and attributes in the published SNS message', async () => {
    await new SnsNotifier({ client: sns, topicArn }).publish(digest);

    const published = await server.spy.waitForMessage(
      { service: 'sns', topicName: 'alerts' },
      'published',
      2000,
    );
    expect(published.service).toBe('sns');
    if (published.service !== 'sns') return;
    expect(published.body).toContain(`ai-unit-economics alert run ${RUN}: 2 critical`);
    expect(Object.keys(published.messageAttributes).sort()).toEqual(['application', 'rule', 'severity']);
  });
});

describe('Adapter: SnsNotifier (retries, mocked)', () => {
  const throttled = Object.assign(new Error('Rate exceeded'), {
    name: 'Throttling',
    $metadata: { httpStatusCode: 400 },
  });

  it('retries a throttled publish and returns the message id once SNS accepts it', async () => {
    // Prepare
    const client = new SNSClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(PublishCommand).rejectsOnce(throttled).rejectsOnce(throttled).resolves({ MessageId: 'm-1' });
    const waits: number[] = [];

    // Act
    const receipt = await new SnsNotifier({
      client,
      topicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
      sleep: async (millis) => {
        waits.push(millis);
      },
    }).publish(digest);

    // Assess
    expect(receipt).toEqual({ messageId: 'm-1' });
    expect(mock.commandCalls(PublishCommand)).toHaveLength(3);
    expect(waits).toHaveLength(2);
    mock.restore();
  });

  it('throws a StorageError naming the topic when throttling outlasts the attempts', async () => {
    const client = new SNSClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(PublishCommand).rejects(throttled);

    const publishing = new SnsNotifier({
      client,
      topicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
      maxAttempts: 3,
      sleep: async () => undefined,
    }).publish(digest);

    await expect(publishing).rejects.toThrow(StorageError);
    await expect(publishing).rejects.toThrow(/alerts after 3 attempt\(s\): Rate exceeded/);
    expect(mock.commandCalls(PublishCommand)).toHaveLength(3);
    mock.restore();
  });

  it('throws at once, without retrying, on an error a retry cannot fix', async () => {
    const client = new SNSClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(PublishCommand).rejects(Object.assign(new Error('no such topic'), { name: 'NotFoundException' }));

    await expect(
      new SnsNotifier({
        client,
        topicArn: 'arn:aws:sns:us-east-1:123456789012:gone',
        sleep: async () => undefined,
      }).publish(digest),
    ).rejects.toThrow(/after 1 attempt\(s\): no such topic/);
    mock.restore();
  });
});

describe('Adapter: SNS subject', () => {
  it('keeps the subject ASCII and under 100 characters', () => {
    const long: AlertDigest = {
      run_id: RUN,
      severity: 'warning',
      transitions: [
        sampleTransition('opened', {
          headline: `café-crème/${'very-long-workflow-name-'.repeat(6)} unallocated 6%`,
        }),
      ],
    };

    const subject = digestSubject(long);

    expect(subject.length).toBeLessThan(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(subject.startsWith('[ai-unit-economics] 1 warning: cafe-creme/very-long-workflow-name-')).toBe(
      true,
    );
    expect(subject.endsWith('...')).toBe(true);
  });
});
