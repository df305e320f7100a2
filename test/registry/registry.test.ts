import { existsSync, readFileSync } from 'node:fs';
import { RegistryClient, pushTestImage, sha256 } from './client.js';
import { startRegistry, type Registry } from './registry.js';

let registry: Registry;
let client: RegistryClient;
beforeAll(async () => {
  registry = await startRegistry();
  client = new RegistryClient(registry);
});
afterAll(() => registry?.stop());

test('the registry wants credentials, accepts the generated ones and rejects others', async () => {
  expect(registry.host).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(registry.username).toBe('AWS');
  expect(await client.ping(null)).toBe(401);
  expect(await client.ping()).toBe(200);
  expect(await client.ping(`Basic ${Buffer.from('AWS:wrong').toString('base64')}`)).toBe(401);
});

test('the CA is installed where buildah, podman and skopeo look for it', () => {
  const installed = `/etc/containers/certs.d/${registry.host}/ca.crt`;
  expect(readFileSync(installed, 'utf8')).toBe(readFileSync(registry.caFile, 'utf8'));
});

test('push, list, head, get and re-tag a manifest through the API', async () => {
  expect(await client.listTags('app/web')).toEqual([]);
  const { digest, manifest } = await pushTestImage(client, { repository: 'app/web', tag: 'v1' });
  expect(digest).toBe(sha256(manifest));
  expect(await client.listTags('app/web')).toEqual(['v1']);
  const head = await client.headManifest('app/web', 'v1');
  expect(head).toMatchObject({ digest, mediaType: 'application/vnd.oci.image.manifest.v1+json' });
  const got = await client.getManifest('app/web', digest);
  expect(got?.body).toBe(manifest);
  await client.putManifest({ repository: 'app/web', reference: 'latest', body: got!.body });
  expect(await client.listTags('app/web')).toEqual(['latest', 'v1']);
  expect(await client.headManifest('app/web', 'nope')).toBeUndefined();
  expect(await client.deleteManifest('app/web', digest)).toBe(true);
  expect(await client.listTags('app/web')).toEqual([]);
});

test('stop kills the registry and removes its files and CA', async () => {
  const other = await startRegistry();
  const ca = `/etc/containers/certs.d/${other.host}`;
  expect(existsSync(ca)).toBe(true);
  await other.stop();
  expect(existsSync(ca)).toBe(false);
  expect(existsSync(other.dir)).toBe(false);
  await expect(new RegistryClient({ ...registry, url: other.url }).ping()).rejects.toThrow(/ECONNREFUSED/);
});
