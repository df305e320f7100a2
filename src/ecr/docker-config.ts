import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { RegistryCredentials } from './token.js';

/**
 * A job-private Docker config: `{"auths": {host: {auth}}}`, the format docker, buildx, buildah,
 * podman and skopeo all read (DOCKER_CONFIG names its directory, REGISTRY_AUTH_FILE the file).
 * Private to the job, so two jobs on one self-hosted runner never log each other out.
 */
export const CONFIG_DIR_PREFIX = 'ecs-ship-docker-config-';

export interface WrittenConfig {
  dir: string;
  file: string;
  /** Hosts carried over from the config that was in effect before (other registries' logins). */
  inherited: string[];
  /** The config they were carried over from. */
  inheritedFrom?: string;
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; [key: string]: unknown }>;
  credHelpers?: Record<string, string>;
  [key: string]: unknown;
}

/** The config file docker would read now: $DOCKER_CONFIG/config.json, else ~/.docker/config.json. */
export function currentDockerConfigFile(env: NodeJS.ProcessEnv): string {
  return join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json');
}

export function writeDockerConfig(o: {
  parentDir: string;
  credentials: RegistryCredentials[];
  /** A config whose other registries' `auths` and `credHelpers` are kept (missing is fine). */
  inheritFrom?: string;
}): WrittenConfig {
  const previous = readConfig(o.inheritFrom);
  const ours = new Set(o.credentials.map((c) => c.host));
  const auths: NonNullable<DockerConfigFile['auths']> = {};
  const inherited: string[] = [];
  for (const [host, entry] of Object.entries(previous.auths ?? {})) {
    if (ours.has(host)) continue;
    auths[host] = entry;
    inherited.push(host);
  }
  for (const c of o.credentials) auths[c.host] = { auth: c.auth };
  const config: DockerConfigFile = { auths };
  // A credential helper for one of our hosts would win over the auths entry: drop it.
  const helpers = Object.entries(previous.credHelpers ?? {}).filter(([host]) => !ours.has(host));
  if (helpers.length) config.credHelpers = Object.fromEntries(helpers);

  const dir = mkdtempSync(join(o.parentDir, CONFIG_DIR_PREFIX));
  chmodSync(dir, 0o700);
  const file = join(dir, 'config.json');
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return { dir, file, inherited, inheritedFrom: o.inheritFrom };
}

function readConfig(path: string | undefined): DockerConfigFile {
  if (!path || !existsSync(path)) return {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8'));
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {}; // an unreadable config is not ours to fix; we only lose what it held
  }
}

/**
 * Deletes a config directory this action wrote, and nothing else: the path must be one of ours
 * (our prefix, directly under RUNNER_TEMP).
 */
export function removeDockerConfig(dir: string, runnerTemp: string): boolean {
  const path = resolve(dir);
  if (!basename(path).startsWith(CONFIG_DIR_PREFIX) || dirname(path) !== resolve(runnerTemp)) return false;
  rmSync(path, { recursive: true, force: true });
  return true;
}
