import type { DayRange } from './date-range.ts';

export const BILLING_API_SOURCES = [
  'openai-costs',
  'openai-usage',
  'anthropic-costs',
  'anthropic-usage',
] as const;
export type BillingApiSourceId = (typeof BILLING_API_SOURCES)[number];

/** One vendor report `land-billing` pulls: where it lands, which key it needs, how to ask. */
export interface BillingApiSource {
  readonly id: BillingApiSourceId;
  /** `incoming/<area>/<id>/…` (DESIGN §5): cost evidence under billing, usage records under usage. */
  readonly area: 'billing' | 'usage';
  readonly label: string;
  readonly secretName: string;
  request(
    baseUrl: string | undefined,
    range: DayRange,
    key: string,
  ): { url: URL; headers: Record<string, string> };
}
