import type { BuildSecret, Builder, DockerPath } from './types.js';

/**
 * Turns a resolved build plan into the builder's command-line arguments. Pure, so every flag is
 * unit-tested; secret values never appear here, only the names of the variables that carry them.
 */

export interface SecretMount {
  id: string;
  /** Environment variable holding the value (set on the builder's process only). */
  env?: string;
  file?: string;
}

export interface BuildPlan {
  builder: Builder;
  repositoryUri: string;
  context: string;
  dockerfile: string;
  target?: string;
  buildArgs: Array<[string, string]>;
  labels: Array<[string, string]>;
  platforms: string[];
  secrets: SecretMount[];
  /** Tags to push (docker) or to name the local image (buildah, podman). */
  tags: string[];
  push: boolean;
  /** Registry cache repository (no tag); undefined when the cache is off. */
  cacheRepository?: string;
  /** Export the cache too (needs push rights). */
  cacheExport: boolean;
  provenance: boolean;
  /** docker: where buildx writes the pushed digest. */
  metadataFile: string;
  /** buildah, podman: where the image ID is written. */
  iidFile: string;
  /** Registry credentials file for buildah/podman (docker reads DOCKER_CONFIG itself). */
  authFile?: string;
  /** buildah/podman --isolation, when the default cannot work here. */
  isolation?: string;
  /** docker: buildx builder to use (a docker-container one when the cache needs it). */
  dockerBuilder?: string;
  /** docker: push the manifest without tags, to learn its digest (every tag is held by an immutable one). */
  pushByDigest?: boolean;
  /** docker: buildx, or the engine's own BuildKit (`docker build`) when buildx is missing. */
  dockerPath?: DockerPath;
  /** SOURCE_DATE_EPOCH: the time written into the image, for reproducible builds. */
  sourceDateEpoch?: number;
  /** --network for RUN steps. */
  network?: string;
}

/** The tag buildx keeps its registry cache under. */
export const DOCKER_CACHE_TAG = 'buildcache';

/** Secret values go into variables named here, set only in the builder's environment. */
export function secretMounts(secrets: BuildSecret[]): { mounts: SecretMount[]; env: Record<string, string> } {
  const env: Record<string, string> = {};
  const mounts = secrets.map((secret, index): SecretMount => {
    if (secret.file !== undefined) return { id: secret.id, file: secret.file };
    const variable = `ECS_SHIP_BUILD_SECRET_${index}`;
    env[variable] = secret.value ?? '';
    return { id: secret.id, env: variable };
  });
  return { mounts, env };
}

function secretFlag(mount: SecretMount): string {
  return mount.file !== undefined ? `id=${mount.id},src=${mount.file}` : `id=${mount.id},env=${mount.env}`;
}

function pairs(flag: string, values: Array<[string, string]>): string[] {
  return values.flatMap(([key, value]) => [flag, `${key}=${value}`]);
}

/** Flags `docker buildx build` and `docker build` share. */
function commonDockerArgs(plan: BuildPlan): string[] {
  const args = ['--file', plan.dockerfile, '--progress', 'plain'];
  if (plan.target) args.push('--target', plan.target);
  if (plan.platforms.length) args.push('--platform', plan.platforms.join(','));
  // BuildKit 0.11 and later clamp the image's timestamps to SOURCE_DATE_EPOCH given as a build argument.
  const buildArgs: Array<[string, string]> = [...plan.buildArgs];
  if (plan.sourceDateEpoch !== undefined && !buildArgs.some(([name]) => name === 'SOURCE_DATE_EPOCH')) {
    buildArgs.push(['SOURCE_DATE_EPOCH', String(plan.sourceDateEpoch)]);
  }
  args.push(...pairs('--build-arg', buildArgs), ...pairs('--label', plan.labels));
  for (const mount of plan.secrets) args.push('--secret', secretFlag(mount));
  if (plan.network) args.push('--network', plan.network);
  return args;
}

/** `docker build` on the engine's own BuildKit (no buildx): a local image, pushed tag by tag with `docker push`. */
export function dockerEngineBuildArgs(plan: BuildPlan): string[] {
  const args = ['build', ...commonDockerArgs(plan), '--iidfile', plan.iidFile];
  for (const tag of plan.tags) args.push('--tag', `${plan.repositoryUri}:${tag}`);
  args.push(plan.context);
  return args;
}

export function dockerBuildArgs(plan: BuildPlan): string[] {
  const args = ['buildx', 'build'];
  if (plan.dockerBuilder) args.push('--builder', plan.dockerBuilder);
  args.push(...commonDockerArgs(plan));
  // Provenance attestations turn the image into an index with an "unknown/unknown" entry in ECR.
  args.push(`--provenance=${plan.provenance ? 'mode=min' : 'false'}`);
  if (plan.cacheRepository) {
    const ref = `${plan.cacheRepository}:${DOCKER_CACHE_TAG}`;
    args.push('--cache-from', `type=registry,ref=${ref}`);
    // ECR rejects buildx's default cache manifest; it accepts an OCI image manifest.
    if (plan.cacheExport) {
      args.push('--cache-to', `type=registry,ref=${ref},mode=max,image-manifest=true,oci-mediatypes=true`);
    }
  }
  args.push('--metadata-file', plan.metadataFile);
  if (plan.push && plan.pushByDigest) {
    args.push('--output', `type=image,name=${plan.repositoryUri},push-by-digest=true,name-canonical=true,push=true`);
  } else {
    for (const tag of plan.tags) args.push('--tag', `${plan.repositoryUri}:${tag}`);
    // --load needs a single platform; a multi-platform build that is not pushed stays in the build cache.
    if (plan.push) args.push('--push');
    else if (plan.platforms.length <= 1) args.push('--load');
  }
  args.push(plan.context);
  return args;
}

/** `buildah bud` / `podman build`: one local image, pushed tag by tag afterwards. */
export function buildahBuildArgs(plan: BuildPlan): string[] {
  const args = [plan.builder === 'podman' ? 'build' : 'bud', '--layers', '--file', plan.dockerfile];
  if (plan.isolation) args.push('--isolation', plan.isolation);
  // Sets the created time, the history's times and the layers' file times.
  if (plan.sourceDateEpoch !== undefined) args.push('--timestamp', String(plan.sourceDateEpoch));
  if (plan.network) args.push('--network', plan.network);
  if (plan.authFile) args.push('--authfile', plan.authFile);
  if (plan.target) args.push('--target', plan.target);
  if (plan.platforms.length) args.push('--platform', plan.platforms.join(','));
  args.push(...pairs('--build-arg', plan.buildArgs), ...pairs('--label', plan.labels));
  for (const mount of plan.secrets) args.push('--secret', secretFlag(mount));
  if (plan.cacheRepository) {
    args.push('--cache-from', plan.cacheRepository);
    if (plan.cacheExport) args.push('--cache-to', plan.cacheRepository);
  }
  args.push('--iidfile', plan.iidFile);
  if (plan.tags.length) args.push('--tag', `${plan.repositoryUri}:${plan.tags[0]}`);
  args.push(plan.context);
  return args;
}

/** `buildah push` / `podman push` of the built image to one destination ("docker://..." or "oci:..."). */
export function buildahPushArgs(o: { authFile?: string; digestFile: string; imageId: string; destination: string }): string[] {
  const args = ['push'];
  if (o.authFile) args.push('--authfile', o.authFile);
  args.push('--digestfile', o.digestFile, o.imageId, o.destination);
  return args;
}
