import type { Construct } from 'constructs';
import {
  DEPLOYMENT_CONTEXT_KEYS,
  type DeploymentConfig,
  parseDeploymentConfig,
} from '../lambdas/config/deployment-config.ts';

/** Reads every deployment key from the CDK context (cdk.json, then -c overrides) and parses it. */
export function deploymentConfigFromContext(scope: Construct): DeploymentConfig {
  const context = Object.fromEntries(
    DEPLOYMENT_CONTEXT_KEYS.map((key) => [key, scope.node.tryGetContext(key)]),
  );
  return parseDeploymentConfig(context);
}
