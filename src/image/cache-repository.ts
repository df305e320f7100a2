import { ensureRepository, findRepository, type Ecr, type EcrRepository } from '../ecr/repository.js';
import type { Logger } from '../logger.js';
import type { BuildRequest } from './types.js';

/**
 * Where the registry layer cache lives. Not in the image repository: buildah and podman push one
 * tag per cached step, which buries the images people browse. By default a repository beside it,
 * `<repository>/build-cache`, and `<repository>/build-cache-preview` for preview builds, so a pull
 * request can never write a layer that a production build then reuses. In ECR it is created when
 * missing (mutable tags, a lifecycle policy keeping the newest CACHE_KEEP_IMAGES images).
 */
export const CACHE_SUFFIX = { production: 'build-cache', preview: 'build-cache-preview' } as const;
export const CACHE_KEEP_IMAGES = 200;

export async function resolveCache(o: {
  request: BuildRequest;
  target: { uri: string; ecr?: { client: Ecr; repo: EcrRepository } };
  /** false: the builder cannot use a registry cache (docker without buildx). */
  registryCache: boolean;
  logger: Logger;
}): Promise<string | undefined> {
  if (!o.request.cache) return undefined;
  if (!o.registryCache) {
    o.logger.info("Registry layer cache: needs buildx; this build uses the engine's local cache only.");
    return undefined;
  }
  if (o.request.cacheRepository) return o.request.cacheRepository;
  const suffix = CACHE_SUFFIX[o.request.purpose];
  const uri = `${o.target.uri}/${suffix}`;
  if (!o.target.ecr) return uri;
  const name = `${o.target.ecr.repo.name}/${suffix}`;
  const client = o.target.ecr.client;
  if (await findRepository(client, { name, registryId: o.target.ecr.repo.registryId })) return uri;
  if (!o.request.push) return undefined;
  try {
    await ensureRepository(
      { name, scanOnPush: false, imageTagMutability: 'MUTABLE', keepLastImages: CACHE_KEEP_IMAGES },
      { ecr: client, logger: o.logger },
    );
    return uri;
  } catch (error) {
    o.logger.warning(`No registry layer cache: ${(error as Error).message} (it needs ecr:CreateRepository and ecr:PutLifecyclePolicy).`);
    return undefined;
  }
}
