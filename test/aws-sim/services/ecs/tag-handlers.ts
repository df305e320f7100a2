import { AwsError } from '../../errors.js';
import type { Handler, RequestContext } from '../../types.js';
import { findCluster } from './clusters.js';
import { ecsState } from './state.js';
import { findTaskDefinition } from './taskdef-store.js';

/**
 * TagResource, UntagResource, ListTagsForResource on clusters, services, tasks and task
 * definitions, with ECS's documented rules: at most 50 tags, keys of 1-128 and values of at most
 * 256 characters, no `aws:` keys, a service named by its long ARN (service/cluster/name) only.
 * Tags given at creation (CreateService, RegisterTaskDefinition...) are the same tags.
 */

type TagList = Array<{ key: string; value: string }>;

const invalid = (message: string) => new AwsError('InvalidParameterException', message);
const notFound = () => new AwsError('ResourceNotFoundException', 'The specified resource could not be found.');
const MAX_TAGS = 50;

/** The tag list of the resource an ARN names (the live array, so changes stick). */
function tagsOf(ctx: RequestContext, arn: unknown): TagList {
  if (typeof arn !== 'string' || !arn) throw invalid('resourceArn can not be blank.');
  const match = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:(cluster|service|task|task-definition)\/(.+)$/.exec(arn);
  if (!match) throw invalid('Invalid resource ARN.');
  const [, kind, rest] = match;
  const state = ecsState(ctx.world);
  if (kind === 'cluster') {
    const cluster = findCluster(ctx.world, arn);
    if (!cluster) throw new AwsError('ClusterNotFoundException', 'Cluster not found.');
    return cluster.tags;
  }
  if (kind === 'service') {
    if (!rest.includes('/')) throw invalid('Long arn format must be used for tagging operations');
    const service = state.services.get(arn);
    if (!service || service.status === 'INACTIVE') throw notFound();
    return service.tags;
  }
  if (kind === 'task') {
    const task = state.tasks.get(arn);
    if (!task) throw notFound();
    return task.tags;
  }
  const definition = findTaskDefinition(ctx.world, rest);
  if (!definition || !rest.includes(':')) throw notFound();
  return definition.tags;
}

function checkTags(tags: unknown): TagList {
  if (!Array.isArray(tags)) throw invalid('tags can not be empty.');
  for (const tag of tags as TagList) {
    if (typeof tag?.key !== 'string' || tag.key.length < 1 || tag.key.length > 128)
      throw invalid('Tag keys must be between 1 and 128 characters.');
    if (typeof tag.value === 'string' && tag.value.length > 256) throw invalid('Tag values must be 256 characters or less.');
    if (tag.key.toLowerCase().startsWith('aws:')) throw invalid('Tag keys may not start with "aws:".');
  }
  return tags as TagList;
}

export const tagHandlers: Record<string, Handler> = {
  TagResource(input, ctx) {
    const tags = tagsOf(ctx, input.resourceArn);
    const given = checkTags(input.tags);
    const merged = new Map(tags.map((t) => [t.key, t.value]));
    for (const tag of given) merged.set(tag.key, tag.value ?? '');
    if (merged.size > MAX_TAGS) throw invalid(`The resource can have at most ${MAX_TAGS} tags.`);
    tags.splice(0, tags.length, ...[...merged].map(([key, value]) => ({ key, value })));
    return {};
  },

  UntagResource(input, ctx) {
    const tags = tagsOf(ctx, input.resourceArn);
    if (!Array.isArray(input.tagKeys)) throw invalid('tagKeys can not be empty.');
    const drop = new Set(input.tagKeys as string[]);
    tags.splice(0, tags.length, ...tags.filter((t) => !drop.has(t.key)));
    return {};
  },

  ListTagsForResource(input, ctx) {
    return { tags: tagsOf(ctx, input.resourceArn).map((t) => ({ ...t })) };
  },
};
