import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentDockerConfigFile } from '../ecr/docker-config.js';
import { addTags, findTag, tagDigests } from '../ecr/images.js';
import { describeRepository, type Ecr, type EcrRepository } from '../ecr/repository.js';
import { ActionFailure } from '../errors.js';
import { ecrRegistryHost } from '../inputs/ecr-host.js';
import { invalidSetting } from '../inputs/setting-error.js';
import type { Logger } from '../logger.js';
import { buildahIsolation, chooseBuilder, registryAuthFile, runningInContainer, type BuilderProbe } from './builder.js';
import { cacheReport } from './cache-report.js';
import { resolveCache } from './cache-repository.js';
import { secretMounts, type BuildPlan } from './context.js';
import { runTool, type ToolRunner } from './exec.js';
import { parseRepository, withDigest, withTag } from './reference.js';
import { httpRegistryReader, type RegistryReader } from './registry.js';
import { conflictMessage, conflicts, heldTags, tagIsImmutable } from './tag-policy.js';
import { buildahBuild, commandProbe, dockerBuild, dockerEngineBuild, prepareDockerBuilder } from './tools.js';
import { trustExisting } from './trust.js';
import type { BuildRequest, BuildResult, DockerPath } from './types.js';

export interface BuildPushDeps {
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** An ECR client for a region (undefined: the default region). */
  ecr(region?: string): Ecr;
  runner?: ToolRunner;
  probe?: BuilderProbe;
  inContainer?: boolean;
  now?: () => number;
  /** Reads labels and digests from the registry (default: over HTTPS with the Docker config's credentials). */
  registry?: RegistryReader;
}

interface Target {
  uri: string;
  /** Set when the repository is in ECR: enables the skip check, re-tagging and the immutable-tag check. */
  ecr?: { client: Ecr; repo: EcrRepository };
}

async function resolveTarget(request: BuildRequest, deps: BuildPushDeps): Promise<Target> {
  const { host, path } = parseRepository(request.repository);
  if (!host) {
    const client = deps.ecr();
    const repo = await describeRepository(client, { name: path });
    return { uri: repo.uri, ecr: { client, repo } };
  }
  const registry = ecrRegistryHost(host);
  if (!registry) return { uri: `${host}/${path}` };
  const client = deps.ecr(registry.region);
  const repo = await describeRepository(client, { name: path, registryId: registry.registryId });
  return { uri: repo.uri, ecr: { client, repo } };
}

/** Builds the image and pushes it, or returns the image the commit already has. */
export async function buildPush(request: BuildRequest, deps: BuildPushDeps): Promise<BuildResult> {
  const now = deps.now ?? Date.now;
  const started = now();
  const [primary] = request.tags;
  const target = await resolveTarget(request, deps);
  const base = { repositoryUri: target.uri, image: withTag(target.uri, primary), tags: request.tags };
  const registry = deps.registry ?? httpRegistryReader({ authFile: registryAuthFile(deps.env) ?? currentDockerConfigFile(deps.env) });
  let rebuiltBecause: string | undefined;

  if (request.push && request.skipIfExists) {
    if (target.ecr) {
      const existing = await skipIfExists({ target: target.ecr, request, registry, logger: deps.logger });
      rebuiltBecause = existing.rebuiltBecause;
      const skipped = existing.digest;
      if (skipped) {
        return {
          ...base,
          digest: skipped,
          imageUri: withDigest(target.uri, skipped),
          skipped: true,
          pushed: false,
          durationMs: now() - started,
        };
      }
    } else {
      deps.logger.info(`skip-if-exists needs an ECR repository; ${target.uri} is not one, so the image is built.`);
    }
  }

  const runner = deps.runner ?? runTool;
  const probe = deps.probe ?? commandProbe(runner);
  const builder = await chooseBuilder(request.builder, probe);
  if (builder !== 'docker' && request.platforms.length > 1) {
    throw invalidSetting(
      'platforms',
      request.platforms.join(','),
      `one platform: ${builder} builds one per run here; use builder "docker" for multi-platform images`,
    );
  }
  const dockerPath = builder === 'docker' ? await dockerPathOf(probe, deps.logger) : undefined;
  if (dockerPath === 'engine' && request.platforms.length > 1) {
    throw invalidSetting(
      'platforms',
      request.platforms.join(','),
      'one platform: several platforms need docker buildx, which is not installed here',
    );
  }
  if (request.provenance && dockerPath !== 'buildx')
    deps.logger.warning(`provenance attestations need docker buildx; this build adds none.`);

  // Tags that exist and cannot move are not pushed; they must already point at the new image.
  const existing =
    request.push && target.ecr ? await tagDigests(target.ecr.client, target.ecr.repo, request.tags) : new Map<string, string>();
  const held = target.ecr ? heldTags({ policy: target.ecr.repo, tags: request.tags, existing }) : [];
  const pushTags = request.tags.filter((tag) => !held.includes(tag));

  const tempDir = mkdtempSync(join(deps.env.RUNNER_TEMP || tmpdir(), 'build-push-'));
  try {
    const secrets = secretMounts(request.secrets);
    const plan: BuildPlan = {
      builder,
      repositoryUri: target.uri,
      context: request.context,
      dockerfile: request.dockerfile,
      target: request.target,
      buildArgs: request.buildArgs,
      labels: request.labels,
      platforms: request.platforms,
      secrets: secrets.mounts,
      tags: pushTags,
      push: request.push,
      cacheRepository: await resolveCache({ request, target, registryCache: dockerPath !== 'engine', logger: deps.logger }),
      cacheExport: request.push,
      provenance: request.provenance,
      metadataFile: join(tempDir, 'metadata.json'),
      iidFile: join(tempDir, 'image-id'),
      authFile: builder === 'docker' ? undefined : registryAuthFile(deps.env),
      isolation: builder === 'docker' ? undefined : buildahIsolation(deps.env, deps.inContainer ?? runningInContainer()),
      pushByDigest: dockerPath === 'buildx' && request.push && !pushTags.length,
      dockerPath,
      sourceDateEpoch: request.sourceDateEpoch,
      network: request.network,
    };
    if (dockerPath === 'buildx') {
      plan.dockerBuilder = await prepareDockerBuilder({
        runner,
        logger: deps.logger,
        cache: Boolean(plan.cacheRepository),
        platforms: request.platforms,
      });
    }
    const toolDeps = { runner, logger: deps.logger, secretEnv: secrets.env, tempDir };
    const result =
      dockerPath === 'buildx'
        ? await dockerBuild(plan, toolDeps)
        : dockerPath === 'engine'
          ? await dockerEngineBuild(plan, { ...toolDeps, registry })
          : await buildahBuild(plan, toolDeps);
    const cache = cacheReport(builder, result.output);
    const built = { ...base, builder, dockerPath, rebuiltBecause, cache };
    if (!request.push) return { ...built, skipped: false, pushed: false, durationMs: now() - started };
    if (!result.digest) throw new ActionFailure(`${builder} pushed ${target.uri} but reported no digest.`);

    const conflicting = conflicts({ held, existing, digest: result.digest });
    if (conflicting.length) {
      throw new ActionFailure(conflictMessage({ repository: target.uri, digest: result.digest, conflicts: conflicting, pushed: pushTags }));
    }
    for (const tag of held) deps.logger.info(`Tag ${tag} already points at ${result.digest} (immutable): nothing to push for it.`);
    return {
      ...built,
      digest: result.digest,
      imageUri: withDigest(target.uri, result.digest),
      skipped: false,
      pushed: pushTags.length > 0,
      durationMs: now() - started,
    };
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}

/** buildx when installed; otherwise the engine's own BuildKit, said in the log. */
async function dockerPathOf(probe: BuilderProbe, logger: Logger): Promise<DockerPath> {
  if (await probe.buildxInstalled()) {
    logger.info('docker: building with buildx.');
    return 'buildx';
  }
  logger.info("docker: buildx is not installed; building with the engine's own BuildKit (docker build, then docker push).");
  return 'engine';
}

/**
 * The commit's image already exists and can be trusted (trust.ts): return its digest and point any
 * missing tags at it through the ECR API. Otherwise no digest, and why it is built again.
 */
async function skipIfExists(o: {
  target: { client: Ecr; repo: EcrRepository };
  request: BuildRequest;
  registry: RegistryReader;
  logger: Logger;
}): Promise<{ digest?: string; rebuiltBecause?: string }> {
  const tags = o.request.tags;
  const [primary] = tags;
  const found = await findTag(o.target.client, o.target.repo, primary);
  if (!found) return {};
  const immutableTag = tagIsImmutable(o.target.repo, primary);
  const labels = immutableTag
    ? undefined
    : await o.registry.labels(o.target.repo.uri, found.digest).catch((error: Error) => {
        o.logger.info(`Could not read the labels of ${o.target.repo.uri}@${found.digest}: ${error.message}`);
        return undefined;
      });
  const verdict = trustExisting({ immutableTag, labels, revision: o.request.revision, builtBy: o.request.builtBy });
  if (!verdict.reuse) {
    o.logger.info(`${o.target.repo.uri}:${primary} exists (${found.digest}) but is not reused: ${verdict.why}. Building it again.`);
    return { rebuiltBecause: verdict.why };
  }
  o.logger.info(`${o.target.repo.uri}:${primary} already exists (${found.digest}) and ${verdict.why}: not building.`);
  const missing = tags.filter((tag) => !found.tags.includes(tag));
  const refused = await addTags(o.target.client, { repo: o.target.repo, digest: found.digest, tags: missing });
  for (const tag of missing.filter((t) => !refused.includes(t)))
    o.logger.info(`Tagged ${found.digest} as ${tag} (through the ECR API, no rebuild).`);
  if (refused.length) {
    const existing = await tagDigests(o.target.client, o.target.repo, refused);
    const conflicting = refused.map((tag) => ({ tag, existing: existing.get(tag) ?? 'unknown digest' }));
    throw new ActionFailure(conflictMessage({ repository: o.target.repo.uri, digest: found.digest, conflicts: conflicting, pushed: [] }));
  }
  return { digest: found.digest };
}
