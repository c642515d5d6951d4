/**
 * The model a Bedrock `modelId` or resource ARN names, as applications pass it and cost
 * events record it: foundation-model and inference-profile ARNs are cut to their id
 * (`arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0` →
 * `amazon.nova-pro-v1:0`); the geo/global prefix of a system profile stays
 * (`global.anthropic.claude-opus-4-6-v1`: it is priced differently). Application
 * inference profiles, provisioned and custom models have no model id but their ARN,
 * which is kept whole.
 */
const MODEL_ARN = /^arn:aws[\w-]*:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)\/(.+)$/;
const BEDROCK_ARN = /^arn:aws[\w-]*:bedrock:/;

export function bedrockModelId(modelIdOrArn: string): string {
  return MODEL_ARN.exec(modelIdOrArn)?.[1] ?? modelIdOrArn;
}

/** The model of a Bedrock resource ARN, or null for anything that is not a Bedrock ARN. */
export function bedrockModelOfResource(resourceId: string | null): string | null {
  return resourceId && BEDROCK_ARN.test(resourceId) ? bedrockModelId(resourceId) : null;
}
