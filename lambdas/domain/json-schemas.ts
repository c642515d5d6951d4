import { z } from 'zod';
import { CostAllocationEventSchema } from './cost-event.ts';
import { BusinessUnitOutcomeEventSchema } from './outcome-event.ts';
import { PriceRowSchema } from './price-book.ts';
import { SettingsSchema } from './settings.ts';

/**
 * JSON Schema (draft 2020-12) of each input contract, generated from the zod schemas so
 * the two can never disagree. Application teams validate against these files; the
 * input side is exported (what a sender writes, before defaults are applied).
 */
const CONTRACTS = {
  'cost-allocation-event': {
    schema: CostAllocationEventSchema,
    title: 'AI API cost-allocation event',
  },
  'business-unit-outcome-event': {
    schema: BusinessUnitOutcomeEventSchema,
    title: 'Business-unit outcome event',
  },
  'pricing-row': {
    schema: PriceRowSchema,
    title: 'Pricing table row (config/pricing/*.csv, every cell a string)',
  },
  settings: {
    schema: SettingsSchema,
    title: 'config/settings.json',
  },
} as const;

export function contractJsonSchemas(): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  for (const [name, { schema, title }] of Object.entries(CONTRACTS)) {
    const generated = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    files[`${name}.schema.json`] = { title, ...generated };
  }
  return files;
}
