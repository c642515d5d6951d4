import { type AlertDigest, alertLine, digestBody, digestTitle } from '../../domain/alerts/alert-message.ts';
import type { Notifier, PublishReceipt } from '../../ports/notifier.ts';
import type { ObjectStore } from '../../ports/object-store.ts';

export const OUTBOX_PREFIX = 'outbox/alerts/';

/** The outbox file of one alert run: every digest it published, as the e-mail would read. */
export interface OutboxFile {
  readonly run_id: string;
  readonly messages: readonly {
    readonly severity: AlertDigest['severity'];
    readonly subject: string;
    readonly body: string;
    /** The terminal line of each alert in the digest. */
    readonly lines: readonly string[];
    readonly transitions: AlertDigest['transitions'];
  }[];
}

/**
 * The notifier of the embedded default: each run's digests go to
 * `outbox/alerts/<run>.json` in the lake, through the object store, with the subject and
 * body an e-mail would carry and the full alerts. The CLI prints the lines the alert job
 * returns. Digests of one run are published one after another by that run alone, so
 * adding to its own file needs no lock.
 */
export class OutboxNotifier implements Notifier {
  constructor(private readonly store: ObjectStore) {}

  async publish(digest: AlertDigest): Promise<PublishReceipt> {
    const key = `${OUTBOX_PREFIX}${digest.run_id}.json`;
    const existing = await this.store.getBytes(key);
    const file: OutboxFile = existing
      ? (JSON.parse(new TextDecoder().decode(existing)) as OutboxFile)
      : { run_id: digest.run_id, messages: [] };
    const message = {
      severity: digest.severity,
      subject: `[ai-unit-economics] ${digestTitle(digest)}`,
      body: digestBody(digest),
      lines: digest.transitions.map(alertLine),
      transitions: digest.transitions,
    };
    const next: OutboxFile = { ...file, messages: [...file.messages, message] };
    await this.store.put(key, `${JSON.stringify(next, null, 2)}\n`, { contentType: 'application/json' });
    return { messageId: `${key}#${next.messages.length}` };
  }
}
