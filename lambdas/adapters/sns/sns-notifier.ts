import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { type AlertDigest, digestBody, digestTitle } from '../../domain/alerts/alert-message.ts';
import { StorageError } from '../../domain/errors.ts';
import type { Notifier, PublishReceipt } from '../../ports/notifier.ts';

export interface SnsNotifierProps {
  readonly client: SNSClient;
  readonly topicArn: string;
  /** Attempts per digest when SNS throttles or fails on its side. @default 5 */
  readonly maxAttempts?: number;
  /** Waits between attempts; tests pass one that does not wait. @default a real timer */
  readonly sleep?: (millis: number) => Promise<void>;
}

/** SNS allows subjects of ASCII text under 100 characters, without line breaks. */
export const SUBJECT_PREFIX = '[ai-unit-economics]';
const SUBJECT_MAX = 99;
/** SNS messages are at most 256 KiB; the body keeps some room for the envelope. */
const BODY_MAX_BYTES = 240 * 1024;
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'KMSThrottlingException',
  'TooManyRequestsException',
  'InternalErrorException',
  'ServiceUnavailable',
]);

/**
 * The notifier as an SNS topic with e-mail subscriptions: one message per digest, a
 * short ASCII subject, the plain-text body, and message attributes for subscription
 * filter policies: `severity` (String), `rule` and `application` (String.Array: a digest
 * can hold several). Throttling is retried with backoff; any other failure throws, so
 * the job does not mark the alerts sent.
 */
export class SnsNotifier implements Notifier {
  private readonly client: SNSClient;
  private readonly topicArn: string;
  private readonly maxAttempts: number;
  private readonly sleep: (millis: number) => Promise<void>;

  constructor(props: SnsNotifierProps) {
    this.client = props.client;
    this.topicArn = props.topicArn;
    this.maxAttempts = props.maxAttempts ?? 5;
    this.sleep = props.sleep ?? ((millis) => new Promise((resolve) => setTimeout(resolve, millis)));
  }

  async publish(digest: AlertDigest): Promise<PublishReceipt> {
    const command = new PublishCommand({
      TopicArn: this.topicArn,
      Subject: digestSubject(digest),
      Message: boundedBody(digest),
      MessageAttributes: messageAttributes(digest),
    });
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await this.client.send(command);
        if (!out.MessageId) throw new Error('SNS accepted the request but returned no MessageId');
        return { messageId: out.MessageId };
      } catch (error) {
        if (!isThrottled(error) || attempt >= this.maxAttempts) {
          throw new StorageError(
            `could not publish the ${digest.severity} alert digest of run ${digest.run_id} to ${this.topicArn} ` +
              `after ${attempt} attempt(s): ${(error as Error)?.message ?? String(error)}`,
            { cause: error, retryable: isThrottled(error) },
          );
        }
        // Exponential backoff with full jitter: 200 ms, 400 ms, 800 ms, … at most.
        await this.sleep(Math.round(Math.random() * 200 * 2 ** (attempt - 1)));
      }
    }
  }
}

/** `[ai-unit-economics] 2 critical: support-desk/support_assistant unallocated 5.5%`, ASCII, < 100 characters. */
export function digestSubject(digest: AlertDigest): string {
  const text = `${SUBJECT_PREFIX} ${digestTitle(digest)}`
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length <= SUBJECT_MAX ? text : `${text.slice(0, SUBJECT_MAX - 3).trimEnd()}...`;
}

export function messageAttributes(digest: AlertDigest): Record<string, MessageAttributeValue> {
  const distinct = (values: (string | undefined)[]) =>
    [...new Set(values.filter((value): value is string => value !== undefined))].sort();
  const rules = distinct(digest.transitions.map((transition) => transition.alert.kind));
  const applications = distinct(digest.transitions.map((transition) => transition.alert.scope.application));
  const attributes: Record<string, MessageAttributeValue> = {
    severity: { DataType: 'String', StringValue: digest.severity },
    rule: { DataType: 'String.Array', StringValue: JSON.stringify(rules) },
  };
  if (applications.length > 0) {
    attributes.application = { DataType: 'String.Array', StringValue: JSON.stringify(applications) };
  }
  return attributes;
}

/** The digest's body, or as many of its alerts as fit with a note on the rest. */
function boundedBody(digest: AlertDigest): string {
  let kept = digest.transitions.length;
  for (;;) {
    const shown = { ...digest, transitions: digest.transitions.slice(0, kept) };
    const left = digest.transitions.length - kept;
    const note = left > 0 ? `\n(${left} more alert(s) did not fit in one message: see v_alerts.)\n` : '';
    const body = digestBody(shown) + note;
    if (Buffer.byteLength(body, 'utf8') <= BODY_MAX_BYTES || kept <= 1) return body;
    kept = Math.max(1, Math.floor(kept / 2));
  }
}

function isThrottled(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
  return THROTTLED.has(name) || status === 429 || (status !== undefined && status >= 500);
}
