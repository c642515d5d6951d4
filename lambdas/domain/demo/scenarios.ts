/**
 * What the demo lake is built to show, so tests and the alert rules can check for it.
 * Each scenario names where it lives and roughly how big it is; the exact figures come
 * from the seed.
 */
export interface DemoScenario {
  readonly id: string;
  /** The alert rule of DESIGN §10 it should trip. */
  readonly rule: string;
  readonly scope: Readonly<Record<string, string>>;
  readonly what: string;
}

export const DEMO_SCENARIOS: readonly DemoScenario[] = [
  {
    id: 'tenant-cost-outlier',
    rule: "one tenant's cost per unit far above its workflow",
    scope: { application: 'support-desk', workflow: 'support_assistant', tenant_id: 'umbrella-health' },
    what: "umbrella-health's support cases carry whole ticket histories (7.5× the input tokens): its cost per case is about 4× the workflow's",
  },
  {
    id: 'failed-unit-spend',
    rule: 'failed-unit spend share',
    scope: { application: 'engineering-copilot', workflow: 'code_assistant' },
    what: '30% of code changes are rejected, after more iterations than merged ones: about 35% of the workflow spend goes to failed units (10–20% in the other workflows)',
  },
  {
    id: 'unallocated-cost',
    rule: 'unallocated production cost share',
    scope: { application: 'revenue-ops', workflow: 'account_research', environment: 'production' },
    what: 'background enrichment jobs call the models with no business unit: about 5% of the workflow production cost is unallocated (about 1% elsewhere, about 1.5% overall)',
  },
  {
    id: 'unpriced-model',
    rule: 'unpriced usage',
    scope: {
      provider: 'bedrock',
      model_or_deployment: 'mistral.mistral-large-2407-v1:0',
      workflow: 'account_research',
    },
    what: 'an experiment writes about 4% of research briefs with a model that has no row in config/pricing/prices.csv; AWS bills it, so its billing lines have no estimate',
  },
  {
    id: 'reconciliation-variance',
    rule: 'reconciliation variance after adjustments',
    scope: { provider: 'anthropic', source: 'invoice-csv' },
    what: 'the Anthropic invoice of the closed billing month with the most traffic days bills every usage line 7% above the price table, with no credit or correction to explain it; every other provider-month is within rounding of the estimate (Bedrock and OpenAI exactly, counting the FOCUS correction in its charge month)',
  },
];

/**
 * The deliberately malformed lines, per landing kind and reason; `land` must quarantine
 * exactly these. They are extra lines: no real request or outcome is lost to them.
 */
export const DEMO_MALFORMED_LINES = {
  events: { invalid_json: 2, missing_required_field: 2, negative_tokens: 2, cached_exceeds_input: 2 },
  outcomes: { invalid_json: 1, missing_required_field: 1 },
} as const;

/** Valid lines written twice into the same file (an at-least-once shipper); `land` drops the copies. */
export const DEMO_DUPLICATE_LINES = { events: 6, outcomes: 2 } as const;

export type MalformedEventKind = keyof typeof DEMO_MALFORMED_LINES.events;
export type MalformedOutcomeKind = keyof typeof DEMO_MALFORMED_LINES.outcomes;
