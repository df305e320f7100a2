import { AwsError } from '../../errors.js';
import type { World } from '../../world.js';
import { onTaskChange } from '../ecs/lifecycle.js';
import { onServiceLoadBalancers } from '../ecs/load-balancer-checks.js';
import { ecsState, type TaskRecord } from '../ecs/state.js';
import { findTaskDefinition } from '../ecs/taskdef-store.js';
import { privateIpOf } from '../ecs/task-handlers.js';
import { loadBalancersOf } from './resources.js';
import { elbState } from './state.js';
import { deregisterTarget, registerTarget, type HealthOutcome } from './targets.js';

/**
 * ECS services behind target groups, as ECS does it: CreateService/UpdateService refuse a target
 * group that no listener or rule uses; each RUNNING task of the service is registered (ip: the
 * task's ENI address; instance: a stand-in instance id) on its container port, and deregistered
 * (draining) when ECS stops it. A container scripted `unhealthy` fails its target health checks.
 */

const invalid = (message: string) => new AwsError('InvalidParameterException', message);

onServiceLoadBalancers((world, loadBalancers, taskDefinitionRef) => {
  const taskDefinition = findTaskDefinition(world, taskDefinitionRef);
  for (const entry of loadBalancers) {
    if (!entry.targetGroupArn) continue;
    const tg = elbState(world).targetGroups.get(entry.targetGroupArn);
    if (!tg) {
      throw invalid(
        'Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service role being passed has the proper permissions.',
      );
    }
    if (!loadBalancersOf(world, tg.arn).length) {
      throw invalid(`The target group with targetGroupArn ${tg.arn} does not have an associated load balancer.`);
    }
    const networkMode = taskDefinition?.document.networkMode ?? 'bridge';
    if (taskDefinition && tg.targetType === 'ip' && networkMode !== 'awsvpc') {
      throw invalid(
        `The provided target group ${tg.arn} has target type ip, which is incompatible with the ${networkMode} network mode specified in the task definition.`,
      );
    }
    const containers: any[] = taskDefinition?.document.containerDefinitions ?? [];
    const container = containers.find((c) => c.name === entry.containerName);
    if (taskDefinition && !container) throw invalid(`The container ${entry.containerName} does not exist in the task definition.`);
    const ports = (container?.portMappings ?? []).map((p: any) => p.containerPort);
    if (container && !ports.includes(entry.containerPort)) {
      throw invalid(`The container ${entry.containerName} did not have a container port ${entry.containerPort} defined.`);
    }
  }
});

/** The target a task is registered as: its ENI address for ip groups, a stand-in instance id otherwise. */
export const targetIdOf = (task: TaskRecord, targetType: 'ip' | 'instance'): string =>
  targetType === 'ip' ? privateIpOf(task) : `i-${task.id.slice(0, 17)}`;

function bindings(world: World, task: TaskRecord) {
  const service = task.serviceArn ? ecsState(world).services.get(task.serviceArn) : undefined;
  const entries = (service?.extra.loadBalancers as Array<Record<string, any>> | undefined) ?? [];
  return entries.flatMap((entry) => {
    const tg = entry.targetGroupArn ? elbState(world).targetGroups.get(entry.targetGroupArn) : undefined;
    return tg ? [{ tg, containerName: String(entry.containerName), port: Number(entry.containerPort) }] : [];
  });
}

onTaskChange((world, task, change) => {
  if (change === 'running') {
    for (const { tg, containerName, port } of bindings(world, task)) {
      const container = task.containers.find((c) => c.name === containerName);
      const outcome: HealthOutcome =
        container?.scenario.outcome === 'unhealthy' ? { state: 'unhealthy', reason: 'Target.ResponseCodeMismatch' } : { state: 'healthy' };
      registerTarget(world, tg, { id: targetIdOf(task, tg.targetType), port, availabilityZone: `${task.region}a`, outcome });
    }
  } else if (change === 'stopping' || change === 'stopped') {
    for (const { tg, port } of bindings(world, task)) deregisterTarget(world, tg, { id: targetIdOf(task, tg.targetType), port });
  }
});
