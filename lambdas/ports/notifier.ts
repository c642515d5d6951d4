import type { AlertDigest } from '../domain/alerts/alert-message.ts';

/**
 * Where alerts go: an SNS topic in AWS (e-mail subscriptions), an outbox folder locally.
 * One call publishes one digest (one run, one severity). It resolves only once the
 * transport has accepted the message, and throws otherwise: the alert job marks alerts
 * sent only after it resolves.
 */
export interface PublishReceipt {
  /** SNS MessageId, or the outbox key the digest was written to. */
  readonly messageId: string;
}

export interface Notifier {
  publish(digest: AlertDigest): Promise<PublishReceipt>;
}
