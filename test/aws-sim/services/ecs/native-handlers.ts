import { AwsError } from '../../errors.js';
import type { Handler } from '../../types.js';
import type { World } from '../../world.js';
import { continueHook, stopWalk, walkOf } from './native-strategies.js';
import { ecsState, type ServiceDeploymentRecord, type ServiceRecord } from './state.js';

/**
 * ContinueServiceDeployment and StopServiceDeployment, and the fields DescribeServiceDeployments
 * adds for native strategies: lifecycleStage, lifecycleHookDetails, alarms, and the traffic
 * weights of each revision.
 */

const invalid = (message: string) => new AwsError('InvalidParameterException', message);
const notFound = () => new AwsError('ServiceDeploymentNotFoundException', 'Service deployment not found.');
const IN_FLIGHT = ['PENDING', 'IN_PROGRESS'];

function findDeployment(world: World, arn: unknown): { service: ServiceRecord; record: ServiceDeploymentRecord } {
  if (typeof arn !== 'string' || !arn) throw invalid('serviceDeploymentArn cannot be empty.');
  for (const service of ecsState(world).services.values()) {
    const record = service.serviceDeployments.find((sd) => sd.arn === arn);
    if (record) return { service, record };
  }
  throw notFound();
}

export const nativeStrategyHandlers: Record<string, Handler> = {
  ContinueServiceDeployment(input, ctx) {
    const { service, record } = findDeployment(ctx.world, input.serviceDeploymentArn);
    if (typeof input.hookId !== 'string' || !input.hookId) throw invalid('hookId cannot be empty.');
    const action = input.action ?? 'CONTINUE';
    if (action !== 'CONTINUE' && action !== 'ROLLBACK') throw invalid('action must be CONTINUE or ROLLBACK.');
    const walk = walkOf(ctx.world, record.arn);
    const run = walk?.hookRuns.find((h) => h.hookId === input.hookId);
    if (!walk || !run) throw invalid(`Lifecycle hook ${input.hookId} was not found in the service deployment.`);
    if (run.status !== 'AWAITING_ACTION' || !IN_FLIGHT.includes(record.status)) {
      throw invalid(`Lifecycle hook ${input.hookId} is not awaiting action (status ${run.status}).`);
    }
    continueHook(ctx.world, service, walk, run, action);
    return { serviceDeploymentArn: record.arn };
  },

  StopServiceDeployment(input, ctx) {
    const { service, record } = findDeployment(ctx.world, input.serviceDeploymentArn);
    const stopType = input.stopType ?? 'ROLLBACK';
    if (stopType !== 'ROLLBACK' && stopType !== 'ABORT') throw invalid('stopType must be ROLLBACK or ABORT.');
    if (!IN_FLIGHT.includes(record.status)) {
      throw new AwsError('ConflictException', `The service deployment is ${record.status} and cannot be stopped.`);
    }
    const walk = walkOf(ctx.world, record.arn);
    // Simulator limit: only native deployments (those that walk lifecycle stages) can be stopped.
    if (!walk || walk.phase !== 'walking') {
      throw invalid('The simulator stops only BLUE_GREEN, CANARY and LINEAR service deployments under way.');
    }
    stopWalk(ctx.world, service, walk, stopType);
    return { serviceDeploymentArn: record.arn };
  },
};

interface RevisionSummary {
  arn: string;
  [key: string]: unknown;
}

/** DescribeServiceDeployments' answer for one deployment, with what native strategies add. */
export function describeNative<T extends { sourceServiceRevisions: RevisionSummary[]; targetServiceRevision: RevisionSummary }>(
  world: World,
  record: ServiceDeploymentRecord,
  described: T,
): T {
  const walk = walkOf(world, record.arn);
  const alarmsConfig = record.deploymentConfiguration.alarms;
  if (!walk) {
    const enabled = Boolean(alarmsConfig?.enable);
    return { ...described, alarms: enabled ? { status: 'MONITORING', alarmNames: alarmsConfig.alarmNames ?? [] } : { status: 'DISABLED' } };
  }
  const blue = walk.blueId;
  const serviceOf = [...ecsState(world).services.values()].find((s) => s.serviceDeployments.includes(record));
  const blueRevision = serviceOf?.deployments.find((d) => d.id === blue)?.serviceRevisionArn;
  const weigh = (summary: RevisionSummary, production: number, test: number) => ({
    ...summary,
    requestedProductionTrafficWeight: production,
    requestedTestTrafficWeight: test,
  });
  return {
    ...described,
    lifecycleStage: walk.steps[walk.index].stage,
    lifecycleHookDetails: walk.hookRuns.map((h) => ({
      hookId: h.hookId,
      targetType: h.targetType,
      ...(h.targetArn ? { targetArn: h.targetArn } : {}),
      status: h.status,
      expiresAt: h.expiresAt,
      timeoutAction: h.timeoutAction,
    })),
    alarms: {
      status: walk.alarms.status,
      ...(walk.alarms.enabled ? { alarmNames: walk.alarms.names } : {}),
      ...(walk.alarms.triggered.length ? { triggeredAlarmNames: walk.alarms.triggered } : {}),
    },
    targetServiceRevision: weigh(described.targetServiceRevision, walk.productionWeight, walk.testWeight),
    sourceServiceRevisions: described.sourceServiceRevisions.map((s) =>
      s.arn === blueRevision ? weigh(s, 100 - walk.productionWeight, 100 - walk.testWeight) : weigh(s, 0, 0),
    ),
  };
}
