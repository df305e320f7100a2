import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addTags, findTag, tagDigests } from '../ecr/images.js';
import { describeRepository, type Ecr, type EcrRepository } from '../ecr/repository.js';
import { ActionFailure } from '../errors.js';
import { ecrRegistryHost } from '../inputs/ecr-host.js';
import { invalidSetting } from '../inputs/setting-error.js';
import type { Logger } from '../logger.js';
import { buildahIsolation, chooseBuilder, registryAuthFile, runningInContainer, type BuilderProbe } from './builder.js';
import { cacheReport } from './cache-report.js';
import { secretMounts, type BuildPlan } from './context.js';
import { runTool, type ToolRunner } from './exec.js';
import { parseRepository, withDigest, withTag } from './reference.js';
import { conflictMessage, conflicts, heldTags } from './tag-policy.js';
import { buildahBuild, commandProbe, dockerBuild, prepareDockerBuilder } from './tools.js';
import type { BuildRequest, BuildResult } from './types.js';

export interface BuildPushDeps {
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** An ECR client for a region (undefined: the default region). */
  ecr(region?: string): Ecr;
  runner?: ToolRunner;
  probe?: BuilderProbe;
  inContainer?: boolean;
  now?: () => number;
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

  if (request.push && request.skipIfExists) {
    if (target.ecr) {
      const skipped = await skipIfExists({ target: target.ecr, tags: request.tags, logger: deps.logger });
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
  const builder = await chooseBuilder(request.builder, deps.probe ?? commandProbe(runner));
  if (builder !== 'docker' && request.platforms.length > 1) {
    throw invalidSetting(
      'platforms',
      request.platforms.join(','),
      `one platform: ${builder} builds one per run here; use builder "docker" for multi-platform images`,
    );
  }
  if (builder !== 'docker' && request.provenance) deps.logger.warning(`provenance attestations need docker buildx; ${builder} adds none.`);

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
      cacheRepository: request.cache ? (request.cacheRepository ?? target.uri) : undefined,
      cacheExport: request.push,
      provenance: request.provenance,
      metadataFile: join(tempDir, 'metadata.json'),
      iidFile: join(tempDir, 'image-id'),
      authFile: builder === 'docker' ? undefined : registryAuthFile(deps.env),
      isolation: builder === 'docker' ? undefined : buildahIsolation(deps.env, deps.inContainer ?? runningInContainer()),
      pushByDigest: builder === 'docker' && request.push && !pushTags.length,
    };
    if (builder === 'docker') {
      plan.dockerBuilder = await prepareDockerBuilder({ runner, logger: deps.logger, cache: request.cache, platforms: request.platforms });
    }
    const toolDeps = { runner, logger: deps.logger, secretEnv: secrets.env, tempDir };
    const result = builder === 'docker' ? await dockerBuild(plan, toolDeps) : await buildahBuild(plan, toolDeps);
    const cache = cacheReport(builder, result.output);
    if (!request.push) return { ...base, builder, skipped: false, pushed: false, cache, durationMs: now() - started };
    if (!result.digest) throw new ActionFailure(`${builder} pushed ${target.uri} but reported no digest.`);

    const conflicting = conflicts({ held, existing, digest: result.digest });
    if (conflicting.length) {
      throw new ActionFailure(conflictMessage({ repository: target.uri, digest: result.digest, conflicts: conflicting, pushed: pushTags }));
    }
    for (const tag of held) deps.logger.info(`Tag ${tag} already points at ${result.digest} (immutable): nothing to push for it.`);
    return {
      ...base,
      builder,
      digest: result.digest,
      imageUri: withDigest(target.uri, result.digest),
      skipped: false,
      pushed: pushTags.length > 0,
      cache,
      durationMs: now() - started,
    };
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}

/**
 * The commit's image already exists: return its digest and point any missing tags at it through
 * the ECR API. Returns undefined when the primary tag does not exist yet.
 */
async function skipIfExists(o: {
  target: { client: Ecr; repo: EcrRepository };
  tags: string[];
  logger: Logger;
}): Promise<string | undefined> {
  const [primary] = o.tags;
  const found = await findTag(o.target.client, o.target.repo, primary);
  if (!found) return undefined;
  o.logger.info(`${o.target.repo.uri}:${primary} already exists (${found.digest}): not building.`);
  const missing = o.tags.filter((tag) => !found.tags.includes(tag));
  const refused = await addTags(o.target.client, { repo: o.target.repo, digest: found.digest, tags: missing });
  for (const tag of missing.filter((t) => !refused.includes(t)))
    o.logger.info(`Tagged ${found.digest} as ${tag} (through the ECR API, no rebuild).`);
  if (refused.length) {
    const existing = await tagDigests(o.target.client, o.target.repo, refused);
    const conflicting = refused.map((tag) => ({ tag, existing: existing.get(tag) ?? 'unknown digest' }));
    throw new ActionFailure(conflictMessage({ repository: o.target.repo.uri, digest: found.digest, conflicts: conflicting, pushed: [] }));
  }
  return found.digest;
}
