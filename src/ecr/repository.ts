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
export async function ensureRepository(settings: RepositorySettings, deps: { ecr: ECRClient; logger: Logger }): Promise<RepositoryResult> {
  const existing = await describe(deps.ecr, settings.name);
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
      const raced = await describe(deps.ecr, settings.name);
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

async function describe(ecr: ECRClient, name: string): Promise<Repository | undefined> {
  try {
    const out = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
    return out.repositories?.[0];
  } catch (error) {
    if (errorName(error) === 'RepositoryNotFoundException') return undefined;
    throw new ActionFailure(`Could not look up ECR repository ${name}: ${describeError(error)}`);
  }
}
