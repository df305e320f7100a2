import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActionFailure } from '../errors.js';
import type { Logger } from '../logger.js';
import { needsContainerBuilder, onPath, parseBuildxDriver, type BuilderProbe } from './builder.js';
import { buildahBuildArgs, buildahPushArgs, dockerBuildArgs, dockerEngineBuildArgs, type BuildPlan } from './context.js';
import { lastLines, type ToolRunner } from './exec.js';
import type { RegistryReader } from './registry.js';

/** Running the builders: build (and push) with one tool, returning what the registry now holds. */

export interface ToolDeps {
  runner: ToolRunner;
  logger: Logger;
  /** Variables for the builder process only (secret values). */
  secretEnv: Record<string, string>;
  tempDir: string;
}

export interface ToolResult {
  /** Digest of the pushed manifest (or, with nothing to push, of the manifest that would be pushed). */
  digest?: string;
  output: string;
}

const IMMUTABLE_PUSH = /cannot be overwritten because the (?:repository|tag) is immutable/i;

function failure(what: string, code: number, output: string): ActionFailure {
  // A registry's own immutable-tag refusal (ECR says so when a tag was taken after our check).
  const immutable = output.split('\n').find((line) => IMMUTABLE_PUSH.test(line));
  if (immutable) {
    return new ActionFailure(
      `${what} was refused: ${immutable.trim()} Use a tag that is new for each build (the commit SHA), or make the tag mutable.`,
    );
  }
  return new ActionFailure(`${what} failed (exit code ${code}): ${lastLines(output)}`);
}

export function readDigestFile(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  const digest = readFileSync(path, 'utf8').trim();
  return /^sha256:[0-9a-f]{64}$/.test(digest) ? digest : undefined;
}

/** buildx's --metadata-file: {"containerimage.digest": "sha256:..."}. */
export function readDockerMetadata(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  const metadata = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const digest = metadata['containerimage.digest'];
  return typeof digest === 'string' ? digest : undefined;
}

export function commandProbe(runner: ToolRunner): BuilderProbe {
  return {
    installed: (program) => onPath(program),
    async dockerReady() {
      if (!onPath('docker')) return false;
      const info = await runner({ program: 'docker', args: ['info', '--format', '{{.ServerVersion}}'], timeoutMs: 15_000 });
      return info.code === 0;
    },
    async buildxInstalled() {
      const buildx = await runner({ program: 'docker', args: ['buildx', 'version'], timeoutMs: 15_000 });
      return buildx.code === 0;
    },
  };
}

export const CONTAINER_BUILDER = 'ecs-ship';

/** The buildx builder to pass with --builder, creating a docker-container one when the cache needs it. */
export async function prepareDockerBuilder(o: {
  runner: ToolRunner;
  logger: Logger;
  cache: boolean;
  platforms: string[];
}): Promise<string | undefined> {
  const current = await o.runner({ program: 'docker', args: ['buildx', 'inspect'] });
  if (!needsContainerBuilder({ driver: parseBuildxDriver(current.output), cache: o.cache, platforms: o.platforms })) return undefined;
  const existing = await o.runner({ program: 'docker', args: ['buildx', 'inspect', CONTAINER_BUILDER] });
  if (existing.code !== 0) {
    o.logger.info(
      `Creating buildx builder "${CONTAINER_BUILDER}" (docker-container driver: the default driver cannot export a registry cache)`,
    );
    const args = ['buildx', 'create', '--name', CONTAINER_BUILDER, '--driver', 'docker-container', '--bootstrap'];
    const created = await o.runner({ program: 'docker', args });
    if (created.code !== 0) throw failure('docker buildx create', created.code, created.output);
  }
  return CONTAINER_BUILDER;
}

export async function dockerBuild(plan: BuildPlan, deps: ToolDeps): Promise<ToolResult> {
  const args = dockerBuildArgs(plan);
  const run = await deps.logger.group(`docker ${args.slice(0, 2).join(' ')} ${plan.context}`, () =>
    deps.runner({ program: 'docker', args, env: deps.secretEnv, logger: deps.logger }),
  );
  if (run.code !== 0) throw failure('docker buildx build', run.code, run.output);
  return { digest: plan.push ? readDockerMetadata(plan.metadataFile) : undefined, output: run.output };
}

/**
 * docker without buildx: the engine's own BuildKit builds a local image (DOCKER_BUILDKIT=1), `docker
 * push` pushes each tag, and the digest is read back from the registry (`docker build` reports none).
 */
export async function dockerEngineBuild(plan: BuildPlan, deps: ToolDeps & { registry: RegistryReader }): Promise<ToolResult> {
  const args = dockerEngineBuildArgs(plan);
  const env = { ...deps.secretEnv, DOCKER_BUILDKIT: '1' };
  const run = await deps.logger.group(`docker build ${plan.context}`, () =>
    deps.runner({ program: 'docker', args, env, logger: deps.logger }),
  );
  if (run.code !== 0) throw failure('docker build', run.code, run.output);
  if (!plan.push) return { output: run.output };
  if (!plan.tags.length) {
    throw new ActionFailure(
      `Every tag already exists in an immutable repository, and without buildx the digest of this build cannot be learnt without pushing a tag: install buildx or use a new tag.`,
    );
  }
  for (const tag of plan.tags) {
    const reference = `${plan.repositoryUri}:${tag}`;
    const push = await deps.logger.group(`docker push ${reference}`, () =>
      deps.runner({ program: 'docker', args: ['push', reference], logger: deps.logger }),
    );
    if (push.code !== 0) throw failure(`docker push ${reference}`, push.code, push.output);
  }
  return { digest: await deps.registry.digest(plan.repositoryUri, plan.tags[0]), output: run.output };
}

/** buildah or podman: build one local image, then push it to each tag (layers are uploaded once). */
export async function buildahBuild(plan: BuildPlan, deps: ToolDeps): Promise<ToolResult> {
  const program = plan.builder;
  const args = buildahBuildArgs(plan);
  const run = await deps.logger.group(`${program} ${args[0]} ${plan.context}`, () =>
    deps.runner({ program, args, env: deps.secretEnv, logger: deps.logger }),
  );
  if (run.code !== 0) throw failure(`${program} ${args[0]}`, run.code, run.output);
  const imageId = existsSync(plan.iidFile) ? readFileSync(plan.iidFile, 'utf8').trim() : '';
  if (!imageId) throw new ActionFailure(`${program} ${args[0]} succeeded but wrote no image ID to ${plan.iidFile}.`);
  if (!plan.push) return { output: run.output };

  const destinations = plan.tags.map((tag) => `docker://${plan.repositoryUri}:${tag}`);
  // Every tag is held by an immutable one: compute the digest a push would produce, locally.
  if (!destinations.length) destinations.push(`oci:${join(deps.tempDir, 'oci-layout')}:digest`);
  let digest: string | undefined;
  for (const [index, destination] of destinations.entries()) {
    const digestFile = join(deps.tempDir, `digest-${index}`);
    const pushArgs = buildahPushArgs({ authFile: plan.authFile, digestFile, imageId, destination });
    const push = await deps.logger.group(`${program} push ${destination}`, () =>
      deps.runner({ program, args: pushArgs, logger: deps.logger }),
    );
    if (push.code !== 0) throw failure(`${program} push ${destination}`, push.code, push.output);
    digest = readDigestFile(digestFile) ?? digest;
  }
  return { digest, output: run.output };
}
