import { AwsError } from '../../errors.js';
import type { RequestContext } from '../../types.js';
import { describeRepository, ecrState, ensureRepository, findRepository, repositoryKey, repositoryNotFound } from './state.js';
import { checkExclusionFilters, MUTABILITY, type TagMutability } from './mutability.js';

const NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

const invalidParameter = (message: string) => new AwsError('InvalidParameterException', message);

export function createRepository(
  input: {
    repositoryName?: string;
    registryId?: string;
    imageTagMutability?: string;
    imageTagMutabilityExclusionFilters?: unknown;
    imageScanningConfiguration?: { scanOnPush?: boolean };
    tags?: Array<{ Key: string; Value: string }>;
  },
  ctx: RequestContext,
) {
  const name = input.repositoryName ?? '';
  if (name.length < 2 || name.length > 256 || !NAME.test(name)) {
    throw invalidParameter(
      `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''`,
    );
  }
  const mutability = input.imageTagMutability ?? 'MUTABLE';
  if (!MUTABILITY.includes(mutability as TagMutability)) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${mutability}' at 'imageTagMutability' failed to satisfy constraint: Member must satisfy enum value set: [MUTABLE, IMMUTABLE, MUTABLE_WITH_EXCLUSION, IMMUTABLE_WITH_EXCLUSION]`,
    );
  }
  const exclusionFilters = checkExclusionFilters(mutability as TagMutability, input.imageTagMutabilityExclusionFilters);
  const registryId = input.registryId ?? ctx.accountId;
  if (ecrState(ctx.world).repositories.has(repositoryKey({ registryId, region: ctx.region, name }))) {
    throw new AwsError(
      'RepositoryAlreadyExistsException',
      `The repository with name '${name}' already exists in the registry with id '${registryId}'`,
    );
  }
  const repo = ensureRepository(ctx.world, {
    name,
    region: ctx.region,
    registryId,
    imageTagMutability: mutability as TagMutability,
    exclusionFilters,
    scanOnPush: Boolean(input.imageScanningConfiguration?.scanOnPush),
  });
  repo.tags = input.tags ?? [];
  return { repository: describeRepository(ctx.world, repo) };
}

export function describeRepositories(
  input: { registryId?: string; repositoryNames?: string[]; maxResults?: number; nextToken?: string },
  ctx: RequestContext,
) {
  const registryId = input.registryId ?? ctx.accountId;
  const all = [...ecrState(ctx.world).repositories.values()].filter((r) => r.registryId === registryId && r.region === ctx.region);
  if (input.repositoryNames?.length) {
    const found = input.repositoryNames.map((name) => {
      const repo = all.find((r) => r.repositoryName === name);
      if (!repo) throw repositoryNotFound(name, registryId);
      return repo;
    });
    return { repositories: found.map((r) => describeRepository(ctx.world, r)) };
  }
  const start = input.nextToken ? Number(Buffer.from(input.nextToken, 'base64').toString()) : 0;
  const size = input.maxResults ?? 100;
  const page = all.slice(start, start + size);
  const next = start + size < all.length ? Buffer.from(String(start + size)).toString('base64') : undefined;
  return { repositories: page.map((r) => describeRepository(ctx.world, r)), nextToken: next };
}

export function deleteRepository(input: { repositoryName?: string; registryId?: string; force?: boolean }, ctx: RequestContext) {
  const repo = findRepository(ctx.world, { ...input, name: input.repositoryName, region: ctx.region, accountId: ctx.accountId });
  ecrState(ctx.world).repositories.delete(repositoryKey({ ...repo, name: repo.repositoryName }));
  return { repository: describeRepository(ctx.world, repo) };
}

export function putLifecyclePolicy(
  input: { repositoryName?: string; registryId?: string; lifecyclePolicyText?: string },
  ctx: RequestContext,
) {
  const repo = findRepository(ctx.world, { ...input, name: input.repositoryName, region: ctx.region, accountId: ctx.accountId });
  const problem = lifecyclePolicyProblem(input.lifecyclePolicyText ?? '');
  if (problem) {
    throw invalidParameter(
      `Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: ${problem}'`,
    );
  }
  repo.lifecyclePolicyText = input.lifecyclePolicyText;
  return { registryId: repo.registryId, repositoryName: repo.repositoryName, lifecyclePolicyText: repo.lifecyclePolicyText };
}

export function getLifecyclePolicy(input: { repositoryName?: string; registryId?: string }, ctx: RequestContext) {
  const repo = findRepository(ctx.world, { ...input, name: input.repositoryName, region: ctx.region, accountId: ctx.accountId });
  if (!repo.lifecyclePolicyText) {
    throw new AwsError(
      'LifecyclePolicyNotFoundException',
      `Lifecycle policy does not exist for the repository with name '${repo.repositoryName}' in the registry with id '${repo.registryId}'`,
    );
  }
  return {
    registryId: repo.registryId,
    repositoryName: repo.repositoryName,
    lifecyclePolicyText: repo.lifecyclePolicyText,
    lastEvaluatedAt: Math.floor(Date.now() / 1000),
  };
}

/** The checks ECR makes on a lifecycle policy document (the common ones). */
function lifecyclePolicyProblem(text: string): string | undefined {
  let policy: any;
  try {
    policy = JSON.parse(text);
  } catch {
    return 'the policy is not valid JSON.';
  }
  if (!Array.isArray(policy?.rules) || policy.rules.length === 0) return 'object has missing required properties (["rules"])';
  const priorities = new Set<number>();
  for (const rule of policy.rules) {
    if (!Number.isInteger(rule?.rulePriority) || rule.rulePriority < 1) return 'rulePriority must be a positive integer.';
    if (priorities.has(rule.rulePriority)) return `rulePriority ${rule.rulePriority} is used more than once.`;
    priorities.add(rule.rulePriority);
    const s = rule.selection ?? {};
    if (!['tagged', 'untagged', 'any'].includes(s.tagStatus))
      return `instance value ("${s.tagStatus}") not found in enum (possible values: ["tagged","untagged","any"])`;
    if (!['imageCountMoreThan', 'sinceImagePushed'].includes(s.countType))
      return `instance value ("${s.countType}") not found in enum (possible values: ["imageCountMoreThan","sinceImagePushed"])`;
    if (!Number.isInteger(s.countNumber) || s.countNumber < 1) return 'countNumber must be a positive integer.';
    if (s.tagStatus === 'tagged' && !s.tagPrefixList?.length && !s.tagPatternList?.length) {
      return 'tagPrefixList or tagPatternList is required when tagStatus is tagged.';
    }
    if (rule.action?.type !== 'expire') return 'action type must be "expire".';
  }
  return undefined;
}
