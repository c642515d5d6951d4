import type { OutcomeValue } from '../contract-fields.ts';
import type { Random } from './random.ts';

/**
 * What the demo company runs: three applications with the four workflows of the seed
 * article, six tenants, three providers and their models. Everything the traffic,
 * outcome and billing generators know about the world is here, as data.
 */
export type Provider = 'openai' | 'anthropic' | 'bedrock';
export type Environment = 'production' | 'staging';

export interface ModelSpec {
  readonly provider: Provider;
  readonly model: string;
  /** Which optional token counts this provider reports for the model. */
  readonly cacheRead: boolean;
  readonly cacheWrite: boolean;
  readonly reasoning: boolean;
}

function model(provider: Provider, name: string, traits: Partial<ModelSpec> = {}): ModelSpec {
  return { provider, model: name, cacheRead: false, cacheWrite: false, reasoning: false, ...traits };
}

export const MODELS = {
  gpt41: model('openai', 'gpt-4.1', { cacheRead: true }),
  gpt41Mini: model('openai', 'gpt-4.1-mini', { cacheRead: true }),
  o4Mini: model('openai', 'o4-mini', { cacheRead: true, reasoning: true }),
  sonnet: model('anthropic', 'claude-sonnet-4-5', { cacheRead: true, cacheWrite: true }),
  haiku: model('anthropic', 'claude-haiku-4-5', { cacheRead: true, cacheWrite: true }),
  bedrockHaiku: model('bedrock', 'anthropic.claude-3-5-haiku-20241022-v1:0', {
    cacheRead: true,
    cacheWrite: true,
  }),
  novaPro: model('bedrock', 'amazon.nova-pro-v1:0', { cacheRead: true }),
  /** Used by a small experiment in account research; the verified price table has no row for it. */
  mistralLarge: model('bedrock', 'mistral.mistral-large-2407-v1:0'),
} as const satisfies Record<string, ModelSpec>;

export const UNPRICED_MODEL = MODELS.mistralLarge;

/** Provider accounts (OpenAI project, Anthropic workspace, AWS account) per environment. */
export const PROVIDER_ACCOUNTS: Record<Environment, Record<Provider, string>> = {
  production: { openai: 'proj_Prod7xK2mQ9', anthropic: 'wrkspc_prod_01', bedrock: '111122223333' },
  staging: { openai: 'proj_Stg4nB8wL1', anthropic: 'wrkspc_staging_01', bedrock: '444455556666' },
};
export const AWS_PAYER_ACCOUNT = '999988887777';

export const TENANTS = {
  'acme-corp': 0.27,
  globex: 0.22,
  initech: 0.18,
  hooli: 0.15,
  'wayne-retail': 0.12,
  'umbrella-health': 0.1,
} as const;
export type Tenant = keyof typeof TENANTS;
export const STAGING_TENANT = 'qa-sandbox';

/**
 * Its support cases carry whole ticket histories: input scaled by this factor (output by
 * its square root), about 4× the cost per case of the workflow.
 */
export const OUTLIER_TENANT: Tenant = 'umbrella-health';
export const OUTLIER_WORKFLOW = 'support_assistant';
export const OUTLIER_TOKEN_SCALE = 7.5;

/** One model call a unit makes; token counts are means, spread log-normally. */
export interface CallSpec {
  readonly model: ModelSpec;
  /** Where the call goes when the primary is too slow. */
  readonly fallback?: ModelSpec;
  readonly input: number;
  readonly output: number;
  /** Shares of input read from / written to the prompt cache, where the model reports them. */
  readonly cached?: number;
  readonly cacheWrite?: number;
  /** Share of output that is reasoning, where the model reports it. */
  readonly reasoning?: number;
}

/**
 * What will become of a unit: the outcome it ends with (a reopened case is resolved
 * first). Decided first, because it shapes how much the unit costs.
 */
export type Fate = Extract<
  OutcomeValue,
  'resolved' | 'reopened' | 'escalated' | 'abandoned' | 'accepted' | 'rejected' | 'completed'
>;

export interface WorkflowSpec {
  readonly application: string;
  readonly workflow: string;
  readonly unitType: string;
  readonly team: string;
  readonly costCenter: string;
  /** Share of production requests. */
  readonly requestShare: number;
  /** Mean requests per unit, retries included (measured), to size the daily volume. */
  readonly requestsPerUnit: number;
  readonly billingCategory: 'standard' | 'batch';
  /** The second version takes over around this fraction of the window. */
  readonly promptVersions: readonly [string, string];
  readonly promptSwitchAt: number;
  /** Share of this workflow's requests that name no unit (background jobs, missing context). */
  readonly unallocatedShare: number;
  /** Chance that an attempt does not succeed; a share of those are timeouts (which fall back). */
  readonly attemptFailure: number;
  readonly fates: Readonly<Partial<Record<Fate, number>>>;
  /** How the unit's outcome is reported: an outcome event, on the last cost event, or not at all. */
  readonly reporting: Readonly<Record<'event' | 'inline' | 'none', number>>;
  readonly calls: (fate: Fate, random: Random) => CallSpec[];
  readonly unitId: (sequence: number, random: Random) => string;
}

const times = (count: number, make: (index: number) => CallSpec): CallSpec[] =>
  Array.from({ length: count }, (_, index) => make(index));

const supportAssistant: WorkflowSpec = {
  application: 'support-desk',
  workflow: 'support_assistant',
  unitType: 'support_case',
  team: 'customer-care',
  costCenter: 'CC-4100',
  requestShare: 0.36,
  requestsPerUnit: 3.4,
  billingCategory: 'standard',
  promptVersions: ['support-v12', 'support-v13'],
  promptSwitchAt: 0.4,
  unallocatedShare: 0.008,
  attemptFailure: 0.05,
  fates: { resolved: 0.83, reopened: 0.06, escalated: 0.06, abandoned: 0.05 },
  reporting: { event: 0.96, inline: 0, none: 0.04 },
  calls: (fate, random) => {
    const turns =
      fate === 'abandoned' ? random.int(1, 2) : fate === 'escalated' ? random.int(3, 6) : random.int(2, 4);
    // Each turn re-sends the conversation: the system prompt and history come from the cache.
    const conversation = times(turns, (turn) => ({
      model: MODELS.haiku,
      fallback: MODELS.bedrockHaiku,
      input: 2400 + 700 * turn,
      output: 320,
      cached: turn === 0 ? 0 : 0.6,
      cacheWrite: turn === 0 ? 0.55 : 0.12,
    }));
    const drafts = fate !== 'abandoned' && random.chance(0.25);
    return drafts
      ? [...conversation, { model: MODELS.sonnet, input: 4200, output: 650, cached: 0.5 }]
      : conversation;
  },
  unitId: (sequence) => `CASE-${100000 + sequence}`,
};

const documentExtraction: WorkflowSpec = {
  application: 'revenue-ops',
  workflow: 'document_extraction',
  unitType: 'document',
  team: 'finance-ops',
  costCenter: 'CC-3300',
  requestShare: 0.24,
  requestsPerUnit: 1.75,
  billingCategory: 'batch',
  promptVersions: ['extract-v3', 'extract-v4'],
  promptSwitchAt: 0.55,
  unallocatedShare: 0.008,
  attemptFailure: 0.04,
  fates: { accepted: 0.9, rejected: 0.1 },
  reporting: { event: 0.5, inline: 0.5, none: 0 },
  calls: (fate, random) => {
    const extract: CallSpec = { model: MODELS.gpt41Mini, input: 6000, output: 900, cached: 0.3 };
    const validate: CallSpec = { model: MODELS.gpt41Mini, input: 2500, output: 150, cached: 0.5 };
    const first = random.chance(0.6) ? [extract, validate] : [extract];
    return fate === 'rejected' ? [...first, extract, validate] : first;
  },
  unitId: (sequence) => `DOC-${String(sequence).padStart(7, '0')}`,
};

const accountResearch: WorkflowSpec = {
  application: 'revenue-ops',
  workflow: 'account_research',
  unitType: 'research_brief',
  team: 'sales-engineering',
  costCenter: 'CC-3100',
  requestShare: 0.16,
  requestsPerUnit: 3.6,
  billingCategory: 'standard',
  promptVersions: ['research-v1', 'research-v2'],
  promptSwitchAt: 0.5,
  unallocatedShare: 0.055,
  attemptFailure: 0.05,
  fates: { completed: 0.72, abandoned: 0.28 },
  reporting: { event: 0.88, inline: 0, none: 0.12 },
  calls: (fate, random) => {
    const plan: CallSpec = {
      model: MODELS.o4Mini,
      fallback: MODELS.gpt41,
      input: 1500,
      output: 2400,
      reasoning: 0.7,
    };
    const summary: CallSpec = { model: MODELS.novaPro, input: 5000, output: 500, cached: 0.2 };
    if (fate === 'abandoned') return [plan, summary];
    // A small experiment writes some briefs with a model nobody added to the price table.
    const write: CallSpec = random.chance(0.08)
      ? { model: MODELS.mistralLarge, input: 6000, output: 1800 }
      : {
          model: MODELS.o4Mini,
          fallback: MODELS.gpt41,
          input: 6000,
          output: 3000,
          cached: 0.2,
          reasoning: 0.5,
        };
    return [plan, ...times(random.int(1, 3), () => summary), write];
  },
  unitId: (sequence) => `BRIEF-${20000 + sequence}`,
};

const REPOSITORIES = ['payments-api', 'web-frontend', 'data-pipeline', 'mobile-app'] as const;

const codeAssistant: WorkflowSpec = {
  application: 'engineering-copilot',
  workflow: 'code_assistant',
  unitType: 'code_change',
  team: 'developer-productivity',
  costCenter: 'CC-1500',
  requestShare: 0.24,
  requestsPerUnit: 4.6,
  billingCategory: 'standard',
  promptVersions: ['codegen-v7', 'codegen-v8'],
  promptSwitchAt: 0.65,
  unallocatedShare: 0.008,
  attemptFailure: 0.06,
  fates: { accepted: 0.7, rejected: 0.3 },
  reporting: { event: 0.97, inline: 0, none: 0.03 },
  calls: (fate, random) => {
    // Changes that end up rejected go round more iterations before someone gives up.
    const iterations = fate === 'rejected' ? random.int(3, 7) : random.int(2, 5);
    const edits = times(iterations, () => ({
      model: MODELS.sonnet,
      fallback: MODELS.gpt41,
      input: 12000,
      output: 1200,
      cached: 0.75,
      cacheWrite: 0.08,
    }));
    return random.chance(0.3)
      ? [...edits, { model: MODELS.gpt41, input: 8000, output: 700, cached: 0.4 }]
      : edits;
  },
  unitId: (sequence, random) => `${random.pick(REPOSITORIES)}#${1000 + sequence}`,
};

export const WORKFLOWS: readonly WorkflowSpec[] = [
  supportAssistant,
  documentExtraction,
  accountResearch,
  codeAssistant,
];

/** Staging runs the same workflows at this fraction of production's units. */
export const STAGING_UNIT_SHARE = 0.05;
