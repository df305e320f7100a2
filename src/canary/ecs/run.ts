import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ListServiceDeploymentsCommand, type ServiceDeployment } from '@aws-sdk/client-ecs';
import { describeAlarmStates } from '../../cloudwatch/alarms.js';
import { firedAlarmText } from '../../cloudwatch/alarm-text.js';
import {
  continueServiceDeployment,
  describeServiceDeployment,
  findInFlightDeployment,
  followServiceDeployment,
  stopServiceDeployment,
  type Ecs,
  type FollowResult,
} from '../../ecs/service-deployments.js';
import { failureReason, isFinal, isRollingBack, pausedHook, productionShare } from '../../ecs/service-deployment-view.js';
import { describeError } from '../../errors.js';
import { formatDuration } from '../../format.js';
import { invalidSetting } from '../../inputs/setting-error.js';
import type { Logger } from '../../logger.js';
import { systemClock, type Clock } from '../../wait/clock.js';
import type { CanaryOutcome, TimelineEntry } from '../outcome.js';
import type { EcsCanaryOptions } from './options.js';

export interface EcsCanaryDeps {
  ecs: Ecs;
  /** Reads the reason of an alarm that made ECS roll back (optional: without it the alarm is named only). */
  cloudwatch?: Pick<CloudWatchClient, 'send'>;
  logger: Logger;
  signal?: AbortSignal;
  clock?: Clock;
}

/**
 * mode ecs: ECS moves the traffic itself (BLUE_GREEN, CANARY, LINEAR); this follows the service
 * deployment through its lifecycle stages. walk follows it to the end, to `stopAtStage`, or to a
 * PAUSE lifecycle hook; promote continues a paused hook (ContinueServiceDeployment) and follows on;
 * abort rolls it back (StopServiceDeployment). A rollback by ECS fails the step naming the alarms.
 */
export async function runEcsCanary(options: EcsCanaryOptions, deps: EcsCanaryDeps): Promise<CanaryOutcome> {
  const clock = deps.clock ?? systemClock;
  const { action } = options.walk;
  if (options.walk.alarms.length) {
    deps.logger.warning(`alarms is not used with mode ecs: ECS rolls back on the alarms of the service's deploymentConfiguration.alarms`);
  }
  const arn = options.deploymentArn ?? (await newestDeployment(deps.ecs, options));
  const found = await describeServiceDeployment(deps.ecs, arn);
  if (!found) throw invalidSetting('deploymentArn', arn, 'a service deployment ECS knows (DescribeServiceDeployments answered MISSING)');
  const timeline: TimelineEntry[] = [];
  const note = (event: string, sd: ServiceDeployment) => {
    deps.logger.info(`${options.service}: ${event}`);
    timeline.push({ at: new Date(clock.now()), event, traffic: trafficOf(sd) });
  };
  let continuedHookId: string | undefined;
  if (action === 'promote') continuedHookId = await promote(deps.ecs, arn, found, note);
  if (action === 'abort' && !isFinal(found) && !isRollingBack(found)) {
    await stopServiceDeployment(deps.ecs, arn, 'ROLLBACK');
    note(`asked ECS to roll back (StopServiceDeployment ROLLBACK) at ${found.lifecycleStage ?? found.status}`, found);
  }
  const followed = await followServiceDeployment({
    ecs: deps.ecs,
    serviceDeploymentArn: arn,
    subject: options.service,
    deadline: clock.now() + options.walk.timeoutMs,
    pollIntervalMs: options.walk.pollIntervalMs,
    logger: deps.logger,
    stopAtStage: action === 'walk' ? options.stopAtStage : undefined,
    stopWhenPaused: action !== 'abort',
    continuedHookId,
    now: clock.now,
    sleep: clock.sleep,
    signal: deps.signal,
  });
  for (const moment of followed.timeline) {
    timeline.push({
      at: moment.at,
      event: moment.line.slice(options.service.length + 2),
      traffic: moment.traffic && sides(moment.traffic.new),
    });
  }
  timeline.sort((a, b) => a.at.getTime() - b.at.getTime());
  return outcomeOf({ options, followed, last: followed.deployment ?? found, timeline, deps });
}

/** The newest deployment under way, else the newest of all (a re-run reports where it ended). */
async function newestDeployment(ecs: Ecs, options: EcsCanaryOptions): Promise<string> {
  const target = { cluster: options.cluster, service: options.service };
  const inFlight = await findInFlightDeployment(ecs, target);
  if (inFlight) return inFlight;
  const answer = await ecs.send(new ListServiceDeploymentsCommand(target));
  const newest = [...(answer.serviceDeployments ?? [])].sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
  if (!newest?.serviceDeploymentArn)
    throw invalidSetting('service', options.service, 'a service with a service deployment (deploy it first)');
  return newest.serviceDeploymentArn;
}

async function promote(ecs: Ecs, arn: string, sd: ServiceDeployment, note: (event: string, sd: ServiceDeployment) => void) {
  const hook = pausedHook(sd);
  if (!hook?.hookId) {
    note(
      `not paused at a lifecycle hook (${sd.status}${sd.lifecycleStage ? ` at ${sd.lifecycleStage}` : ''}): following it to the end`,
      sd,
    );
    return undefined;
  }
  await continueServiceDeployment(ecs, { arn, hookId: hook.hookId, action: 'CONTINUE' });
  note(`continued lifecycle hook ${hook.hookId} at ${sd.lifecycleStage} (ContinueServiceDeployment CONTINUE)`, sd);
  return hook.hookId;
}

const sides = (share: number) => ({ canary: share, stable: Math.round((100 - share) * 10) / 10 });
const trafficOf = (sd: ServiceDeployment) => {
  const share = productionShare(sd);
  return share === undefined ? undefined : sides(share);
};

function where(sd: ServiceDeployment): string {
  const share = productionShare(sd);
  return `${sd.status}${sd.lifecycleStage ? ` at ${sd.lifecycleStage}` : ''}${share === undefined ? '' : `, new revision ${share}% of production traffic`}`;
}

async function outcomeOf(args: {
  options: EcsCanaryOptions;
  followed: FollowResult;
  last: ServiceDeployment;
  timeline: TimelineEntry[];
  deps: EcsCanaryDeps;
}): Promise<CanaryOutcome> {
  const { options, followed, last, timeline, deps } = args;
  const name = options.service;
  const strategy = last.deploymentConfiguration?.strategy ?? 'ROLLING';
  const base = { mode: 'ecs' as const, final: where(last), finalTraffic: trafficOf(last), rolledBack: isRollingBack(last), timeline };
  if (followed.end === 'finished') {
    if (last.status === 'SUCCESSFUL') return base;
    const reason = await explain(last, deps);
    const triggered = last.alarms?.triggeredAlarmNames ?? [];
    const lastEntry = timeline.at(-1);
    if (triggered.length && lastEntry) lastEntry.alarms = triggered.map((alarm) => `${alarm} ALARM`).join(', ');
    const verb = base.rolledBack ? 'ECS rolled back' : `ECS ended (${last.status})`;
    const failure = `${name}: ${verb} the ${strategy} deployment${last.lifecycleStage ? ` at ${last.lifecycleStage}` : ''}: ${reason}`;
    // An abort that rolled back did what it was asked.
    const asked = options.walk.action === 'abort' && last.status === 'ROLLBACK_SUCCESSFUL';
    return { ...base, reason, failure: asked ? undefined : failure };
  }
  if (followed.end === 'reached-stage') {
    return { ...base, reason: `reached ${options.stopAtStage} (stop-at-stage); ECS goes on unless a PAUSE lifecycle hook holds it there` };
  }
  if (followed.end === 'paused') {
    const hook = pausedHook(last);
    return {
      ...base,
      final: `${base.final}, paused by lifecycle hook ${hook?.hookId}`,
      reason: `paused at ${last.lifecycleStage} by lifecycle hook ${hook?.hookId}: run route-canary with action promote to continue, or abort to roll back`,
    };
  }
  const failure =
    followed.end === 'timeout'
      ? `${name}: the ${strategy} deployment did not finish within ${formatDuration(options.walk.timeoutMs)} (left ${base.final}; ECS goes on with it)`
      : followed.end === 'cancelled'
        ? `${name}: cancelled while following the ${strategy} deployment (left ${base.final}; ECS goes on with it)`
        : `${name}: following the ${strategy} deployment failed: ${describeError(followed.error)}`;
  return { ...base, failure };
}

/** ECS's reason, with each fired alarm's own reason when CloudWatch can be read. */
async function explain(sd: ServiceDeployment, deps: EcsCanaryDeps): Promise<string> {
  const reason = failureReason(sd);
  const triggered = sd.alarms?.triggeredAlarmNames ?? [];
  if (!triggered.length || !deps.cloudwatch) return reason;
  try {
    const states = await describeAlarmStates(deps.cloudwatch, triggered);
    const texts = states.map((alarm) =>
      alarm.state === 'ALARM' ? firedAlarmText(alarm) : `alarm "${alarm.name}" is ${alarm.state} again`,
    );
    return `${reason} (${texts.join('; ')})`;
  } catch (error) {
    deps.logger.warning(`could not read the alarms ${triggered.join(', ')}: ${describeError(error)}`);
    return reason;
  }
}
