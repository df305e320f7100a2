import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  PutLifecyclePolicyCommand,
  type ECRClient,
  type Repository,
} from '@aws-sdk/client-ecr';
import { errorName } from '../aws/error-kind.js';
import { ActionFailure, describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { keepLastImagesPolicy } from './lifecycle-policy.js';

export type Ecr = Pick<ECRClient, 'send'>;

/** ECR tag mutability, including the exclusion filters (wildcard patterns) of the *_WITH_EXCLUSION modes. */
export interface TagMutability {
  mutability: string;
  exclusions: Array<{ filterType?: string; filter?: string }>;
}

/** A repository images are pushed to. */
export interface EcrRepository extends TagMutability {
  name: string;
  registryId?: string;
  uri: string;
}

export interface RepositorySettings {
  name: string;
  scanOnPush: boolean;
  imageTagMutability: 'MUTABLE' | 'IMMUTABLE';
  /** Lifecycle policy keeping the newest N images; none when undefined. */
  keepLastImages?: number;
}

export interface RepositoryResult {
  name: string;
  uri: string;
  created: boolean;
}

/**
 * Creates the repository if it is missing, with the given settings. An existing repository is
 * left exactly as it is: its owners may have chosen other settings on purpose.
 */
export async function ensureRepository(settings: RepositorySettings, deps: { ecr: Ecr; logger: Logger }): Promise<RepositoryResult> {
  const existing = await lookUp(deps.ecr, settings.name);
  if (existing) {
    deps.logger.info(`Repository ${settings.name} exists (${existing.repositoryUri}); its settings are left as they are`);
    return { name: settings.name, uri: existing.repositoryUri ?? '', created: false };
  }
  let repository: Repository | undefined;
  try {
    const out = await deps.ecr.send(
      new CreateRepositoryCommand({
        repositoryName: settings.name,
        imageTagMutability: settings.imageTagMutability,
        imageScanningConfiguration: { scanOnPush: settings.scanOnPush },
      }),
    );
    repository = out.repository;
  } catch (error) {
    // Another job created it between our describe and create: that is what we wanted.
    if (errorName(error) === 'RepositoryAlreadyExistsException') {
      const raced = await lookUp(deps.ecr, settings.name);
      return { name: settings.name, uri: raced?.repositoryUri ?? '', created: false };
    }
    throw new ActionFailure(`Could not create ECR repository ${settings.name}: ${describeError(error)}`);
  }
  deps.logger.info(
    `Created repository ${settings.name} (${settings.imageTagMutability.toLowerCase()} tags, scan on push ${settings.scanOnPush ? 'on' : 'off'})`,
  );
  if (settings.keepLastImages !== undefined) {
    try {
      await deps.ecr.send(
        new PutLifecyclePolicyCommand({
          repositoryName: settings.name,
          lifecyclePolicyText: keepLastImagesPolicy(settings.keepLastImages),
        }),
      );
    } catch (error) {
      throw new ActionFailure(`Created ${settings.name} but could not set its lifecycle policy: ${describeError(error)}`);
    }
    deps.logger.info(`Lifecycle policy: keep the last ${settings.keepLastImages} images`);
  }
  return { name: settings.name, uri: repository?.repositoryUri ?? '', created: true };
}

/** The repository, or undefined when there is none by that name (in that registry). */
export async function findRepository(ecr: Ecr, o: { name: string; registryId?: string }): Promise<Repository | undefined> {
  try {
    const out = await ecr.send(
      new DescribeRepositoriesCommand({ repositoryNames: [o.name], ...(o.registryId ? { registryId: o.registryId } : {}) }),
    );
    return out.repositories?.[0];
  } catch (error) {
    if (errorName(error) === 'RepositoryNotFoundException') return undefined;
    throw error;
  }
}

async function lookUp(ecr: Ecr, name: string): Promise<Repository | undefined> {
  try {
    return await findRepository(ecr, { name });
  } catch (error) {
    throw new ActionFailure(`Could not look up ECR repository ${name}: ${describeError(error)}`);
  }
}

/** A repository to push to: it must exist (pushing never creates one). */
export async function describeRepository(ecr: Ecr, o: { name: string; registryId?: string }): Promise<EcrRepository> {
  const repo = await findRepository(ecr, o);
  if (!repo) {
    throw new ActionFailure(
      `ECR repository "${o.name}" does not exist${o.registryId ? ` in registry ${o.registryId}` : ''}: create it first (build-push does not create repositories).`,
    );
  }
  if (!repo.repositoryUri) throw new ActionFailure(`ECR did not describe repository "${o.name}".`);
  return {
    name: o.name,
    registryId: repo.registryId ?? o.registryId,
    uri: repo.repositoryUri,
    mutability: repo.imageTagMutability ?? 'MUTABLE',
    exclusions: repo.imageTagMutabilityExclusionFilters ?? [],
  };
}
