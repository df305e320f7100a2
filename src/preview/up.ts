import { CreateServiceCommand, TagResourceCommand, UpdateServiceCommand, type Service } from '@aws-sdk/client-ecs';
import type { Rule } from '@aws-sdk/client-elastic-load-balancing-v2';
import { shortName } from '../ecs/names.js';
import { registerUnlessUnchanged } from '../ecs/register-task-definition.js';
import { describeListenerInfo } from '../elb/listener-info.js';
import { createHostRule, listRules, ruleHosts } from '../elb/preview-rules.js';
import { tagsOf } from '../elb/tags.js';
import { createIpTargetGroup, findTargetGroup } from '../elb/preview-target-groups.js';
import { ActionFailure, describeError } from '../errors.js';
import type { PreviewReport } from './comment.js';
import { clusterCapacityProviders, describeTaggedService, type TaggedService } from './ecs-services.js';
import { findPreviews } from './find.js';
import { checkPreviewLimit } from './limit.js';
import { previewNames, type PreviewNames } from './names.js';
import { removePreview } from './remove.js';
import { previewPlacement, previewServiceInput } from './service-spec.js';
import { ecsTags, isPreview, previewTags, TAG } from './tags.js';
import type { PreviewDeps, UpOptions, UpResult } from './types.js';
import { followRollout, waitUntilInactive } from './wait.js';
import { trafficContainer } from './container.js';

/** What `up` found before changing anything. */
interface Survey {
  names: PreviewNames;
  base: Service;
  /** The preview's ACTIVE service. */
  existing?: TaggedService;
  /** A service of the preview's name still draining after a removal: re-created once INACTIVE. */
  draining: boolean;
  targetGroupArn?: string;
  rule?: Rule;
  rules: Rule[];
  vpcId: string;
  scheme: 'https' | 'http';
  spotAvailable: boolean;
}

/** The preview was removed (a close) while this run deployed it: not a failure to report on the pull request. */
export class PreviewRemoved extends ActionFailure {
  override name = 'PreviewRemoved';
}

const conflict = (what: string) =>
  new ActionFailure(`${what} exists but is not tagged as this pull request's preview (${TAG.marker}): the toolkit leaves it alone`);

/** Everything `up` needs to know, read before the first change; refuses what it must not touch. */
async function survey(options: UpOptions, deps: PreviewDeps): Promise<Survey> {
  const { ecs, elb } = deps;
  const baseService = shortName(options.baseService);
  const names = previewNames({
    cluster: shortName(options.cluster),
    baseService,
    family: options.taskDefinition.family!,
    pr: options.pr,
    domain: options.domain,
  });
  const mine = { repository: options.repository, pr: options.pr, baseService };
  const listener = await describeListenerInfo(elb, options.listenerArn);
  const base = (await describeTaggedService(ecs, options.cluster, options.baseService))?.service;
  if (!base || base.status !== 'ACTIVE')
    throw new ActionFailure(`Base service ${options.baseService} was not found (ACTIVE) in cluster ${options.cluster}`);
  const existing = await describeTaggedService(ecs, options.cluster, names.service);
  if (existing && existing.service.status !== 'INACTIVE' && !isPreview(existing.tags, mine)) throw conflict(`Service ${names.service}`);
  const group = await findTargetGroup(elb, names.targetGroup);
  if (group && !isPreview((await tagsOf(elb, [group.TargetGroupArn!])).get(group.TargetGroupArn!), mine)) {
    throw conflict(`Target group ${names.targetGroup}`);
  }
  const rules = await listRules(elb, options.listenerArn);
  const sameHost = rules.filter((r) => !r.IsDefault && ruleHosts(r).includes(names.host));
  const hostTags = await tagsOf(
    elb,
    sameHost.map((r) => r.RuleArn!),
  );
  const foreign = sameHost.find((r) => !isPreview(hostTags.get(r.RuleArn!), mine));
  if (foreign) throw conflict(`Listener rule ${foreign.Priority} for host ${names.host}`);
  const previews = await findPreviews(deps, options);
  checkPreviewLimit({ previews, max: options.maxPreviews, pr: options.pr, baseService, repository: options.repository });
  const spotAvailable = options.capacity === 'spot' && (await clusterCapacityProviders(ecs, options.cluster)).includes('FARGATE_SPOT');
  return {
    names,
    base,
    existing: existing?.service.status === 'ACTIVE' ? existing : undefined,
    draining: existing?.service.status === 'DRAINING',
    targetGroupArn: group?.TargetGroupArn,
    rule: sameHost[0],
    rules,
    vpcId: listener.vpcId,
    scheme: listener.protocol === 'HTTPS' ? 'https' : 'http',
    spotAvailable,
  };
}

/**
 * Creates or updates a pull request's preview: its task definition family, target group,
 * host-header rule and service, every one tagged from its creation. A push updates the service
 * in place. Nothing is changed before every check has passed (names, tags, the limit).
 */
export async function previewUp(options: UpOptions, deps: PreviewDeps): Promise<UpResult> {
  const { ecs, elb, logger } = deps;
  const target = trafficContainer(options.taskDefinition, { name: options.containerName, port: options.containerPort });
  if ('problem' in target) throw new ActionFailure(`The preview's task definition has ${target.problem}`);
  const found = await survey(options, deps);
  const { names } = found;
  const baseService = shortName(options.baseService);
  const url = `${found.scheme}://${names.host}`;
  const image = options.taskDefinition.containerDefinitions!.find((c) => c.name === target.name)?.image ?? '';
  const createdAt = found.existing?.tags[TAG.createdAt]
    ? new Date(found.existing.tags[TAG.createdAt])
    : new Date(deps.now?.() ?? Date.now());
  const tags = previewTags({
    repository: options.repository,
    pr: options.pr,
    baseService,
    headSha: options.headSha,
    createdAt,
    family: names.family,
  });
  const report = async (state: PreviewReport['state'], detail?: string) =>
    await deps.github?.report({
      pr: options.pr,
      baseService,
      state,
      url,
      image,
      headSha: options.headSha,
      service: names.service,
      detail,
      at: new Date(),
    });
  if (!found.spotAvailable && options.capacity === 'spot') {
    logger.warning(
      `Cluster ${options.cluster} has no FARGATE_SPOT capacity provider (or ${baseService} is not on Fargate): the preview runs as ${baseService} does`,
    );
  }
  await report('deploying');
  try {
    if (found.draining) {
      logger.info(`Service ${names.service} is still draining from an earlier removal: waiting until it is INACTIVE to create it again`);
      await waitUntilInactive(deps, {
        cluster: options.cluster,
        service: names.service,
        timeoutMs: options.timeoutMs,
        intervalMs: options.pollIntervalMs,
      });
    }
    const { definition } = await registerUnlessUnchanged({
      ecs,
      document: { ...options.taskDefinition, family: names.family, tags: ecsTags(tags) },
      logger,
      subject: names.service,
      sleep: deps.sleep,
    });
    const targetGroupArn =
      found.targetGroupArn ??
      (
        await createIpTargetGroup(elb, {
          name: names.targetGroup,
          vpcId: found.vpcId,
          port: target.port,
          healthCheckPath: options.healthCheckPath,
          tags,
        })
      ).TargetGroupArn!;
    if (!found.targetGroupArn) logger.info(`Created target group ${names.targetGroup}`);
    const rule =
      found.rule ??
      (await createHostRule(elb, {
        listenerArn: options.listenerArn,
        host: names.host,
        targetGroupArn,
        band: options.band,
        tags,
        rules: found.rules,
      }));
    if (!found.rule) logger.info(`Created listener rule for ${names.host} at priority ${rule.Priority}`);
    const service = await createOrUpdate({
      options,
      deps,
      found,
      targetGroupArn,
      taskDefinitionArn: definition.taskDefinitionArn!,
      target,
      tags,
    });
    const result: UpResult = {
      url,
      service: names.service,
      serviceArn: service.serviceArn!,
      taskDefinitionArn: definition.taskDefinitionArn!,
      targetGroupArn,
      rulePriority: Number(rule.Priority),
      created: !found.existing,
      image,
      state: options.wait ? 'completed' : 'started',
    };
    if (options.wait) await waitForPreview(options, deps, result, service);
    if (await closedMeanwhile(options, deps)) {
      logger.info(`Pull request #${options.pr} was closed while its preview was being deployed: removing the preview`);
      await removePreview({ ...options, baseService }, deps, 'closed');
      throw new PreviewRemoved(`Pull request #${options.pr} was closed during the deploy: its preview was removed`);
    }
    await report(options.wait ? 'ready' : 'deploying');
    return result;
  } catch (error) {
    if (error instanceof PreviewRemoved) throw error;
    await report('failed', describeError(error)).catch((e) => logger.warning(`Could not update the pull request: ${describeError(e)}`));
    throw error;
  }
}

async function createOrUpdate(args: {
  options: UpOptions;
  deps: PreviewDeps;
  found: Survey;
  targetGroupArn: string;
  taskDefinitionArn: string;
  target: { name: string; port: number };
  tags: Record<string, string>;
}): Promise<Service> {
  const { options, deps, found } = args;
  if (found.existing) {
    const answer = await deps.ecs.send(
      new UpdateServiceCommand({
        cluster: options.cluster,
        service: found.names.service,
        taskDefinition: args.taskDefinitionArn,
        desiredCount: 1,
      }),
    );
    await deps.ecs.send(
      new TagResourceCommand({ resourceArn: answer.service!.serviceArn!, tags: ecsTags({ [TAG.headSha]: options.headSha }) }),
    );
    deps.logger.info(`Updated service ${found.names.service} to ${shortName(args.taskDefinitionArn)}`);
    return answer.service!;
  }
  const placement = previewPlacement(found.base, { capacity: options.capacity, spotAvailable: found.spotAvailable });
  const input = previewServiceInput({
    cluster: options.cluster,
    name: found.names.service,
    base: found.base,
    taskDefinitionArn: args.taskDefinitionArn,
    targetGroupArn: args.targetGroupArn,
    containerName: args.target.name,
    containerPort: args.target.port,
    placement,
    tags: ecsTags(args.tags),
  });
  const answer = await deps.ecs.send(new CreateServiceCommand(input));
  deps.logger.info(`Created service ${found.names.service}${placement.spot ? ' on Fargate Spot' : ''}`);
  return answer.service!;
}

async function waitForPreview(options: UpOptions, deps: PreviewDeps, result: UpResult, service: Service): Promise<void> {
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
  const end = await followRollout(deps, {
    cluster: options.cluster,
    service: result.service,
    awaited: { taskDefinitionArn: result.taskDefinitionArn, deploymentId: primary?.id, createdAt: primary?.createdAt },
    timeoutMs: options.timeoutMs,
    intervalMs: options.pollIntervalMs,
  });
  if (end.outcome === 'completed') return;
  if (end.outcome === 'failed') throw new ActionFailure(`The preview's deployment failed: ${end.reason}`);
  if (end.outcome === 'replaced') throw new ActionFailure(`The preview was updated to ${shortName(end.by)} by another run meanwhile`);
  throw new PreviewRemoved(
    `The preview's service ${result.service} was removed while it was being deployed (the pull request was closed?)`,
  );
}

/** A close while `up` ran: `down` may have run before this run created what it created. */
async function closedMeanwhile(options: UpOptions, deps: PreviewDeps): Promise<boolean> {
  if (!deps.github) return false;
  const state = await deps.github.pullRequestState(options.pr).catch((error) => {
    deps.logger.warning(`Could not read the state of pull request #${options.pr}: ${describeError(error)}`);
    return 'open' as const;
  });
  return state === 'closed';
}
