import type { DoctorItem } from '../../domain/doctor.ts';
import type { BillingConfigCheck } from '../../ports/billing-config.ts';
import type { ObjectStore } from '../../ports/object-store.ts';

/**
 * The billing configuration check of the embedded default (DESIGN §3): there is no
 * billing API locally, so it looks at what evidence is present under
 * `incoming/billing/<source>/` and says which sources deliver.
 */
const SOURCES = ['focus', 'cur', 'openai-costs', 'anthropic-costs', 'invoice-csv'] as const;

export class LocalBillingConfigCheck implements BillingConfigCheck {
  constructor(private readonly store: ObjectStore) {}

  async check(): Promise<DoctorItem[]> {
    const counts: string[] = [];
    for (const source of SOURCES) {
      let files = 0;
      for await (const object of this.store.list(`incoming/billing/${source}/`)) {
        if (!object.key.endsWith('/')) files += 1;
      }
      if (files > 0) counts.push(`${source} (${files} file${files === 1 ? '' : 's'})`);
    }
    if (counts.length === 0) {
      return [
        {
          check: 'billing_exports',
          status: 'warn',
          title: 'Billing evidence files',
          detail:
            'nothing under incoming/billing/: put FOCUS or invoice CSVs, OpenAI or Anthropic cost pages ' +
            '(land-billing pulls them), or AWS CUR Parquet there to reconcile',
        },
      ];
    }
    return [
      {
        check: 'billing_exports',
        status: 'pass',
        title: 'Billing evidence files',
        detail: `present under incoming/billing/: ${counts.join(', ')}`,
      },
    ];
  }
}
