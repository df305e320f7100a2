import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '../errors.js';
import { SettingError } from '../inputs/setting-error.js';
import type { Builder, BuilderChoice } from './types.js';

/** What the builder choice needs to know about the machine (injected, so the choice is unit-tested). */
export interface BuilderProbe {
  /** A Docker engine answers `docker info`. */
  dockerReady(): Promise<boolean>;
  /** The buildx plugin answers `docker buildx version`. */
  buildxInstalled(): Promise<boolean>;
  /** The program is on PATH. */
  installed(program: string): boolean;
}

/** `auto`: docker when a Docker engine answers, otherwise buildah, otherwise podman. */
export async function chooseBuilder(choice: BuilderChoice, probe: BuilderProbe): Promise<Builder> {
  if (choice === 'docker') {
    if (await probe.dockerReady()) return 'docker';
    throw new SettingError(
      'builder',
      (input) => `Input "${input}" is "docker", but no Docker engine answers here (\`docker info\`): use "auto" or "buildah".`,
    );
  }
  if (choice === 'buildah' || choice === 'podman') {
    if (probe.installed(choice)) return choice;
    throw new SettingError('builder', (input) => `Input "${input}" is "${choice}", but ${choice} is not installed on this runner.`);
  }
  if (probe.installed('docker') && (await probe.dockerReady())) return 'docker';
  for (const program of ['buildah', 'podman'] as const) if (probe.installed(program)) return program;
  throw new ConfigurationError(
    'No image builder found: this runner has no answering Docker engine, buildah or podman (GitHub-hosted Ubuntu runners have all three).',
  );
}

export function onPath(program: string, path = process.env.PATH ?? ''): boolean {
  return path.split(':').some((dir) => dir && existsSync(join(dir, program)));
}

/**
 * buildah's default OCI isolation needs a runtime that can create cgroups, which fails inside a
 * container (a self-hosted runner in Docker); chroot isolation works there. BUILDAH_ISOLATION, which
 * buildah reads itself, always wins (as does STORAGE_DRIVER for the storage driver).
 */
export function buildahIsolation(env: NodeJS.ProcessEnv, inContainer: boolean): string | undefined {
  if (env.BUILDAH_ISOLATION) return undefined;
  return inContainer ? 'chroot' : undefined;
}

export function runningInContainer(): boolean {
  return existsSync('/.dockerenv') || existsSync('/run/.containerenv');
}

/**
 * The credentials file for buildah/podman: REGISTRY_AUTH_FILE, else the Docker config ecr-login
 * wrote (same format), else none (their own defaults apply).
 */
export function registryAuthFile(env: NodeJS.ProcessEnv, exists: (path: string) => boolean = existsSync): string | undefined {
  if (env.REGISTRY_AUTH_FILE) return env.REGISTRY_AUTH_FILE;
  const dockerConfig = env.DOCKER_CONFIG ? join(env.DOCKER_CONFIG, 'config.json') : undefined;
  return dockerConfig && exists(dockerConfig) ? dockerConfig : undefined;
}

/**
 * The registry cache needs a buildx builder that can export cache; the default "docker" driver
 * cannot (unless the engine uses the containerd image store), so a docker-container builder is used.
 */
export function needsContainerBuilder(o: { driver: string; cache: boolean; platforms: string[] }): boolean {
  return o.driver === 'docker' && (o.cache || o.platforms.length > 1);
}

/** The driver named in `docker buildx inspect` output ("Driver: docker-container"). */
export function parseBuildxDriver(inspectOutput: string): string {
  return /^Driver:\s*(\S+)/m.exec(inspectOutput)?.[1] ?? 'docker';
}
