import { z } from 'zod';
import { MoneyAmount, OptionalText, Outcome, Text, UtcTimestamp } from './contract-fields.ts';

/** The business-unit outcome event (DESIGN §6): what became of a unit, and when. */
export const BusinessUnitOutcomeEventSchema = z.object({
  event_type: z.literal('business_unit_outcome'),
  event_version: OptionalText,
  unit_type: Text,
  unit_id: Text,
  tenant_id: OptionalText,
  application: Text,
  workflow: OptionalText,
  outcome: Outcome,
  outcome_at: UtcTimestamp,
  is_final: z
    .boolean()
    .nullish()
    .transform((value) => value ?? false),
  value: MoneyAmount.nullish(),
});

export type BusinessUnitOutcomeEvent = z.infer<typeof BusinessUnitOutcomeEventSchema>;
