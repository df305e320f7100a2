import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryClient, sha256 } from '../../../registry/client.js';
import type { World } from '../../world.js';
import { ecrState } from './state.js';

/**
 * Where ECR's images live: the real registry when the simulator has one (world.registry), else
 * memory. Handlers see one interface either way.
 */
export interface StoredImage {
  digest: string;
  tags: string[];
  mediaType: string;
  manifest: string;
  /** Epoch seconds. */
  pushedAt: number;
}

export interface ImageStore {
  /** Every image of the repository, tagged or not. */
  list(repository: string): Promise<StoredImage[]>;
  put(o: { repository: string; tag?: string; manifest: string; mediaType: string }): Promise<string>;
  /** Deletes the image with this digest and every tag pointing at it. */
  remove(repository: string, digest: string): Promise<boolean>;
  /** Removes one tag, leaving the image and its other tags. */
  untag(repository: string, tag: string): Promise<void>;
  /** A manifest by digest (children of an index), if present. */
  manifest(repository: string, digest: string): Promise<string | undefined>;
}

const clients = new WeakMap<World, RegistryClient>();

export function imageStore(world: World): ImageStore {
  if (!world.registry) return memoryStore(world);
  let client = clients.get(world);
  if (!client) clients.set(world, (client = new RegistryClient(world.registry)));
  return registryStore(world, client);
}

function memoryStore(world: World): ImageStore {
  const repo = (name: string) => {
    const memory = ecrState(world).memory;
    if (!memory.has(name)) memory.set(name, { manifests: new Map(), tags: new Map() });
    return memory.get(name)!;
  };
  return {
    async list(repository) {
      const { manifests, tags } = repo(repository);
      return [...manifests.values()].map((m) => ({
        ...m,
        tags: [...tags]
          .filter(([, digest]) => digest === m.digest)
          .map(([tag]) => tag)
          .sort(),
      }));
    },
    async put({ repository, tag, manifest, mediaType }) {
      const digest = sha256(manifest);
      const r = repo(repository);
      if (!r.manifests.has(digest)) r.manifests.set(digest, { digest, manifest, mediaType, pushedAt: Date.now() / 1000 });
      if (tag) r.tags.set(tag, digest);
      return digest;
    },
    async remove(repository, digest) {
      const r = repo(repository);
      for (const [tag, d] of r.tags) if (d === digest) r.tags.delete(tag);
      return r.manifests.delete(digest);
    },
    async untag(repository, tag) {
      repo(repository).tags.delete(tag);
    },
    async manifest(repository, digest) {
      return repo(repository).manifests.get(digest)?.manifest;
    },
  };
}

function registryStore(world: World, client: RegistryClient): ImageStore {
  const dir = world.registry!.dir;
  // distribution's filesystem layout: the registry's own record of each manifest and tag.
  const repoDir = (repository: string) =>
    dir ? join(dir, 'storage', 'docker', 'registry', 'v2', 'repositories', repository, '_manifests') : undefined;

  const pushedAt = (repository: string, digest: string): number => {
    const base = repoDir(repository);
    if (base) {
      try {
        return statSync(join(base, 'revisions', 'sha256', digest.replace('sha256:', ''), 'link')).mtimeMs / 1000;
      } catch {
        // not on disk (yet): fall back to when the simulator first saw it
      }
    }
    const firstSeen = ecrState(world).firstSeen;
    const key = `${repository}@${digest}`;
    if (!firstSeen.has(key)) firstSeen.set(key, Date.now() / 1000);
    return firstSeen.get(key)!;
  };

  const untaggedDigests = (repository: string): string[] => {
    const base = repoDir(repository);
    if (!base) return [];
    try {
      return readdirSync(join(base, 'revisions', 'sha256')).map((hex) => `sha256:${hex}`);
    } catch {
      return [];
    }
  };

  return {
    async list(repository) {
      const byDigest = new Map<string, StoredImage>();
      const add = async (reference: string, tag?: string) => {
        const found = await client.getManifest(repository, reference);
        if (!found) return;
        let image = byDigest.get(found.digest);
        if (!image) {
          image = {
            digest: found.digest,
            tags: [],
            mediaType: found.mediaType,
            manifest: found.body,
            pushedAt: pushedAt(repository, found.digest),
          };
          byDigest.set(found.digest, image);
        }
        if (tag) image.tags.push(tag);
      };
      for (const tag of await client.listTags(repository)) await add(tag, tag);
      for (const digest of untaggedDigests(repository)) if (!byDigest.has(digest)) await add(digest);
      return [...byDigest.values()];
    },
    async put({ repository, tag, manifest, mediaType }) {
      return client.putManifest({ repository, reference: tag ?? sha256(manifest), body: manifest, mediaType });
    },
    async remove(repository, digest) {
      return client.deleteManifest(repository, digest);
    },
    async untag(repository, tag) {
      // The registry API cannot remove a tag alone; its storage can (the tag is a directory).
      const base = repoDir(repository);
      if (base) rmSync(join(base, 'tags', tag), { recursive: true, force: true });
    },
    async manifest(repository, digest) {
      return (await client.getManifest(repository, digest))?.body;
    },
  };
}

/** ECR's imageSizeInBytes: the compressed layers (for an index, the layers of every platform). */
export async function imageSize(store: ImageStore, repository: string, image: Pick<StoredImage, 'manifest'>) {
  const parsed = safeJson(image.manifest);
  if (Array.isArray(parsed?.layers)) {
    return parsed.layers.reduce((sum: number, layer: { size?: number }) => sum + (layer.size ?? 0), 0);
  }
  let total = 0;
  for (const child of Array.isArray(parsed?.manifests) ? parsed.manifests : []) {
    const body = await store.manifest(repository, child.digest);
    if (body) total += await imageSize(store, repository, { manifest: body });
  }
  return total;
}

/** The config's media type, which ECR reports as artifactMediaType. */
export function artifactMediaType(manifest: string): string | undefined {
  return safeJson(manifest)?.config?.mediaType;
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
