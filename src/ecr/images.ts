import { BatchGetImageCommand, DescribeImagesCommand, PutImageCommand } from '@aws-sdk/client-ecr';
import { errorName } from '../aws/error-kind.js';
import { ActionFailure } from '../errors.js';
import type { Ecr, EcrRepository } from './repository.js';

/** Images in a repository: tag lookups, and re-tagging through the API (no layer upload). */

const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];

function target(repo: EcrRepository) {
  return { repositoryName: repo.name, ...(repo.registryId ? { registryId: repo.registryId } : {}) };
}

/** The image a tag points at, with all its tags; undefined when the tag does not exist. */
export async function findTag(ecr: Ecr, repo: EcrRepository, tag: string): Promise<{ digest: string; tags: string[] } | undefined> {
  try {
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ ...target(repo), imageIds: [{ imageTag: tag }] }));
    const image = imageDetails?.[0];
    return image?.imageDigest ? { digest: image.imageDigest, tags: image.imageTags ?? [] } : undefined;
  } catch (error) {
    if (errorName(error) === 'ImageNotFoundException') return undefined;
    throw error;
  }
}

/** Which of these tags exist, and the digest each points at (one BatchGetImage call). */
export async function tagDigests(ecr: Ecr, repo: EcrRepository, tags: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (!tags.length) return found;
  const { images } = await ecr.send(
    new BatchGetImageCommand({ ...target(repo), imageIds: tags.map((imageTag) => ({ imageTag })), acceptedMediaTypes: MANIFEST_TYPES }),
  );
  for (const image of images ?? []) {
    if (image.imageId?.imageTag && image.imageId.imageDigest) found.set(image.imageId.imageTag, image.imageId.imageDigest);
  }
  return found;
}

/**
 * Points more tags at an existing image through the API (BatchGetImage + PutImage): no build, no
 * layer upload. Returns the tags that were refused because they are immutable and taken.
 */
export async function addTags(ecr: Ecr, o: { repo: EcrRepository; digest: string; tags: string[] }): Promise<string[]> {
  if (!o.tags.length) return [];
  const { images } = await ecr.send(
    new BatchGetImageCommand({ ...target(o.repo), imageIds: [{ imageDigest: o.digest }], acceptedMediaTypes: MANIFEST_TYPES }),
  );
  const image = images?.[0];
  if (!image?.imageManifest) throw new ActionFailure(`ECR returned no manifest for ${o.repo.uri}@${o.digest}.`);
  const refused: string[] = [];
  for (const tag of o.tags) {
    try {
      await ecr.send(
        new PutImageCommand({
          ...target(o.repo),
          imageManifest: image.imageManifest,
          imageManifestMediaType: image.imageManifestMediaType,
          imageDigest: o.digest,
          imageTag: tag,
        }),
      );
    } catch (error) {
      // The tag already points at this very image: nothing to do.
      if (errorName(error) === 'ImageAlreadyExistsException') continue;
      if (errorName(error) === 'ImageTagAlreadyExistsException') {
        refused.push(tag);
        continue;
      }
      throw error;
    }
  }
  return refused;
}
