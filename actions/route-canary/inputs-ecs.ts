import type { EcsCanaryOptions } from '../../src/canary/ecs/options.js';
import { LIFECYCLE_STAGES } from '../../src/ecs/service-deployment-view.js';
import { ConfigurationError } from '../../src/errors.js';
import { optionalInput } from '../../src/github/inputs.js';
import { requireRegionPartition } from '../../src/inputs/arn.js';
import { parseClusterName, parseServiceName } from '../../src/inputs/ecs-names.js';
import { invalid } from '../../src/inputs/parse.js';
import type { CommonInputs } from './inputs.js';

/** A service deployment ARN: arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<id>. */
const SERVICE_DEPLOYMENT_ARN =
  /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:service-deployment\/[A-Za-z0-9_-]{1,255}\/[A-Za-z0-9_-]{1,255}\/[A-Za-z0-9_-]+$/;

/** The input behind each setting the core may find wrong. */
export const ECS_INPUTS = { service: 'service', deploymentArn: 'deployment-arn' } as const;

/** mode ecs's inputs, read after the common ones and before any AWS call. */
export function readEcsInputs(common: CommonInputs): EcsCanaryOptions {
  const cluster = parseClusterName('cluster', required('cluster'));
  const service = parseServiceName('service', required('service'));
  const deploymentArn = optionalInput('deployment-arn');
  if (deploymentArn !== undefined) {
    if (!SERVICE_DEPLOYMENT_ARN.test(deploymentArn)) {
      throw invalid(
        'deployment-arn',
        deploymentArn,
        'a service deployment ARN (arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<id>)',
      );
    }
    requireRegionPartition('deployment-arn', deploymentArn, common.region);
  }
  const stage = optionalInput('stop-at-stage');
  return {
    walk: common.walk,
    cluster,
    service,
    deploymentArn,
    stopAtStage: stage === undefined ? undefined : parseStage(stage),
  };
}

/** A lifecycle stage as ECS spells it (any case accepted): BAKE_TIME, POST_TEST_TRAFFIC_SHIFT... */
function parseStage(raw: string): string {
  const stage = raw.trim().toUpperCase();
  if (!(LIFECYCLE_STAGES as readonly string[]).includes(stage))
    throw invalid('stop-at-stage', raw, `one of ${LIFECYCLE_STAGES.join(', ')}`);
  return stage;
}

function required(name: string): string {
  const value = optionalInput(name);
  if (value === undefined) throw new ConfigurationError(`Input required and not supplied: ${name} (mode ecs needs it)`);
  return value;
}
