import { DeregisterTaskDefinitionCommand, DescribeTaskDefinitionCommand, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import { errorName } from '../aws/error-kind.js';
import { shortName } from '../ecs/names.js';
import { deleteRule } from '../elb/preview-rules.js';
import { deleteTargetGroup } from '../elb/preview-target-groups.js';
import { deleteService, serviceName } from './ecs-services.js';
import { findPreviews, type FoundPreview } from './find.js';
import { fromEcsTags, isPreview } from './tags.js';
import type { PreviewDeps, PreviewPlace, RemovedPreview } from './types.js';
import { waitUntilInactive } from './wait.js';

export interface RemoveOptions extends PreviewPlace {
  pr: number;
  baseService?: string;
  timeoutMs: number;
  pollIntervalMs: number;
}

/**
 * Removes what is tagged as the pull request's preview(s), in the order that leaves nothing
 * behind: the service (scaled to 0, deleted, drained until INACTIVE), the task definition
 * revisions of its family, the listener rule, then the target group (which a rule would keep in
 * use). Each step accepts a resource already gone, so running it twice, or beside another
 * removal, is harmless. Then the pull request's deployment is marked inactive and its comment
 * says "removed".
 */
export async function removePreview(
  options: RemoveOptions,
  deps: PreviewDeps,
  reason: RemovedPreview['reason'],
): Promise<RemovedPreview[]> {
  const previews = await findPreviews(deps, options, { pr: options.pr, baseService: options.baseService });
  const removed: RemovedPreview[] = [];
  for (const preview of previews) removed.push(await removeFound(preview, options, deps, reason));
  if (!previews.length) deps.logger.info(`Nothing tagged as a preview of pull request #${options.pr} is left`);
  const bases = previews.length ? [...new Set(previews.map((p) => p.baseService))] : options.baseService ? [options.baseService] : [];
  for (const baseService of bases) {
    await deps.github?.report({
      pr: options.pr,
      baseService,
      state: 'removed',
      detail: reasonText(reason),
      at: new Date(deps.now?.() ?? Date.now()),
    });
  }
  return removed;
}

const reasonText = (reason: RemovedPreview['reason']) =>
  ({ down: 'the pull request was closed', closed: 'the pull request is closed (sweep)', expired: 'older than its time to live (sweep)' })[
    reason
  ];

export async function removeFound(
  preview: FoundPreview,
  place: PreviewPlace & { timeoutMs: number; pollIntervalMs: number },
  deps: PreviewDeps,
  reason: RemovedPreview['reason'],
): Promise<RemovedPreview> {
  const { logger } = deps;
  const resources: string[] = [];
  const label = `#${preview.pr} ${preview.baseService}`;
  const families = new Set(preview.family ? [preview.family] : []);
  for (const { service } of preview.services) {
    const name = serviceName(service);
    if (service.taskDefinition) families.add(shortName(service.taskDefinition).split(':')[0]);
    if (service.status === 'ACTIVE' && (await deleteService(deps.ecs, place.cluster, name)) === 'deleted') {
      logger.info(`${label}: deleted service ${name}; waiting for its tasks to stop`);
    }
    await waitUntilInactive(deps, { cluster: place.cluster, service: name, timeoutMs: place.timeoutMs, intervalMs: place.pollIntervalMs });
    resources.push(`service ${name}`);
  }
  for (const family of families) {
    const count = await deregisterFamily(deps, family, { repository: place.repository, pr: preview.pr, baseService: preview.baseService });
    if (count) logger.info(`${label}: deregistered ${count} revision(s) of ${family}`);
    if (count) resources.push(`${count} revision(s) of ${family}`);
  }
  for (const rule of preview.rules) {
    if ((await deleteRule(deps.elb, rule.RuleArn!)) === 'deleted') logger.info(`${label}: deleted listener rule ${rule.Priority}`);
    resources.push(`rule ${rule.Priority}`);
  }
  for (const group of preview.targetGroups) {
    if ((await deleteTargetGroup(deps.elb, group.TargetGroupArn!, deps.sleep)) === 'deleted') {
      logger.info(`${label}: deleted target group ${group.TargetGroupName}`);
    }
    resources.push(`target group ${group.TargetGroupName}`);
  }
  const service = preview.services[0] ? serviceName(preview.services[0].service) : `${preview.baseService}-pr-${preview.pr}`;
  return { pr: preview.pr, service, reason, resources };
}

/** Deregisters the ACTIVE revisions of a preview family that carry this preview's tags; returns how many. */
async function deregisterFamily(
  deps: PreviewDeps,
  family: string,
  mine: { repository: string; pr: number; baseService: string },
): Promise<number> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await deps.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE', nextToken }));
    arns.push(...(page.taskDefinitionArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  let count = 0;
  for (const arn of arns) {
    const described = await deps.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }));
    if (!isPreview(fromEcsTags(described.tags), mine)) {
      deps.logger.info(`${shortName(arn)} is not tagged as this preview's: left alone`);
      continue;
    }
    try {
      await deps.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }));
      count++;
    } catch (error) {
      if (errorName(error) !== 'ClientException') throw error; // deregistered meanwhile
    }
  }
  return count;
}
