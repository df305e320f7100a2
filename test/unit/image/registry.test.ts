import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpRegistryReader } from '../../../src/image/registry.js';
import { MEDIA_TYPES, RegistryClient } from '../../registry/client.js';
import { startRegistry, type Registry } from '../../registry/registry.js';

/**
 * The registry reader against the real registry (TLS from a private CA, htpasswd): it trusts the CA
 * from /etc/containers/certs.d as the container tools do, and logs in with the Docker config's auths.
 */

let registry: Registry;
let dir: string;
let authFile: string;

beforeAll(async () => {
  registry = await startRegistry();
  dir = mkdtempSync(join(tmpdir(), 'registry-reader-'));
  authFile = join(dir, 'config.json');
  const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
  writeFileSync(authFile, JSON.stringify({ auths: { [registry.host]: { auth } } }));
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function pushImage(labels: Record<string, string>, tag: string): Promise<string> {
  const client = new RegistryClient(registry);
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: { Labels: labels },
    rootfs: { type: 'layers', diff_ids: [] },
  });
  const configDigest = await client.pushBlob('shop', config);
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: MEDIA_TYPES.ociConfig, digest: configDigest, size: Buffer.byteLength(config) },
    layers: [],
  };
  return client.putManifest({ repository: 'shop', reference: tag, body: JSON.stringify(manifest) });
}

test('reads the digest a tag points at and the image labels, with the Docker config credentials', async () => {
  const digest = await pushImage({ 'org.opencontainers.image.revision': 'abc' }, 'abc');
  const reader = httpRegistryReader({ authFile });
  expect(await reader.digest(`${registry.host}/shop`, 'abc')).toBe(digest);
  expect(await reader.labels(`${registry.host}/shop`, digest)).toEqual({ 'org.opencontainers.image.revision': 'abc' });
  expect(await reader.digest(`${registry.host}/shop`, 'missing')).toBeUndefined();
});

test('without credentials the registry refuses, and the reader says so', async () => {
  const reader = httpRegistryReader({ authFile: join(dir, 'none.json') });
  await expect(reader.digest(`${registry.host}/shop`, 'abc')).rejects.toThrow(
    `HEAD https://${registry.host}/v2/shop/manifests/abc: HTTP 401`,
  );
});
