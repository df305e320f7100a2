import { DescribeServicesCommand, UpdateServiceCommand, type Deployment, type Service } from '@aws-sdk/client-ecs';
import { ActionFailure, describeError } from '../errors.js';
import { diagnose } from './diagnose.js';
import { followNative, isNativeStrategy } from './native.js';
import { failureLine } from './message.js';
import { familyRevision, revLabel, serviceConsoleUrl } from './names.js';
import { describeTaskDefinition } from '../ecs/register-task-definition.js';
import { existingRevisionArn, imageChanges, resolveTaskDefinition } from './register.js';
import type { DeployDeps, DeployOptions, ResolvedTaskDefinition, ServiceResult, ServiceTarget } from './types.js';
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

interface Job {
  target: ServiceTarget;
  options: DeployOptions & { deadline: number };
  deps: DeployDeps;
  result: ServiceResult;
}

/** Fills in `result` as it goes, so a failure part-way still reports what was done. */
async function run(job: Job) {
  const { target, options, deps, result } = job;
  const { ecs, logger } = deps;
  const { cluster } = options;
  const name = target.service;
  const service = await settledService(job);
  if (service.deploymentController?.type && service.deploymentController.type !== 'ECS') {
    throw new ActionFailure(
      `the service uses the ${service.deploymentController.type} deployment controller; deploy-service drives ECS rolling deployments only`,
    );
  }
  result.previousTaskDefinitionArn = service.taskDefinition;
  const current = await runningDefinition(ecs, service);
  const resolved = await resolveTaskDefinition({ ecs, service: name, source: target.source, current, logger });
  result.taskDefinitionArn = resolved.arn;
  result.registered = resolved.registered;
  result.imageChanges = imageChanges(current, resolved.definition);

  const previousPrimary = service.deployments?.find((d) => d.status === 'PRIMARY');
  const countChanges = options.desiredCount !== undefined && options.desiredCount !== service.desiredCount;
  if (resolved.arn === service.taskDefinition && !options.forceNewDeployment && !countChanges) {
    return adopt({ job, service, resolved, primary: previousPrimary });
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
  logger.info(
    newDeployment
      ? `${name}: deploying ${familyRevision(resolved.arn)} over ${revLabel(service.taskDefinition)} (deployment ${primary?.id})`
      : `${name}: updated the service (desired count ${after.desiredCount}); no new deployment`,
  );
  if (!options.wait || !primary?.id) {
    result.result = 'started';
    return;
  }
  await follow({
    job,
    service: after,
    deploymentId: primary.id,
    mode: newDeployment ? 'rollout' : 'steady',
    resolved,
    priorEventIds: new Set((service.events ?? []).map((e) => e.id!).filter(Boolean)),
    rollbackTo: service.taskDefinition,
  });
}

/**
 * The service already runs the wanted revision: nothing to register or update. The verdict is
 * still that revision's PRIMARY deployment: done when it COMPLETED, followed while it rolls out
 * (a re-run, `wait: true` after `wait: false`, a second deploy of the same file), a failure
 * with its cause when it FAILED.
 */
async function adopt(options: { job: Job; service: Service; resolved: ResolvedTaskDefinition; primary?: Deployment }) {
  const { job, service, resolved, primary } = options;
  const { result, deps } = job;
  const name = job.target.service;
  result.deploymentId = primary?.id;
  const settled = primary?.rolloutState === 'COMPLETED' || (!primary?.rolloutState && (service.deployments ?? []).length <= 1);
  if (!primary?.id || settled) {
    deps.logger.info(
      `${name}: already runs ${familyRevision(resolved.arn)}; nothing to deploy (set force-new-deployment to restart its tasks)`,
    );
    result.result = 'unchanged';
    return;
  }
  const status = primary.rolloutState ?? 'not finished';
  deps.logger.info(
    `${name}: already runs ${familyRevision(resolved.arn)}, whose deployment ${primary.id} is ${status}: following it, not deploying again`,
  );
  if (!job.options.wait && primary.rolloutState !== 'FAILED') {
    result.result = 'started';
    return;
  }
  const since = primary.createdAt?.getTime();
  const before = (service.events ?? []).filter((e) => since === undefined || (e.createdAt?.getTime() ?? 0) < since);
  const succeeded = await follow({
    job,
    service,
    deploymentId: primary.id,
    mode: 'rollout',
    resolved,
    priorEventIds: new Set(before.map((e) => e.id!).filter(Boolean)),
    // What that deployment replaces, for rollback-on-failure.
    rollbackTo: service.deployments?.find((d) => d.status === 'ACTIVE')?.taskDefinition,
  });
  if (succeeded) result.result = 'unchanged';
}

/**
 * Follows one deployment to its verdict; on failure explains it (and rolls back to `rollbackTo`
 * if asked). Returns whether it succeeded.
 */
async function follow(options: {
  job: Job;
  /** The service as last described or updated. */
  service: Service;
  deploymentId: string;
  mode: 'rollout' | 'steady';
  resolved: ResolvedTaskDefinition;
  priorEventIds: Set<string>;
  rollbackTo?: string;
}): Promise<boolean> {
  const { job, service, deploymentId, resolved, priorEventIds } = options;
  const { deps, result } = job;
  const { ecs, logger } = deps;
  const { cluster } = job.options;
  const name = job.target.service;
  // BLUE_GREEN, CANARY, LINEAR: done when the service deployment is, after its traffic shifts and bakes.
  if (options.mode === 'rollout' && isNativeStrategy(service)) {
    return followNative({ deps, deploy: job.options, service, serviceName: name, taskDefinitionArn: resolved.arn, result });
  }
  const state = newWatchState({
    service: name,
    deploymentId,
    taskDefinitionArn: resolved.arn,
    mode: options.mode,
    desiredCount: service.desiredCount ?? 1,
    requestedCount: job.options.desiredCount,
    circuitBreaker: service.deploymentConfiguration?.deploymentCircuitBreaker,
    priorEventIds,
  });
  const watched = await watchDeployment({
    ecs,
    cluster,
    state,
    deadline: job.options.deadline,
    pollIntervalMs: job.options.pollIntervalMs,
    unreachableTimeoutMs: job.options.unreachableTimeoutMs,
    logger,
    now: deps.now,
    sleep: deps.sleep ?? defaultSleep,
  });
  if (watched.verdict.ok) {
    result.result = 'succeeded';
    logger.info(
      `${name}: ${revLabel(resolved.arn)} ${watched.verdict.how === 'completed' ? 'deployment completed' : 'reached a steady state'}`,
    );
    return true;
  }
  const failure = watched.verdict.failure;
  const diagnosis = explains(failure)
    ? await diagnose({
        ecs,
        logs: deps.logs,
        cluster,
        serviceName: name,
        taskDefinition: resolved.definition,
        deploymentId,
        service: watched.service,
        priorEventIds,
        region: deps.region,
        logger,
        clock: { now: deps.now ?? Date.now, sleep: deps.sleep ?? defaultSleep },
      })
    : undefined;
  result.cause = failureLine({
    service: name,
    taskDefinitionArn: resolved.arn,
    failure,
    tasks: diagnosis?.tasks,
    timeoutMs: job.options.timeoutMs,
  });
  const to = options.rollbackTo;
  if (job.options.rollbackOnFailure && rollsBack(failure) && to && to !== resolved.arn) {
    result.rollback = await rollBack({ deps, cluster, service: name, to });
  }
  return false;
}

/**
 * ECS's reads lag its writes: right after another deploy (a `wait: false` step, a re-run), the
 * service and the family's latest revision may still read as they were before it, and a service
 * created a moment ago as MISSING. Before acting on a difference (registering, UpdateService) or
 * failing for a missing service, look again once the reads had time to settle; a deploy that
 * finds nothing to change costs no wait.
 */
const READ_LAG_MS = 1_000;

async function settledService(job: Job): Promise<Service> {
  const { target, options, deps } = job;
  const lookAgain = async () => {
    await (deps.sleep ?? defaultSleep)(READ_LAG_MS);
    return describeService(deps.ecs, options.cluster, target.service);
  };
  const first = await findService(deps.ecs, options.cluster, target.service);
  if (!first) return lookAgain();
  if (first.deploymentController?.type && first.deploymentController.type !== 'ECS') return first;
  const countChanges = options.desiredCount !== undefined && options.desiredCount !== first.desiredCount;
  const current = await runningDefinition(deps.ecs, first);
  const existing = await existingRevisionArn({ ecs: deps.ecs, source: target.source, current });
  if (!countChanges && existing !== undefined && existing === first.taskDefinition) return first;
  return lookAgain();
}

const runningDefinition = (ecs: DeployDeps['ecs'], service: Service) =>
  service.taskDefinition ? describeTaskDefinition(ecs, service.taskDefinition).catch(() => undefined) : Promise.resolve(undefined);

async function describeService(ecs: DeployDeps['ecs'], cluster: string, name: string): Promise<Service> {
  const service = await findService(ecs, cluster, name);
  if (!service) throw new ActionFailure(`service not found in cluster ${cluster}`);
  return service;
}

/** The service as DescribeServices answers it; undefined when ECS says MISSING. */
async function findService(ecs: DeployDeps['ecs'], cluster: string, name: string): Promise<Service | undefined> {
  const answer = await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }));
  const service = answer.services?.[0];
  if (!service) {
    const reason = answer.failures?.[0]?.reason ?? 'MISSING';
    if (reason === 'MISSING') return undefined;
    throw new ActionFailure(`service cannot be described: ${reason}`);
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
    deps.logger.info(`${service}: ${text}`);
    return text;
  } catch (error) {
    const text = `could not roll back to ${familyRevision(options.to)}: ${describeError(error)}`;
    deps.logger.warning(`${service}: ${text}`);
    return text;
  }
}
