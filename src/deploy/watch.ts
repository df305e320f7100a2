import { DescribeServicesCommand, type Service } from '@aws-sdk/client-ecs';
import { describeError } from '../errors.js';
import { stoppedTasks } from '../ecs/stopped-tasks.js';
import { formatDuration } from '../format.js';
import type { Logger } from '../logger.js';
import { systemClock } from '../wait/clock.js';
import { pollUntil, type PollEnd } from '../wait/poll.js';
import type { Ecs } from './types.js';
import { noteStoppedTasks, observe, type Verdict, type WatchState } from './watch-state.js';

/**
 * Follows one deployment until its outcome is known: DescribeServices every poll interval (one
 * call), and, when no circuit breaker watches the rollout, the stopped tasks of the new revision
 * now and then (or as soon as ECS counts a failed task). The loop, its clock and what AWS errors
 * do to the wait are the shared poll loop's (src/wait/poll.ts); this file says what one poll
 * observes and how often to poll.
 */

export interface WatchOptions {
  ecs: Ecs;
  cluster: string;
  state: WatchState;
  deadline: number;
  pollIntervalMs: number;
  logger: Logger;
  /** How long AWS may go without answering before the outcome is declared unknown (default 5m). */
  unreachableTimeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface WatchResult {
  verdict: Verdict;
  /** The last DescribeServices answer, for the diagnosis (events, counts). */
  service?: Service;
}

/** Stopped tasks are listed every this many polls (2 calls), keeping a wait near 30 calls a minute. */
const STOPPED_TASK_CHECK_EVERY = 5;
/**
 * Near the end (the new deployment alone with every task running, or a task of it just failed)
 * the outcome is usually seconds away: a few quicker polls notice it sooner. Capped per deploy,
 * and only while the last minute's calls leave room under the 30-a-minute budget.
 */
const QUICK_POLL_MS = 1000;
const QUICK_POLLS_MAX = 8;
const CALLS_PER_MINUTE_BUDGET = 30;

export const defaultSleep = (ms: number) => systemClock.sleep(ms);

export async function watchDeployment(options: WatchOptions): Promise<WatchResult> {
  const now = options.now ?? systemClock.now;
  const poller = deploymentPoller({ ...options, now });
  const ended = await pollUntil({
    poll: poller.poll,
    intervalMs: poller.intervalMs,
    deadline: options.deadline,
    subject: options.state.service,
    logger: options.logger,
    unreachableTimeoutMs: options.unreachableTimeoutMs,
    now,
    sleep: options.sleep ?? defaultSleep,
  });
  return { verdict: ended.end === 'done' ? ended.value : verdictOf(ended, options.state), service: poller.service() };
}

/** What one poll of a deployment observes, and how long to wait before the next. */
function deploymentPoller(options: WatchOptions & { now: () => number }) {
  const { ecs, cluster, state, logger, now } = options;
  let service: Service | undefined;
  let polls = 0;
  let lastFailedCount = 0;
  let quickPolls = 0;
  let nearEnd = false;
  const callTimes: number[] = [];
  const callsInLastMinute = () => callTimes.filter((t) => t > now() - 60_000).length;

  async function look(answered: () => void): Promise<Verdict | undefined> {
    callTimes.push(now());
    const answer = await ecs.send(new DescribeServicesCommand({ cluster, services: [state.service] }));
    answered();
    const found = answer.services?.[0];
    const missing = found ? undefined : (answer.failures?.[0]?.reason ?? 'MISSING');
    if (found) service = found;
    const observation = observe(
      state,
      found,
      missing === 'MISSING' ? `not found in cluster ${cluster}` : `cannot be described: ${missing}`,
    );
    for (const line of observation.lines) logger.info(line);
    if (observation.verdict) return observation.verdict;

    const ours = found?.deployments?.find((d) => d.id === state.deploymentId);
    const failedNow = ours?.failedTasks ?? 0;
    const due = polls % STOPPED_TASK_CHECK_EVERY === STOPPED_TASK_CHECK_EVERY - 1 || failedNow > lastFailedCount;
    const alone = found?.deployments?.length === 1;
    nearEnd = failedNow > lastFailedCount || (alone && ours !== undefined && (ours.runningCount ?? 0) >= (ours.desiredCount ?? 0));
    lastFailedCount = failedNow;
    if (state.circuitBreaker.enable || !due) return undefined;
    callTimes.push(now(), now());
    const tasks = await stoppedTasks({
      ecs,
      cluster,
      service: state.service,
      taskDefinitionArn: state.taskDefinitionArn,
      deploymentId: state.deploymentId,
      skip: state.checkedTasks,
    });
    return noteStoppedTasks(state, tasks);
  }

  return {
    service: () => service,
    poll: async (answered: () => void) => {
      try {
        return await look(answered);
      } finally {
        polls++;
      }
    },
    intervalMs: () => {
      const quick = nearEnd && quickPolls < QUICK_POLLS_MAX && callsInLastMinute() < CALLS_PER_MINUTE_BUDGET - 3;
      if (quick) quickPolls++;
      return quick ? Math.min(QUICK_POLL_MS, options.pollIntervalMs) : options.pollIntervalMs;
    },
  };
}

/** The verdict of a wait that ended without an outcome. */
function verdictOf(ended: Exclude<PollEnd<Verdict>, { end: 'done' }>, state: WatchState): Verdict {
  switch (ended.end) {
    case 'timeout':
      return { ok: false, failure: { kind: 'timeout', progress: progressAtTimeout(state, ended.silentForMs) } };
    case 'unreachable':
      return { ok: false, failure: { kind: 'error', message: `${ended.reason}; the deployment's outcome is unknown` } };
    case 'failed':
      return { ok: false, failure: { kind: 'error', message: describeError(ended.error) } };
    case 'cancelled':
      return { ok: false, failure: { kind: 'error', message: 'the wait was cancelled' } };
  }
}

/** The last progress seen; when AWS has been silent since, says how old it is. */
function progressAtTimeout(state: WatchState, silentForMs: number | undefined): string | undefined {
  if (silentForMs === undefined) return state.lastProgress;
  const silence = `AWS has not answered for ${formatDuration(silentForMs)}`;
  return state.lastProgress ? `${state.lastProgress} (${silence} since)` : `${state.service}: ${silence}`;
}
