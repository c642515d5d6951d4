import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractJsonSchemas } from '../../../lambdas/domain/json-schemas.ts';

const committed = new URL('../../../schemas/', import.meta.url);

describe('Contract: committed JSON Schemas', () => {
  it('match the zod schemas they are generated from (run `npm run schemas` when this fails)', () => {
    const generated = contractJsonSchemas();

    expect(readdirSync(committed).sort()).toEqual(Object.keys(generated).sort());
    for (const [name, schema] of Object.entries(generated)) {
      expect(JSON.parse(readFileSync(new URL(name, committed), 'utf8')), name).toEqual(schema);
    }
  });

  it('let applications send fields the contract does not know (they are dropped, not rejected)', () => {
    const event = contractJsonSchemas()['cost-allocation-event.schema.json'] as Record<string, unknown>;

    expect(event.additionalProperties).not.toBe(false);
    expect(event.required).toEqual(
      expect.arrayContaining(['event_type', 'event_version', 'request_id', 'timestamp_utc', 'usage']),
    );
  });
});
