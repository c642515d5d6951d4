import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CostAllocationEventSchema } from '../../../lambdas/domain/cost-event.ts';
import { BusinessUnitOutcomeEventSchema } from '../../../lambdas/domain/outcome-event.ts';
import { SettingsSchema } from '../../../lambdas/domain/settings.ts';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The JSON blocks of a README section, in order. */
function jsonBlocks(section: string): unknown[] {
  const body = readme.split(`## ${section}\n`)[1]?.split('\n## ')[0] ?? '';
  return [...body.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1] as string));
}

describe('Docs: README examples', () => {
  it('shows an event and an outcome that the contracts accept', () => {
    const [event, outcome] = jsonBlocks('Sending events');

    expect(CostAllocationEventSchema.safeParse(event).success).toBe(true);
    expect(BusinessUnitOutcomeEventSchema.safeParse(outcome).success).toBe(true);
  });

  it('shows a settings file that the settings schema accepts', () => {
    const [settings] = jsonBlocks('Settings');

    expect(SettingsSchema.safeParse(settings).error).toBeUndefined();
  });
});
