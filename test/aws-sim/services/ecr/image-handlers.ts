import { RegistryApiError, sha256 } from '../../../registry/client.js';
import { AwsError } from '../../errors.js';
import { isTagImmutable } from './mutability.js';
import type { RequestContext } from '../../types.js';
import { artifactMediaType, imageSize, imageStore, type StoredImage } from './images.js';
import { findRepository, type Repository } from './state.js';

interface ImageId {
  imageTag?: string;
  imageDigest?: string;
}

interface RepoInput {
  repositoryName?: string;
  registryId?: string;
}

const repoOf = (input: RepoInput, ctx: RequestContext): Repository =>
  findRepository(ctx.world, { registryId: input.registryId, name: input.repositoryName, region: ctx.region, accountId: ctx.accountId });

const idText = (id: ImageId) => `{imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'}`;

function imageNotFound(id: ImageId, repo: Repository) {
  return new AwsError(
    'ImageNotFoundException',
    `The image with imageId ${idText(id)} does not exist within the repository with name '${repo.repositoryName}' in the registry with id '${repo.registryId}'`,
  );
}

/** The image an imageId names: by digest, by tag, or both (which must then agree). */
function match(images: StoredImage[], id: ImageId): StoredImage | undefined {
  return images.find(
    (image) =>
      (id.imageDigest === undefined || image.digest === id.imageDigest) &&
      (id.imageTag === undefined || image.tags.includes(id.imageTag)) &&
      (id.imageDigest !== undefined || id.imageTag !== undefined),
  );
}

const byTagStatus = (images: StoredImage[], status = 'ANY') =>
  images.filter((i) => status === 'ANY' || (status === 'TAGGED' ? i.tags.length > 0 : i.tags.length === 0));

function paginate<T>(items: T[], input: { maxResults?: number; nextToken?: string }) {
  const start = input.nextToken ? Number(Buffer.from(input.nextToken, 'base64').toString()) : 0;
  const size = input.maxResults ?? 100;
  const next = start + size < items.length ? Buffer.from(String(start + size)).toString('base64') : undefined;
  return { page: items.slice(start, start + size), nextToken: next };
}

export async function describeImages(
  input: RepoInput & { imageIds?: ImageId[]; filter?: { tagStatus?: string }; maxResults?: number; nextToken?: string },
  ctx: RequestContext,
) {
  const repo = repoOf(input, ctx);
  const store = imageStore(ctx.world);
  const images = await store.list(repo.repositoryName);
  let selected: StoredImage[];
  if (input.imageIds?.length) {
    selected = [];
    for (const id of input.imageIds) {
      const image = match(images, id);
      if (!image) throw imageNotFound(id, repo);
      if (!selected.includes(image)) selected.push(image);
    }
  } else {
    selected = byTagStatus(images, input.filter?.tagStatus).sort((a, b) => a.pushedAt - b.pushedAt);
  }
  const { page, nextToken } = paginate(selected, input);
  const imageDetails = [];
  for (const image of page) {
    imageDetails.push({
      registryId: repo.registryId,
      repositoryName: repo.repositoryName,
      imageDigest: image.digest,
      imageTags: image.tags.length ? [...image.tags].sort() : undefined,
      imageSizeInBytes: await imageSize(store, repo.repositoryName, image),
      imagePushedAt: Math.floor(image.pushedAt),
      imageManifestMediaType: image.mediaType,
      artifactMediaType: artifactMediaType(image.manifest),
    });
  }
  return { imageDetails, nextToken };
}

export async function listImages(
  input: RepoInput & { filter?: { tagStatus?: string }; maxResults?: number; nextToken?: string },
  ctx: RequestContext,
) {
  const repo = repoOf(input, ctx);
  const images = byTagStatus(await imageStore(ctx.world).list(repo.repositoryName), input.filter?.tagStatus);
  const ids = images.flatMap((i) =>
    i.tags.length ? i.tags.map((imageTag) => ({ imageDigest: i.digest, imageTag })) : [{ imageDigest: i.digest }],
  );
  const { page, nextToken } = paginate(ids, input);
  return { imageIds: page, nextToken };
}

export async function batchGetImage(input: RepoInput & { imageIds?: ImageId[] }, ctx: RequestContext) {
  const repo = repoOf(input, ctx);
  const images = await imageStore(ctx.world).list(repo.repositoryName);
  const found = [];
  const failures = [];
  for (const id of input.imageIds ?? []) {
    const image = match(images, id);
    if (!image) {
      const tagged = id.imageTag !== undefined && id.imageDigest !== undefined && match(images, { imageTag: id.imageTag });
      failures.push({
        imageId: id,
        failureCode: tagged ? 'ImageTagDoesNotMatchDigest' : 'ImageNotFound',
        failureReason: tagged ? 'Invalid image tag for the specified image digest' : 'Requested image not found',
      });
      continue;
    }
    found.push({
      registryId: repo.registryId,
      repositoryName: repo.repositoryName,
      imageId: { imageDigest: image.digest, imageTag: id.imageTag },
      imageManifest: image.manifest,
      imageManifestMediaType: image.mediaType,
    });
  }
  return { images: found, failures };
}

/** PutImage: ECR's native re-tag (a manifest stored under a new tag, no layers moved). */
export async function putImage(
  input: RepoInput & { imageManifest?: string; imageManifestMediaType?: string; imageTag?: string; imageDigest?: string },
  ctx: RequestContext,
) {
  const repo = repoOf(input, ctx);
  const manifest = input.imageManifest ?? '';
  let parsed: any;
  try {
    parsed = JSON.parse(manifest);
  } catch {
    throw new AwsError(
      'InvalidParameterException',
      "Invalid parameter at 'imageManifest' failed to satisfy constraint: 'Invalid JSON syntax'",
    );
  }
  const digest = sha256(manifest);
  if (input.imageDigest && input.imageDigest !== digest) {
    throw new AwsError(
      'ImageDigestDoesNotMatchException',
      `The provided image digest '${input.imageDigest}' does not match the calculated image digest '${digest}'`,
    );
  }
  const mediaType = input.imageManifestMediaType ?? parsed?.mediaType ?? 'application/vnd.docker.distribution.manifest.v2+json';
  const store = imageStore(ctx.world);
  const images = await store.list(repo.repositoryName);
  const current = input.imageTag ? match(images, { imageTag: input.imageTag }) : images.find((i) => i.digest === digest);
  if (current?.digest === digest) {
    throw new AwsError(
      'ImageAlreadyExistsException',
      `Image with digest '${digest}' and tag '${input.imageTag ?? 'null'}' already exists in the repository with name '${repo.repositoryName}' in the registry with id '${repo.registryId}'`,
    );
  }
  if (current && input.imageTag && isTagImmutable(repo, input.imageTag)) {
    throw new AwsError(
      'ImageTagAlreadyExistsException',
      repo.imageTagMutability === 'IMMUTABLE'
        ? `The image tag '${input.imageTag}' already exists in the '${repo.repositoryName}' repository and cannot be overwritten because the repository is immutable.`
        : `The image tag '${input.imageTag}' already exists in the '${repo.repositoryName}' repository and cannot be overwritten because the tag is immutable under the repository's imageTagMutability ${repo.imageTagMutability}.`,
    );
  }
  try {
    await store.put({ repository: repo.repositoryName, tag: input.imageTag, manifest, mediaType });
  } catch (error) {
    if (error instanceof RegistryApiError && error.code === 'MANIFEST_BLOB_UNKNOWN') {
      throw new AwsError(
        'LayersNotFoundException',
        `Layers required for pushing image into repository with name '${repo.repositoryName}' in the registry with id '${repo.registryId}' do not exist.`,
      );
    }
    if (error instanceof RegistryApiError)
      throw new AwsError('InvalidParameterException', `Invalid parameter at 'imageManifest': ${error.message}`);
    throw error;
  }
  return {
    image: {
      registryId: repo.registryId,
      repositoryName: repo.repositoryName,
      imageId: { imageDigest: digest, imageTag: input.imageTag },
      imageManifest: manifest,
      imageManifestMediaType: mediaType,
    },
  };
}

export async function batchDeleteImage(input: RepoInput & { imageIds?: ImageId[] }, ctx: RequestContext) {
  const repo = repoOf(input, ctx);
  const store = imageStore(ctx.world);
  const deleted: ImageId[] = [];
  const failures = [];
  for (const id of input.imageIds ?? []) {
    const image = match(await store.list(repo.repositoryName), id);
    if (!image) {
      failures.push({ imageId: id, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' });
      continue;
    }
    if (id.imageTag !== undefined && id.imageDigest === undefined && image.tags.length > 1) {
      await store.untag(repo.repositoryName, id.imageTag);
      deleted.push({ imageDigest: image.digest, imageTag: id.imageTag });
    } else {
      await store.remove(repo.repositoryName, image.digest);
      deleted.push(
        ...(image.tags.length ? image.tags.map((imageTag) => ({ imageDigest: image.digest, imageTag })) : [{ imageDigest: image.digest }]),
      );
    }
  }
  return { imageIds: deleted, failures };
}
