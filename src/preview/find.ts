import type { Rule, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { listRules } from '../elb/preview-rules.js';
import { tagsOf } from '../elb/tags.js';
import { listTargetGroups } from '../elb/preview-target-groups.js';
import { listTaggedServices, type TaggedService } from './ecs-services.js';
import { previewOf, type Tags } from './tags.js';
import type { PreviewDeps, PreviewPlace } from './types.js';

/** Everything tagged as one preview (one pull request and base service) of the repository. */
export interface FoundPreview {
  pr: number;
  baseService: string;
  createdAt?: Date;
  family?: string;
  services: TaggedService[];
  rules: Rule[];
  targetGroups: TargetGroup[];
}

/** Target group names the toolkit gives (see names.ts): only these are worth a DescribeTags. */
const PREVIEW_TARGET_GROUP = /-pr-\d+-[0-9a-f]{6}$/;

/**
 * The previews of a repository, found by tag in the cluster (services), on the listener (rules)
 * and in the account's target groups, so a half-made or half-removed preview is found too.
 */
export async function findPreviews(
  deps: Pick<PreviewDeps, 'ecs' | 'elb'>,
  place: PreviewPlace,
  filter: { pr?: number; baseService?: string } = {},
): Promise<FoundPreview[]> {
  const previews = new Map<string, FoundPreview>();
  const entry = (tags: Tags): FoundPreview | undefined => {
    const found = previewOf(tags, place.repository);
    if (!found) return undefined;
    if (filter.pr !== undefined && found.pr !== filter.pr) return undefined;
    if (filter.baseService !== undefined && found.baseService !== filter.baseService) return undefined;
    const key = `${found.pr}/${found.baseService}`;
    const preview = previews.get(key) ?? { pr: found.pr, baseService: found.baseService, services: [], rules: [], targetGroups: [] };
    if (found.createdAt && (!preview.createdAt || found.createdAt < preview.createdAt)) preview.createdAt = found.createdAt;
    preview.family ??= found.family;
    previews.set(key, preview);
    return preview;
  };
  for (const tagged of await listTaggedServices(deps.ecs, place.cluster)) entry(tagged.tags)?.services.push(tagged);
  const rules = (await listRules(deps.elb, place.listenerArn)).filter((rule) => !rule.IsDefault && rule.RuleArn);
  const ruleTags = await tagsOf(
    deps.elb,
    rules.map((rule) => rule.RuleArn!),
  );
  for (const rule of rules) entry(ruleTags.get(rule.RuleArn!) ?? {})?.rules.push(rule);
  const groups = (await listTargetGroups(deps.elb)).filter((group) => PREVIEW_TARGET_GROUP.test(group.TargetGroupName ?? ''));
  const groupTags = await tagsOf(
    deps.elb,
    groups.map((group) => group.TargetGroupArn!),
  );
  for (const group of groups) entry(groupTags.get(group.TargetGroupArn!) ?? {})?.targetGroups.push(group);
  return [...previews.values()].sort((a, b) => a.pr - b.pr || a.baseService.localeCompare(b.baseService));
}

/** The previews that cost money: those with an ACTIVE service. */
export const isLive = (preview: FoundPreview): boolean => preview.services.some((s) => s.service.status === 'ACTIVE');
