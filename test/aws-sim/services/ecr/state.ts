import { AwsError } from '../../errors.js';
import type { World } from '../../world.js';
import type { ExclusionFilter, TagMutability } from './mutability.js';

/** One ECR repository as DescribeRepositories shows it, plus its lifecycle policy. */
export interface Repository {
  registryId: string;
  region: string;
  repositoryName: string;
  createdAt: number;
  imageTagMutability: TagMutability;
  exclusionFilters?: ExclusionFilter[];
  scanOnPush: boolean;
  lifecyclePolicyText?: string;
  tags: Array<{ Key: string; Value: string }>;
}

/** Images of repositories when no real registry backs ECR (unit-style tests). */
export interface MemoryImage {
  digest: string;
  manifest: string;
  mediaType: string;
  pushedAt: number;
}

export interface EcrState {
  /** Keyed by `${registryId}/${region}/${name}`. */
  repositories: Map<string, Repository>;
  memory: Map<string, { manifests: Map<string, MemoryImage>; tags: Map<string, string> }>;
  /** Registry-backed: when the simulator first saw a digest, if the registry's files are not at hand. */
  firstSeen: Map<string, number>;
  /** Every GetAuthorizationToken answered: region and registry IDs, for tests to assert grouping. */
  tokenRequests: Array<{ region: string; registryIds: string[] }>;
}

export const ecrState = (world: World): EcrState =>
  world.stateOf<EcrState>('ecr', () => ({
    repositories: new Map(),
    memory: new Map(),
    firstSeen: new Map(),
    tokenRequests: [],
  }));

export const repositoryKey = (o: { registryId: string; region: string; name: string }) => `${o.registryId}/${o.region}/${o.name}`;

/** Host of a repository URI: the real registry's when one backs ECR, else ECR's own. */
export function registryHost(world: World, o: { registryId: string; region: string }): string {
  return world.registry?.host ?? `${o.registryId}.dkr.ecr.${o.region}.amazonaws.com`;
}

export function describeRepository(world: World, repo: Repository) {
  return {
    repositoryArn: `arn:aws:ecr:${repo.region}:${repo.registryId}:repository/${repo.repositoryName}`,
    registryId: repo.registryId,
    repositoryName: repo.repositoryName,
    repositoryUri: `${registryHost(world, repo)}/${repo.repositoryName}`,
    createdAt: repo.createdAt,
    imageTagMutability: repo.imageTagMutability,
    ...(repo.exclusionFilters ? { imageTagMutabilityExclusionFilters: repo.exclusionFilters } : {}),
    imageScanningConfiguration: { scanOnPush: repo.scanOnPush },
    encryptionConfiguration: { encryptionType: 'AES256' },
  };
}

export const repositoryNotFound = (name: string, registryId: string) =>
  new AwsError('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${registryId}'`);

/** The repository a request names, or ECR's RepositoryNotFoundException. */
export function findRepository(
  world: World,
  o: { registryId?: string; region: string; name: string | undefined; accountId: string },
): Repository {
  const registryId = o.registryId ?? o.accountId;
  const repo = ecrState(world).repositories.get(repositoryKey({ registryId, region: o.region, name: o.name ?? '' }));
  if (!repo) throw repositoryNotFound(o.name ?? '', registryId);
  return repo;
}

/**
 * Creates a repository directly (tests and the demo seed state this way, the SDK's CreateRepository
 * goes through the same function). Returns the existing one if it is already there.
 */
export function ensureRepository(
  world: World,
  o: {
    name: string;
    region?: string;
    registryId?: string;
    imageTagMutability?: TagMutability;
    exclusionFilters?: ExclusionFilter[];
    scanOnPush?: boolean;
  },
): Repository {
  const registryId = o.registryId ?? world.accountId;
  const region = o.region ?? 'us-east-1';
  const key = repositoryKey({ registryId, region, name: o.name });
  const state = ecrState(world);
  const existing = state.repositories.get(key);
  if (existing) return existing;
  const repo: Repository = {
    registryId,
    region,
    repositoryName: o.name,
    createdAt: Math.floor(Date.now() / 1000),
    imageTagMutability: o.imageTagMutability ?? 'MUTABLE',
    ...(o.exclusionFilters ? { exclusionFilters: o.exclusionFilters } : {}),
    scanOnPush: o.scanOnPush ?? false,
    tags: [],
  };
  state.repositories.set(key, repo);
  return repo;
}
