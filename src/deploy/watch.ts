import { DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand, type Service, type Task } from '@aws-sdk/client-ecs';
import { describeError } from '../errors.js';
import { isTransient } from '../aws/error-kind.js';
import type { Logger } from '../logger.js';
import type { Ecs } from './types.js';
import { noteStoppedTasks, observe, type Verdict, type WatchState } from './watch-state.js';

/**
 * Follows one deployment until its outcome is known: DescribeServices every poll interval (one
 * call), and, when no circuit breaker watches the rollout, the stopped tasks of the new revision
 * now and then (or as soon as ECS counts a failed task). Transient errors (throttling the SDK
 * could not absorb, 5xx) are reported once and the wait goes on; any other error ends it.
 */

export interface WatchOptions {
  ecs: Ecs;
  cluster: string;
  state: WatchState;
  deadline: number;
  pollIntervalMs: number;
  log: Logger;
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

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function watchDeployment(options: WatchOptions): Promise<WatchResult> {
  const { ecs, cluster, state, log } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  let service: Service | undefined;
  let polls = 0;
  let lastFailedCount = 0;
  let transientShown = false;
  let quickPolls = 0;
  let nearEnd = false;
  const callTimes: number[] = [];
  const callsInLastMinute = () => callTimes.filter((t) => t > now() - 60_000).length;
  for (;;) {
    try {
      callTimes.push(now());
      const answer = await ecs.send(new DescribeServicesCommand({ cluster, services: [state.service] }));
      const found = answer.services?.[0];
      const missing = found ? undefined : (answer.failures?.[0]?.reason ?? 'MISSING');
      if (found) service = found;
      const observation = observe(state, found, missing === 'MISSING' ? `not found in cluster ${cluster}` : `cannot be described: ${missing}`);
      for (const line of observation.lines) log.info(line);
      if (observation.verdict) return { verdict: observation.verdict, service };
      transientShown = false;

      const ours = found?.deployments?.find((d) => d.id === state.deploymentId);
      const failedNow = ours?.failedTasks ?? 0;
      const due = polls % STOPPED_TASK_CHECK_EVERY === STOPPED_TASK_CHECK_EVERY - 1 || failedNow > lastFailedCount;
      const alone = found?.deployments?.length === 1;
      nearEnd = failedNow > lastFailedCount || (alone && ours !== undefined && (ours.runningCount ?? 0) >= (ours.desiredCount ?? 0));
      lastFailedCount = failedNow;
      if (!state.circuitBreaker.enable && due) {
        callTimes.push(now(), now());
        const tasks = await stoppedTasks({
          ecs,
          cluster,
          service: state.service,
          taskDefinitionArn: state.taskDefinitionArn,
          skip: state.checkedTasks,
        });
        const verdict = noteStoppedTasks(state, tasks);
        if (verdict) return { verdict, service };
      }
    } catch (error) {
      if (!isTransient(error)) return { verdict: { ok: false, failure: { kind: 'error', message: describeError(error) } }, service };
      if (!transientShown) log.info(`${state.service}: ${describeError(error)}; still waiting`);
      transientShown = true;
    }
    polls++;
    const left = options.deadline - now();
    if (left <= 0) {
      return { verdict: { ok: false, failure: { kind: 'timeout', progress: state.lastProgress } }, service };
    }
    const quick = nearEnd && quickPolls < QUICK_POLLS_MAX && callsInLastMinute() < CALLS_PER_MINUTE_BUDGET - 3;
    if (quick) quickPolls++;
    await sleep(Math.min(quick ? Math.min(QUICK_POLL_MS, options.pollIntervalMs) : options.pollIntervalMs, left));
  }
}

/**
 * The service's stopped tasks of one revision (newest first). With `skip`, tasks described before
 * are not described again (ECS keeps stopped tasks listed for about an hour) and are added to it.
 */
export async function stoppedTasks(options: {
  ecs: Ecs;
  cluster: string;
  service: string;
  taskDefinitionArn: string;
  skip?: Set<string>;
}): Promise<Task[]> {
  const { ecs, cluster } = options;
  const listed = await ecs.send(
    new ListTasksCommand({ cluster, serviceName: options.service, desiredStatus: 'STOPPED', maxResults: 100 }),
  );
  const arns = (listed.taskArns ?? []).filter((arn) => !options.skip?.has(arn));
  if (!arns.length) return [];
  const described = await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }));
  for (const arn of arns) options.skip?.add(arn);
  return (described.tasks ?? [])
    .filter((t) => t.taskDefinitionArn === options.taskDefinitionArn)
    .sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0));
}
