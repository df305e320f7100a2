import { AwsError } from '../../errors.js';
import type { Handler } from '../../types.js';
import type { World } from '../../world.js';
import { listOf, required, validation } from './input.js';
import { lbNotFound, listenerNotFound, ruleNotFound, tgNotFound, visible } from './resources.js';
import { elbState, type Tag } from './state.js';

/** Tags on load balancers, target groups, listeners and rules (AddTags, RemoveTags, DescribeTags, Tags on Create*). */

const MAX_TAGS = 50;

/** Checks tags given to Create* or AddTags: keys present and unique, at most 50 on the resource. */
export function checkTags(given: unknown, existing: Tag[] = []): Tag[] {
  const tags = listOf<Record<string, unknown>>(given).map((t, i) => {
    const key = required(t.Key, `tags.${i + 1}.member.key`);
    if (key.length > 128)
      throw validation(
        `1 validation error detected: Value '${key}' at 'tags.${i + 1}.member.key' failed to satisfy constraint: Member must have length less than or equal to 128`,
      );
    if (key.startsWith('aws:')) throw validation("Tag keys starting with 'aws:' are reserved for internal use");
    return { Key: key, ...(t.Value !== undefined ? { Value: String(t.Value) } : {}) };
  });
  const keys = tags.map((t) => t.Key);
  if (new Set(keys).size !== keys.length)
    throw new AwsError('DuplicateTagKeys', `Tag key '${keys.find((k, i) => keys.indexOf(k) !== i)}' is duplicated`);
  const merged = [...existing.filter((t) => !keys.includes(t.Key)), ...tags];
  if (merged.length > MAX_TAGS)
    throw new AwsError('TooManyTags', `You've reached the limit on the number of tags for this resource (${MAX_TAGS})`);
  return merged;
}

/** The not-found error of the kind of resource an ARN names. */
function notFoundFor(arn: string): AwsError {
  if (arn.includes(':targetgroup/')) return tgNotFound();
  if (arn.includes(':listener-rule/')) return ruleNotFound();
  if (arn.includes(':listener/')) return listenerNotFound();
  return lbNotFound();
}

/** The record holding the tags of any ELBv2 resource ARN. */
function taggable(world: World, arn: string): { tags: Tag[] } {
  const state = elbState(world);
  const record = state.loadBalancers.get(arn) ?? state.targetGroups.get(arn) ?? state.listeners.get(arn) ?? state.rules.get(arn);
  if (!record) throw notFoundFor(arn);
  return record;
}

export const tagHandlers: Record<string, Handler> = {
  AddTags(input, ctx) {
    const arns = listOf<string>(input.ResourceArns);
    if (!arns.length) required(undefined, 'resourceArns');
    const records = arns.map((arn) => taggable(ctx.world, arn));
    const merged = records.map((r) => checkTags(input.Tags, r.tags));
    records.forEach((r, i) => (r.tags = merged[i]));
    return {};
  },

  RemoveTags(input, ctx) {
    const keys = listOf<string>(input.TagKeys);
    for (const arn of listOf<string>(input.ResourceArns)) {
      const record = taggable(ctx.world, arn);
      record.tags = record.tags.filter((t) => !keys.includes(t.Key));
    }
    return {};
  },

  DescribeTags(input, ctx) {
    const arns = listOf<string>(input.ResourceArns);
    if (arns.length > 20)
      throw validation(
        "1 validation error detected: Value at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to 20",
      );
    return {
      TagDescriptions: arns.map((arn) => {
        const record = taggable(ctx.world, arn);
        if (!visible(ctx.world, arn, ctx.modes)) throw notFoundFor(arn);
        return { ResourceArn: arn, Tags: record.tags };
      }),
    };
  },
};
