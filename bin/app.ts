import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AiUnitEconomicsStack } from '../lib/ai-unit-economics-stack.ts';
import { deploymentConfigFromContext } from '../lib/deployment-context.ts';

// The CDK app: no logic here. Settings come from cdk.json context and -c key=value.
const app = new App();
new AiUnitEconomicsStack(app, 'AiUnitEconomics', {
  config: deploymentConfigFromContext(app),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  description: 'ai-unit-economics: cost per business unit of AI API spend, reconciled with the bill',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
