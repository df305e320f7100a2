/**
 * What marks a resource as a preview the toolkit made, and for whom. Every resource a preview
 * creates carries all of these from its creation call on (never tagged afterwards), and nothing
 * is changed or deleted unless its tags say it is this repository's preview.
 */
export const TAG = {
  marker: 'ecs-ship:preview',
  repository: 'ecs-ship:repository',
  pullRequest: 'ecs-ship:pull-request',
  headSha: 'ecs-ship:head-sha',
  createdAt: 'ecs-ship:created-at',
  baseService: 'ecs-ship:base-service',
  family: 'ecs-ship:family',
} as const;

export const MARKER_VALUE = 'true';

export type Tags = Record<string, string>;

export interface PreviewIdentity {
  repository: string;
  pr: number;
  baseService: string;
}

export function previewTags(options: PreviewIdentity & { headSha: string; createdAt: Date; family: string }): Tags {
  return {
    [TAG.marker]: MARKER_VALUE,
    [TAG.repository]: options.repository,
    [TAG.pullRequest]: String(options.pr),
    [TAG.headSha]: options.headSha,
    [TAG.createdAt]: options.createdAt.toISOString(),
    [TAG.baseService]: options.baseService,
    [TAG.family]: options.family,
  };
}

/** The preview a resource belongs to, when its tags say it is one of `repository`'s previews. */
export function previewOf(
  tags: Tags | undefined,
  repository: string,
): (PreviewIdentity & { createdAt?: Date; family?: string }) | undefined {
  if (!tags || tags[TAG.marker] !== MARKER_VALUE) return undefined;
  if ((tags[TAG.repository] ?? '').toLowerCase() !== repository.toLowerCase()) return undefined;
  const pr = Number(tags[TAG.pullRequest]);
  if (!Number.isInteger(pr) || pr < 1) return undefined;
  const created = tags[TAG.createdAt] ? new Date(tags[TAG.createdAt]) : undefined;
  return {
    repository,
    pr,
    baseService: tags[TAG.baseService] ?? '',
    createdAt: created && !Number.isNaN(created.getTime()) ? created : undefined,
    family: tags[TAG.family] || undefined,
  };
}

/** Whether the tags say the resource is this very preview (repository, PR and, when given, base service). */
export function isPreview(tags: Tags | undefined, want: { repository: string; pr: number; baseService?: string }): boolean {
  const found = previewOf(tags, want.repository);
  return Boolean(found && found.pr === want.pr && (!want.baseService || found.baseService === want.baseService));
}

export const ecsTags = (tags: Tags) => Object.entries(tags).map(([key, value]) => ({ key, value }));
export const elbTags = (tags: Tags) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
export const fromEcsTags = (tags: Array<{ key?: string; value?: string }> | undefined): Tags =>
  Object.fromEntries((tags ?? []).map((t) => [t.key ?? '', t.value ?? '']));
