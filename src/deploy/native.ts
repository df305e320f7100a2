import type { Service } from '@aws-sdk/client-ecs';
import { describeError } from '../errors.js';
import { formatDuration } from '../format.js';
import { findInFlightDeployment, followServiceDeployment } from '../ecs/service-deployments.js';
import { failureReason, NATIVE_STRATEGIES, pausedHook, productionShare } from '../ecs/service-deployment-view.js';
import { systemClock } from '../wait/clock.js';
import { pollUntil } from '../wait/poll.js';
import { revLabel } from './names.js';
import type { DeployDeps, DeployOptions, ServiceResult } from './types.js';

/**
 * A service deployed with ECS's own BLUE_GREEN, CANARY or LINEAR strategy is not done when its
 * tasks are healthy: production traffic still moves to it in steps, bakes, and ECS may roll it
 * back on an alarm until the last bake ends. deploy-service follows its service deployment
 * (DescribeServiceDeployments) to SUCCESSFUL, printing the stage, the traffic share and the bake
 * time left; a rollback fails the step naming the alarms that fired. A deployment paused at a
 * PAUSE lifecycle hook ends the wait (result `started`): route-canary's promote continues it.
 */

export const isNativeStrategy = (service: Service): boolean => NATIVE_STRATEGIES.includes(service.deploymentConfiguration?.strategy ?? '');

export async function followNative(options: {
  deps: DeployDeps;
  deploy: DeployOptions & { deadline: number };
  service: Service;
  serviceName: string;
  taskDefinitionArn: string;
  result: ServiceResult;
}): Promise<boolean> {
  const { deps, deploy, serviceName: name, result } = options;
  const strategy = options.service.deploymentConfiguration?.strategy;
  const clock = { now: deps.now ?? systemClock.now, sleep: deps.sleep ?? systemClock.sleep };
  const common = {
    deadline: deploy.deadline,
    subject: name,
    logger: deps.logger,
    unreachableTimeoutMs: deploy.unreachableTimeoutMs,
    now: clock.now,
    sleep: clock.sleep,
  };
  // ListServiceDeployments lags UpdateService like every ECS read: look until it lists it.
  const found = await pollUntil({
    ...common,
    poll: () => findInFlightDeployment(deps.ecs, { cluster: deploy.cluster, service: name }),
    intervalMs: () => deploy.pollIntervalMs,
  });
  if (found.end !== 'done') {
    result.cause = `${name}: could not find the ${strategy} service deployment of ${revLabel(options.taskDefinitionArn)}: ${found.end === 'failed' ? describeError(found.error) : found.end}`;
    return false;
  }
  deps.logger.info(`${name}: following the ${strategy} service deployment ${found.value} through its lifecycle stages`);
  const followed = await followServiceDeployment({
    ...common,
    ecs: deps.ecs,
    serviceDeploymentArn: found.value,
    pollIntervalMs: deploy.pollIntervalMs,
    stopWhenPaused: true,
  });
  const sd = followed.deployment;
  const where = sd?.lifecycleStage ? ` at ${sd.lifecycleStage}` : '';
  const rev = revLabel(options.taskDefinitionArn);
  if (followed.end === 'finished' && sd?.status === 'SUCCESSFUL') {
    result.result = 'succeeded';
    deps.logger.info(`${name}: ${rev} ${strategy} deployment SUCCESSFUL, all production traffic on it`);
    return true;
  }
  if (followed.end === 'paused' && sd) {
    result.result = 'started';
    deps.logger.info(
      `${name}: ${rev} paused${where} by lifecycle hook ${pausedHook(sd)?.hookId} (${productionShare(sd) ?? 0}% of production traffic); continue it with route-canary (mode ecs, action promote) or ContinueServiceDeployment`,
    );
    return false;
  }
  if (followed.end === 'finished' && sd) {
    const rolledBack = sd.status?.startsWith('ROLLBACK');
    result.cause = rolledBack
      ? `${name}: ECS rolled back the ${strategy} deployment of ${rev}${where} (${sd.status}): ${failureReason(sd)}`
      : `${name}: the ${strategy} deployment of ${rev} ended ${sd.status}${where}: ${failureReason(sd)}`;
    return false;
  }
  const share = sd ? `, ${productionShare(sd) ?? 0}% of production traffic on ${rev}` : '';
  result.cause =
    followed.end === 'timeout'
      ? `${name}: the ${strategy} deployment of ${rev} did not finish within ${formatDuration(deploy.timeoutMs)} (left${where}${share}; ECS goes on with it)`
      : `${name}: following the ${strategy} deployment of ${rev} ended (${followed.end}${where}${share}): ${followed.error ? describeError(followed.error) : 'no verdict'}`;
  return false;
}
