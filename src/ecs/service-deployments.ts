import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  type ECSClient,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import type { Logger } from '../logger.js';
import { systemClock } from '../wait/clock.js';
import { pollUntil } from '../wait/poll.js';
import { bakeOf, hasReached, isFinal, pausedHook, progressKey, progressLine, trafficOf } from './service-deployment-view.js';

/**
 * One ECS service deployment followed through DescribeServiceDeployments: its lifecycle stages,
 * the new revision's share of production traffic and the bake time left, one line when any of
 * them changes, until it ends, reaches a chosen stage, or pauses at a lifecycle hook. Also the
 * calls that act on it: ContinueServiceDeployment and StopServiceDeployment.
 */

export type Ecs = Pick<ECSClient, 'send'>;

/** One change seen while following, for a job summary's timeline. */
export interface DeploymentMoment {
  at: Date;
  line: string;
  status?: string;
  stage?: string;
  traffic?: Record<string, number>;
}

export type FollowEnd =
  /** SUCCESSFUL, STOPPED, ROLLBACK_SUCCESSFUL or ROLLBACK_FAILED: see `deployment.status`. */
  | 'finished'
  | 'reached-stage'
  /** A PAUSE hook awaits ContinueServiceDeployment (only with `stopWhenPaused`). */
  | 'paused'
  | 'timeout'
  | 'cancelled'
  | 'unreachable'
  | 'failed';

export interface FollowResult {
  end: FollowEnd;
  /** The last answer, when there was one. */
  deployment?: ServiceDeployment;
  timeline: DeploymentMoment[];
  /** For 'failed' and 'unreachable': what went wrong. */
  error?: unknown;
}

export interface FollowOptions {
  ecs: Ecs;
  serviceDeploymentArn: string;
  /** Names the service in every line ("api"). */
  subject: string;
  deadline: number;
  pollIntervalMs: number;
  logger: Pick<Logger, 'info'>;
  /** End once the deployment is at this lifecycle stage or past it (a manual approval). */
  stopAtStage?: string;
  /** End when a PAUSE hook awaits ContinueServiceDeployment instead of waiting through it. */
  stopWhenPaused?: boolean;
  /** A hook just continued: its AWAITING_ACTION, read before ECS applied the call, is not a pause. */
  continuedHookId?: string;
  unreachableTimeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

export async function describeServiceDeployment(ecs: Ecs, arn: string): Promise<ServiceDeployment | undefined> {
  const answer = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
  return answer.serviceDeployments?.[0];
}

/** The service's newest deployment under way (PENDING or IN_PROGRESS), if any. */
export async function findInFlightDeployment(
  ecs: Ecs,
  target: { cluster: string; service: string; createdAfter?: Date },
): Promise<string | undefined> {
  const answer = await ecs.send(
    new ListServiceDeploymentsCommand({
      cluster: target.cluster,
      service: target.service,
      status: ['PENDING', 'IN_PROGRESS'],
      ...(target.createdAfter ? { createdAt: { after: target.createdAfter } } : {}),
    }),
  );
  const newest = [...(answer.serviceDeployments ?? [])].sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
  return newest?.serviceDeploymentArn;
}

/** ContinueServiceDeployment on the paused hook: CONTINUE moves on, ROLLBACK rolls back. */
export async function continueServiceDeployment(
  ecs: Ecs,
  options: { arn: string; hookId: string; action?: 'CONTINUE' | 'ROLLBACK' },
): Promise<void> {
  await ecs.send(
    new ContinueServiceDeploymentCommand({
      serviceDeploymentArn: options.arn,
      hookId: options.hookId,
      action: options.action ?? 'CONTINUE',
    }),
  );
}

/** StopServiceDeployment: ROLLBACK sends the service back to the revision it ran before. */
export async function stopServiceDeployment(ecs: Ecs, arn: string, stopType: 'ROLLBACK' | 'ABORT' = 'ROLLBACK'): Promise<void> {
  await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType }));
}

export async function followServiceDeployment(options: FollowOptions): Promise<FollowResult> {
  const now = options.now ?? systemClock.now;
  const timeline: DeploymentMoment[] = [];
  let last: ServiceDeployment | undefined;
  let lastKey: string | undefined;
  let lastLine: string | undefined;
  /** When the current bake was first seen (ECS does not say when it began). */
  let bakeSeen: { key: string; at: number } | undefined;

  const note = (sd: ServiceDeployment) => {
    const bake = bakeOf(sd);
    const bakeKey = bake ? `${sd.lifecycleStage}|${sd.targetServiceRevision?.requestedProductionTrafficWeight}` : undefined;
    if (bakeKey && bakeSeen?.key !== bakeKey) bakeSeen = { key: bakeKey, at: now() };
    if (!bakeKey) bakeSeen = undefined;
    const key = progressKey(sd);
    if (key === lastKey) return;
    lastKey = key;
    const line = progressLine(options.subject, sd, bake && bakeSeen ? bake.totalMs - (now() - bakeSeen.at) : undefined);
    if (line === lastLine) return;
    lastLine = line;
    options.logger.info(line);
    timeline.push({ at: new Date(now()), line, status: sd.status, stage: sd.lifecycleStage, traffic: trafficOf(sd) });
  };

  const ended = await pollUntil<FollowEnd>({
    poll: async (answered) => {
      const sd = await describeServiceDeployment(options.ecs, options.serviceDeploymentArn);
      answered();
      if (!sd) return undefined; // just started: ECS's reads lag its writes
      last = sd;
      note(sd);
      if (isFinal(sd)) return 'finished';
      if (options.stopAtStage && hasReached(sd, options.stopAtStage)) return 'reached-stage';
      const hook = pausedHook(sd);
      if (options.stopWhenPaused && hook && hook.hookId !== options.continuedHookId) return 'paused';
      return undefined;
    },
    intervalMs: () => options.pollIntervalMs,
    deadline: options.deadline,
    subject: options.subject,
    logger: options.logger,
    unreachableTimeoutMs: options.unreachableTimeoutMs,
    now,
    sleep: options.sleep ?? systemClock.sleep,
    signal: options.signal,
  });
  if (ended.end === 'done') return { end: ended.value, deployment: last, timeline };
  if (ended.end === 'failed') return { end: 'failed', deployment: last, timeline, error: ended.error };
  if (ended.end === 'unreachable') return { end: 'unreachable', deployment: last, timeline, error: ended.reason };
  return { end: ended.end, deployment: last, timeline };
}
