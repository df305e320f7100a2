import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { createAwsContext, type AwsContext } from '../../src/aws/clients.js';
import { runAlbCanary } from '../../src/canary/alb/run.js';
import { runCloudFrontCanary } from '../../src/canary/cloudfront/run.js';
import { runEcsCanary } from '../../src/canary/ecs/run.js';
import type { CanaryOutcome } from '../../src/canary/outcome.js';
import { cancellationSignal } from '../../src/github/cancellation.js';
import { actionCredentials } from '../../src/github/credentials.js';
import { debugInputs } from '../../src/github/debug-inputs.js';
import { actionsLogger } from '../../src/github/logger.js';
import { nameInputs } from '../../src/inputs/setting-error.js';
import type { CommonInputs } from './inputs.js';
import { ALB_INPUTS, readAlbInputs } from './inputs-alb.js';
import { CLOUDFRONT_INPUT_NAMES, readCloudFrontInputs } from './inputs-cloudfront.js';
import { ECS_INPUTS, readEcsInputs } from './inputs-ecs.js';

/** Each branch reads its mode's inputs (all of them before any AWS call), then runs the mode. */
export async function runMode(common: CommonInputs): Promise<CanaryOutcome> {
  const deps = { logger: actionsLogger, signal: cancellationSignal() };
  switch (common.mode) {
    case 'alb': {
      const options = readAlbInputs(common);
      const aws = await connect(common, options);
      const clients = { elbv2: aws.client(ElasticLoadBalancingV2Client), cloudwatch: aws.client(CloudWatchClient) };
      return runAlbCanary(options, { ...deps, ...clients }).catch(nameInputs(ALB_INPUTS));
    }
    case 'cloudfront': {
      const options = readCloudFrontInputs(common);
      const aws = await connect(common, options);
      const clients = { cloudfront: aws.client(CloudFrontClient), cloudwatch: aws.client(CloudWatchClient) };
      return runCloudFrontCanary(options, { ...deps, ...clients }).catch(nameInputs(CLOUDFRONT_INPUT_NAMES));
    }
    case 'ecs': {
      const options = readEcsInputs(common);
      const aws = await connect(common, options);
      const clients = { ecs: aws.client(ECSClient), cloudwatch: aws.client(CloudWatchClient) };
      return runEcsCanary(options, { ...deps, ...clients }).catch(nameInputs(ECS_INPUTS));
    }
  }
}

/** Credentials and the client factory, once every input is valid. */
async function connect(common: CommonInputs, modeOptions: unknown): Promise<AwsContext> {
  debugInputs({ mode: common.mode, region: common.region, credentials: common.credentials, options: modeOptions });
  const credentials = await actionCredentials(common.credentials, { region: common.region });
  return createAwsContext({ action: 'route-canary', region: common.region, credentials });
}
