import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBaseImage } from '../../fixtures/base-image.js';

/**
 * Settings for podman (and buildah) in the build-push tests: a containers storage of its own in a
 * scratch folder with the vfs driver (fresh like a new runner's), chroot isolation as a runner
 * inside a container needs, and the example service's base image made in that storage (podman and
 * buildah share it). Nothing keeps running: each command is one process.
 */
export async function containersStorage(dir: string): Promise<Record<string, string>> {
  const conf = join(dir, 'storage.conf');
  writeFileSync(conf, `[storage]\ndriver = "vfs"\ngraphroot = "${dir}/storage"\nrunroot = "${dir}/run"\n`);
  const env = { CONTAINERS_STORAGE_CONF: conf, STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot' };
  await buildBaseImage({ env: { ...process.env, ...env } });
  return env;
}
