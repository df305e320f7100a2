import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startSimulator, simulatorEnv, type Simulator } from '../../test/aws-sim/server.js';
import { startRegistry, type Registry } from '../../test/registry/registry.js';
import { ROOT } from './job.js';

/**
 * What the demo and the benchmarks run against: the AWS simulator, backed by the real registry.
 * The registry's storage can live in a persistent directory, so that a second run finds the image
 * the first one pushed (and build-push skips the build).
 */
export interface Environment {
  sim: Simulator;
  registry: Registry;
  region: string;
  /** The base environment of every step: simulator endpoint, region, fake keys, buildah settings. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export const REGION = 'us-east-1';

/** buildah without a daemon or user namespaces: what works in a container and on CI runners. */
export const BUILDAH_ENV = { STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot' };

/**
 * The user's own container settings reach the steps (the runner passes its whole environment;
 * runAction passes only what it is given), so the base image and the build share one storage.
 */
const PASSED_THROUGH = ['CONTAINERS_STORAGE_CONF', 'CONTAINERS_REGISTRIES_CONF', 'STORAGE_DRIVER', 'BUILDAH_ISOLATION', 'TMPDIR'];

function passedThrough(): Record<string, string> {
  return Object.fromEntries(PASSED_THROUGH.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])));
}

/**
 * The SDK warns on Node < 22 about its support policy; the runner's node24 never sees it, so the
 * demo hides it from its own output and from the steps'.
 */
const QUIET_SDK = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

export async function startEnvironment(options: { registryStorage?: string; env?: Record<string, string> } = {}): Promise<Environment> {
  Object.assign(process.env, QUIET_SDK);
  const registry = await startRegistry({ storageDir: options.registryStorage });
  let sim: Simulator;
  try {
    sim = await startSimulator({ registry });
  } catch (error) {
    await registry.stop();
    throw error;
  }
  let stopped = false;
  return {
    sim,
    registry,
    region: REGION,
    env: { ...simulatorEnv(sim, REGION), ...BUILDAH_ENV, ...passedThrough(), ...QUIET_SDK, ...options.env },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await sim.stop();
      await registry.stop();
    },
  };
}

function listFiles(dir: string, skip: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (skip(path)) continue;
    if (statSync(path).isDirectory()) out.push(...listFiles(path, skip));
    else out.push(path);
  }
  return out;
}

/**
 * A stand-in for the commit SHA: 40 hex digits derived from the build context's content, so the
 * same source gives the same "commit" (and tag) on every run, and any change gives a new one.
 * The task definition templates (.aws/) are not part of the image and do not count.
 */
export function contentSha(dir: string): string {
  const hash = createHash('sha1');
  for (const file of listFiles(dir, (path) => relative(dir, path) === '.aws')) {
    hash.update(relative(dir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export const FIXTURE_DIR = join(ROOT, 'test', 'fixtures', 'service');
