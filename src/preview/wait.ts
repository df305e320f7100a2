import type { Deployment, Service } from '@aws-sdk/client-ecs';
import { ActionFailure } from '../errors.js';
import { formatDuration } from '../format.js';
import { pollUntil, type PollEnd } from '../wait/poll.js';
import { describeTaggedService } from './ecs-services.js';
import type { PreviewDeps } from './types.js';

/**
 * The preview's own small follower: deploy-service's watcher (with its diagnosis of failed tasks)
 * belongs to a sibling capability, so a workflow that wants that depth runs deploy-service with
 * wait after `up ... wait: false`. This one answers what a preview needs: did the new
 * deployment complete, fail, or was the preview removed meanwhile. One line when something changes.
 */
export type RolloutEnd =
  { outcome: 'completed' } | { outcome: 'failed'; reason: string } | { outcome: 'removed' } | { outcome: 'replaced'; by: string };

/** The deployment `up` started (or found running): CreateService's or UpdateService's PRIMARY. */
export interface Awaited {
  taskDefinitionArn: string;
  deploymentId?: string;
  createdAt?: Date;
}

function judge(service: Service | undefined, awaited: Awaited): RolloutEnd | undefined {
  // MISSING: ECS's reads lag its writes, a service created a moment ago may not be described yet.
  if (!service) return undefined;
  if (service.status !== 'ACTIVE') return { outcome: 'removed' };
  const primary: Deployment | undefined = service.deployments?.find((d) => d.status === 'PRIMARY');
  const ours = awaited.deploymentId ? service.deployments?.find((d) => d.id === awaited.deploymentId) : primary;
  if (!primary) return undefined;
  if (ours !== primary) {
    // Ours not shown yet (a read that lags the update) unless a newer deployment took its place.
    const newer = ours || (awaited.createdAt && primary.createdAt && primary.createdAt > awaited.createdAt);
    return newer ? { outcome: 'replaced', by: primary.taskDefinition ?? 'another revision' } : undefined;
  }
  if (primary.taskDefinition !== awaited.taskDefinitionArn) return undefined;
  if (primary.rolloutState === 'COMPLETED') return { outcome: 'completed' };
  if (primary.rolloutState === 'FAILED') {
    const event = service.events?.[0]?.message;
    return { outcome: 'failed', reason: [primary.rolloutStateReason, event && `last event: ${event}`].filter(Boolean).join('; ') };
  }
  return undefined;
}

const progress = (service: Service | undefined): string => {
  const primary = service?.deployments?.find((d) => d.status === 'PRIMARY');
  if (!service || !primary) return 'waiting for the deployment to appear';
  return `${primary.runningCount ?? 0} running, ${primary.pendingCount ?? 0} pending of ${primary.desiredCount ?? 0} (${primary.rolloutState ?? 'no rollout state'})`;
};

interface WatchOptions {
  cluster: string;
  service: string;
  timeoutMs: number;
  intervalMs: number;
}

/**
 * Polls the preview's service until `read` gives a value, printing its progress line when it changes:
 * both waits below are this loop over a different reading.
 */
async function watchService<T>(
  deps: PreviewDeps,
  options: WatchOptions,
  read: (service: Service | undefined) => { progress?: string; value?: T },
): Promise<PollEnd<T>> {
  const now = deps.now ?? Date.now;
  let said = '';
  return pollUntil<T>({
    subject: options.service,
    logger: deps.logger,
    deadline: now() + options.timeoutMs,
    intervalMs: () => options.intervalMs,
    now,
    sleep: deps.sleep,
    signal: deps.signal,
    poll: async (answered) => {
      const found = await describeTaggedService(deps.ecs, options.cluster, options.service);
      answered();
      const reading = read(found?.service);
      if (reading.progress !== undefined && reading.progress !== said) deps.logger.info(`${options.service}: ${(said = reading.progress)}`);
      return reading.value;
    },
  });
}

export async function followRollout(deps: PreviewDeps, options: WatchOptions & { awaited: Awaited }): Promise<RolloutEnd> {
  const end = await watchService(deps, options, (service) => ({ progress: progress(service), value: judge(service, options.awaited) }));
  return settled(end, `${options.service}'s deployment`, options.timeoutMs);
}

/** Waits until a deleted service is INACTIVE (or unknown to ECS): its tasks have stopped. */
export async function waitUntilInactive(deps: PreviewDeps, options: WatchOptions): Promise<void> {
  const end = await watchService<true>(deps, options, (service) =>
    !service || service.status === 'INACTIVE'
      ? { value: true }
      : { progress: `${service.status}, ${service.runningCount ?? 0} running, ${service.pendingCount ?? 0} pending` },
  );
  settled(end, `${options.service} to drain`, options.timeoutMs);
}

function settled<T>(end: PollEnd<T>, what: string, timeoutMs: number): T {
  switch (end.end) {
    case 'done':
      return end.value;
    case 'timeout':
      throw new ActionFailure(`Timed out after ${formatDuration(timeoutMs)} waiting for ${what}`);
    case 'cancelled':
      throw new ActionFailure(`Cancelled while waiting for ${what}`);
    case 'unreachable':
      throw new ActionFailure(`${end.reason} while waiting for ${what}`);
    case 'failed':
      throw end.error;
  }
}
