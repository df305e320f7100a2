import { DescribeServicesCommand, UpdateServiceCommand, type Service } from '@aws-sdk/client-ecs';
import { ActionFailure, describeError } from '../errors.js';
import { diagnose } from './diagnose.js';
import { failureLine } from './message.js';
import { familyRevision, revLabel, serviceConsoleUrl } from './names.js';
import { describeTaskDefinition } from '../ecs/register-task-definition.js';
import { imageChanges, resolveTaskDefinition } from './register.js';
import type { DeployDeps, DeployOptions, ServiceResult, ServiceTarget } from './types.js';
import { updateServiceInput } from './update.js';
import { defaultSleep, watchDeployment } from './watch.js';
import { newWatchState, type Failure } from './watch-state.js';

/**
 * Deploys one service: register-or-reuse, UpdateService, follow the deployment, and on failure
 * explain it (and roll back if asked). Never throws for a failed deploy: the result says why, so
 * parallel deploys of several services report together.
 */
export async function deployService(
  target: ServiceTarget,
  options: DeployOptions & { deadline: number },
  deps: DeployDeps,
): Promise<ServiceResult> {
  const now = deps.now ?? Date.now;
  const started = now();
  const result: ServiceResult = {
    service: target.service,
    cluster: options.cluster,
    result: 'failed',
    registered: false,
    imageChanges: [],
    durationMs: 0,
    consoleUrl: serviceConsoleUrl({ region: deps.region, cluster: options.cluster, service: target.service }),
  };
  try {
    await run({ target, options, deps, result });
  } catch (error) {
    result.result = 'failed';
    result.cause = error instanceof ActionFailure ? `${target.service}: ${error.message}` : `${target.service}: ${describeError(error)}`;
  }
  result.durationMs = now() - started;
  return result;
}

/** Fills in `result` as it goes, so a failure part-way still reports what was done. */
async function run(job: { target: ServiceTarget; options: DeployOptions & { deadline: number }; deps: DeployDeps; result: ServiceResult }) {
  const { target, options, deps, result } = job;
  const { ecs, log } = deps;
  const { cluster } = options;
  const name = target.service;
  const service = await describeService(ecs, cluster, name);
  if (service.deploymentController?.type && service.deploymentController.type !== 'ECS') {
    throw new ActionFailure(
      `the service uses the ${service.deploymentController.type} deployment controller; deploy-service drives ECS rolling deployments only`,
    );
  }
  result.previousTaskDefinitionArn = service.taskDefinition;
  const current = service.taskDefinition ? await describeTaskDefinition(ecs, service.taskDefinition).catch(() => undefined) : undefined;
  const resolved = await resolveTaskDefinition({ ecs, service: name, source: target.source, current, log });
  result.taskDefinitionArn = resolved.arn;
  result.registered = resolved.registered;
  result.imageChanges = imageChanges(current, resolved.definition);

  const previousPrimary = service.deployments?.find((d) => d.status === 'PRIMARY');
  const countChanges = options.desiredCount !== undefined && options.desiredCount !== service.desiredCount;
  if (resolved.arn === service.taskDefinition && !options.forceNewDeployment && !countChanges) {
    log.info(`${name}: already runs ${familyRevision(resolved.arn)}; nothing to deploy (set force-new-deployment to restart its tasks)`);
    result.result = 'unchanged';
    result.deploymentId = previousPrimary?.id;
    return;
  }

  const updated = await ecs.send(
    new UpdateServiceCommand(
      updateServiceInput({
        cluster,
        service: name,
        taskDefinitionArn: resolved.arn,
        desiredCount: options.desiredCount,
        forceNewDeployment: options.forceNewDeployment,
      }),
    ),
  );
  const after = updated.service ?? service;
  const primary = after.deployments?.find((d) => d.status === 'PRIMARY');
  result.deploymentId = primary?.id;
  const newDeployment = Boolean(primary && primary.id !== previousPrimary?.id);
  log.info(
    newDeployment
      ? `${name}: deploying ${familyRevision(resolved.arn)} over ${revLabel(service.taskDefinition)} (deployment ${primary?.id})`
      : `${name}: updated the service (desired count ${after.desiredCount}); no new deployment`,
  );
  if (!options.wait || !primary?.id) {
    result.result = 'started';
    return;
  }

  const priorEventIds = new Set((service.events ?? []).map((e) => e.id!).filter(Boolean));
  const state = newWatchState({
    service: name,
    deploymentId: primary.id,
    taskDefinitionArn: resolved.arn,
    mode: newDeployment ? 'rollout' : 'steady',
    desiredCount: after.desiredCount ?? primary.desiredCount ?? 1,
    circuitBreaker: after.deploymentConfiguration?.deploymentCircuitBreaker,
    priorEventIds,
  });
  const watched = await watchDeployment({
    ecs,
    cluster,
    state,
    deadline: options.deadline,
    pollIntervalMs: options.pollIntervalMs,
    log,
    now: deps.now,
    sleep: deps.sleep ?? defaultSleep,
  });
  if (watched.verdict.ok) {
    result.result = 'succeeded';
    log.info(`${name}: ${revLabel(resolved.arn)} ${watched.verdict.how === 'completed' ? 'deployment completed' : 'reached a steady state'}`);
    return;
  }
  const failure = watched.verdict.failure;
  const diagnosis = explains(failure)
    ? await diagnose({
        ecs,
        logs: deps.logs,
        cluster,
        serviceName: name,
        taskDefinition: resolved.definition,
        service: watched.service,
        priorEventIds,
        region: deps.region,
        log,
      })
    : undefined;
  result.cause = failureLine({
    service: name,
    taskDefinitionArn: resolved.arn,
    failure,
    tasks: diagnosis?.tasks,
    timeoutMs: options.timeoutMs,
  });
  if (options.rollbackOnFailure && rollsBack(failure) && service.taskDefinition && service.taskDefinition !== resolved.arn) {
    result.rollback = await rollBack({ deps, cluster, service: name, to: service.taskDefinition });
  }
}

async function describeService(ecs: DeployDeps['ecs'], cluster: string, name: string): Promise<Service> {
  const answer = await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }));
  const service = answer.services?.[0];
  if (!service) {
    const reason = answer.failures?.[0]?.reason ?? 'MISSING';
    throw new ActionFailure(reason === 'MISSING' ? `service not found in cluster ${cluster}` : `service cannot be described: ${reason}`);
  }
  if (service.status !== 'ACTIVE') throw new ActionFailure(`the service is ${service.status} (deleted or being deleted)`);
  return service;
}

/** Failures whose tasks tell the story; an access error or a missing service has no tasks to show. */
const explains = (failure: Failure) => !['missing', 'error', 'replaced'].includes(failure.kind);

/** rollback-on-failure acts only where ECS did not already roll back and nobody else deployed. */
const rollsBack = (failure: Failure) => ['failed', 'tasks-stopping', 'timeout'].includes(failure.kind);

async function rollBack(options: { deps: DeployDeps; cluster: string; service: string; to: string }): Promise<string> {
  const { deps, service } = options;
  try {
    const answer = await deps.ecs.send(
      new UpdateServiceCommand(updateServiceInput({ cluster: options.cluster, service, taskDefinitionArn: options.to })),
    );
    const primary = answer.service?.deployments?.find((d) => d.status === 'PRIMARY');
    const text = `rolled back to ${familyRevision(options.to)} (deployment ${primary?.id ?? 'unknown'})`;
    deps.log.info(`${service}: ${text}`);
    return text;
  } catch (error) {
    const text = `could not roll back to ${familyRevision(options.to)}: ${describeError(error)}`;
    deps.log.warning(`${service}: ${text}`);
    return text;
  }
}

