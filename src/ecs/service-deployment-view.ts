import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import { formatDuration } from '../format.js';

/**
 * How one ECS service deployment reads to a person, free of I/O: its stage, the new revision's
 * share of production traffic, the bake time left, a paused hook, the alarms that fired. ECS
 * reports no bake start, so the time left counts from when the follower first saw the bake.
 */

/** The order of the lifecycle stages (ServiceDeployment.lifecycleStage, API Reference). */
export const LIFECYCLE_STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP',
] as const;

export const NATIVE_STRATEGIES = ['BLUE_GREEN', 'CANARY', 'LINEAR'];

/** Statuses after which nothing more happens. */
const FINAL = ['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED'];
const ROLLING_BACK = ['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED'];

export const isFinal = (sd: ServiceDeployment): boolean => FINAL.includes(sd.status ?? '');
export const isRollingBack = (sd: ServiceDeployment): boolean => ROLLING_BACK.includes(sd.status ?? '');

/** Whether the deployment is at `stage` or past it, still going forward. */
export function hasReached(sd: ServiceDeployment, stage: string): boolean {
  if (sd.status !== 'IN_PROGRESS' || !sd.lifecycleStage) return false;
  const order = LIFECYCLE_STAGES as readonly string[];
  return order.indexOf(sd.lifecycleStage) >= order.indexOf(stage);
}

/** The PAUSE hook waiting for ContinueServiceDeployment, if any. */
export const pausedHook = (sd: ServiceDeployment) =>
  sd.lifecycleHookDetails?.find((hook) => hook.targetType === 'PAUSE' && hook.status === 'AWAITING_ACTION');

/** The new revision's share of production traffic, in percent, when ECS reports it. */
export const productionShare = (sd: ServiceDeployment): number | undefined => sd.targetServiceRevision?.requestedProductionTrafficWeight;

/** Traffic by side, for the summary: { new, old } in percent. */
export function trafficOf(sd: ServiceDeployment): Record<string, number> | undefined {
  const share = productionShare(sd);
  return share === undefined ? undefined : { new: share, old: Math.round((100 - share) * 10) / 10 };
}

/** The bake under way and how long it lasts in all: BAKE_TIME, or a canary or linear step's bake. */
export function bakeOf(sd: ServiceDeployment): { what: string; totalMs: number } | undefined {
  const config = sd.deploymentConfiguration;
  const share = productionShare(sd);
  if (sd.lifecycleStage === 'BAKE_TIME') return { what: 'bake', totalMs: minutes(config?.bakeTimeInMinutes) };
  if (sd.lifecycleStage !== 'PRODUCTION_TRAFFIC_SHIFT' || share === undefined || share <= 0 || share >= 100) return undefined;
  if (config?.strategy === 'CANARY')
    return { what: 'canary bake', totalMs: minutes(config.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10) };
  if (config?.strategy === 'LINEAR') return { what: 'step bake', totalMs: minutes(config.linearConfiguration?.stepBakeTimeInMinutes ?? 6) };
  return undefined;
}

const minutes = (count: number | undefined) => (count ?? 0) * 60_000;

/** The state that changes the progress line: a new line is printed when this differs. */
export const progressKey = (sd: ServiceDeployment): string =>
  [sd.status, sd.lifecycleStage, productionShare(sd), pausedHook(sd)?.hookId].join('|');

/**
 * "api: CANARY deployment at PRODUCTION_TRAFFIC_SHIFT, new revision 10% of production traffic
 * (canary bake 9m 58s left)". `bakeLeftMs` when a bake is under way.
 */
export function progressLine(subject: string, sd: ServiceDeployment, bakeLeftMs?: number): string {
  const strategy = sd.deploymentConfiguration?.strategy ?? 'ROLLING';
  const parts = [`${subject}: ${strategy} deployment ${statusWords(sd)}`];
  const share = productionShare(sd);
  if (share !== undefined) parts.push(`new revision ${share}% of production traffic`);
  let line = parts.join(', ');
  const bake = bakeOf(sd);
  if (bake && bakeLeftMs !== undefined && sd.status === 'IN_PROGRESS')
    line += ` (${bake.what} ${formatDuration(Math.max(0, bakeLeftMs))} left)`;
  const hook = pausedHook(sd);
  if (hook) {
    const then = hook.timeoutAction ?? 'ROLLBACK';
    const at = hook.expiresAt ? ` at ${hook.expiresAt.toISOString()}` : '';
    line += `; paused by lifecycle hook ${hook.hookId}, waiting for ContinueServiceDeployment (times out${at}, then ${then})`;
  }
  return line;
}

function statusWords(sd: ServiceDeployment): string {
  const stage = sd.lifecycleStage ? ` at ${sd.lifecycleStage}` : '';
  if (sd.status === 'IN_PROGRESS' || sd.status === 'PENDING') return `${sd.status === 'PENDING' ? 'pending' : 'in progress'}${stage}`;
  return `${sd.status}${stage}`;
}

/** Why ECS rolled back or stopped, with the alarms that fired by name. */
export function failureReason(sd: ServiceDeployment): string {
  const alarms = sd.alarms?.triggeredAlarmNames ?? [];
  const reason = sd.rollback?.reason ?? sd.statusReason;
  const named = alarms.length ? `alarm${alarms.length > 1 ? 's' : ''} ${alarms.join(', ')} in ALARM` : undefined;
  if (named && reason && !alarms.every((name) => reason.includes(name))) return `${named}: ${reason}`;
  return reason ?? named ?? `the service deployment ended ${sd.status}`;
}
