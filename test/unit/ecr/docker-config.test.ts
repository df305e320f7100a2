import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentDockerConfigFile, removeDockerConfig, writeDockerConfig } from '../../../src/ecr/docker-config.js';
import { keepLastImagesPolicy } from '../../../src/ecr/lifecycle-policy.js';
import { decodeAuthorization } from '../../../src/ecr/token.js';

let temp: string;
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'ecr-config-test-'));
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

const creds = (host: string, password = 'secret-pass') => ({
  host,
  region: 'us-east-1',
  username: 'AWS',
  password,
  auth: Buffer.from(`AWS:${password}`).toString('base64'),
});

test('writes {"auths": {host: {auth}}} readable only by the job user', () => {
  const written = writeDockerConfig({ parentDir: temp, credentials: [creds('a.example'), creds('b.example', 'other')] });
  expect(JSON.parse(readFileSync(written.file, 'utf8'))).toEqual({
    auths: {
      'a.example': { auth: Buffer.from('AWS:secret-pass').toString('base64') },
      'b.example': { auth: Buffer.from('AWS:other').toString('base64') },
    },
  });
  expect(statSync(written.file).mode & 0o777).toBe(0o600);
  expect(statSync(written.dir).mode & 0o777).toBe(0o700);
  expect(written.file).toBe(join(written.dir, 'config.json'));
});

test('keeps other registries from the config in effect, replacing ours and dropping our credHelpers', () => {
  const previous = join(temp, 'previous.json');
  writeFileSync(
    previous,
    JSON.stringify({
      auths: { 'ghcr.io': { auth: 'Z2g6eA==' }, 'a.example': { auth: 'b2xk' } },
      credHelpers: { 'a.example': 'ecr-login', 'gcr.io': 'gcloud' },
      credsStore: 'desktop',
    }),
  );
  const written = writeDockerConfig({ parentDir: temp, credentials: [creds('a.example')], inheritFrom: previous });
  expect(JSON.parse(readFileSync(written.file, 'utf8'))).toEqual({
    auths: { 'ghcr.io': { auth: 'Z2g6eA==' }, 'a.example': { auth: creds('a.example').auth } },
    credHelpers: { 'gcr.io': 'gcloud' },
  });
  expect(written.inherited).toEqual(['ghcr.io']);
});

test('a missing or broken previous config is ignored', () => {
  const broken = join(temp, 'broken.json');
  writeFileSync(broken, '{not json');
  for (const inheritFrom of [broken, join(temp, 'missing.json')]) {
    const written = writeDockerConfig({ parentDir: temp, credentials: [creds('a.example')], inheritFrom });
    expect(Object.keys(JSON.parse(readFileSync(written.file, 'utf8')).auths)).toEqual(['a.example']);
  }
});

test('removeDockerConfig deletes only a directory this action wrote under RUNNER_TEMP', () => {
  const written = writeDockerConfig({ parentDir: temp, credentials: [creds('a.example')] });
  const foreign = join(temp, 'someone-else');
  mkdirSync(foreign);
  expect(removeDockerConfig(foreign, temp)).toBe(false);
  expect(existsSync(foreign)).toBe(true);
  expect(removeDockerConfig(written.dir, join(temp, 'elsewhere'))).toBe(false);
  expect(existsSync(written.dir)).toBe(true);
  expect(removeDockerConfig(written.dir, temp)).toBe(true);
  expect(existsSync(written.dir)).toBe(false);
});

test('currentDockerConfigFile follows DOCKER_CONFIG, else ~/.docker', () => {
  expect(currentDockerConfigFile({ DOCKER_CONFIG: '/x/y' })).toBe('/x/y/config.json');
  expect(currentDockerConfigFile({})).toMatch(/\.docker\/config\.json$/);
});

test('decodeAuthorization splits ECR tokens at the first colon and strips the scheme', () => {
  const token = Buffer.from('AWS:pa:ss').toString('base64');
  expect(decodeAuthorization({ authorizationToken: token, proxyEndpoint: 'https://1.dkr.ecr.x/' }, 'x')).toMatchObject({
    host: '1.dkr.ecr.x',
    username: 'AWS',
    password: 'pa:ss',
    auth: token,
  });
  expect(() =>
    decodeAuthorization({ authorizationToken: Buffer.from('nocolon').toString('base64'), proxyEndpoint: 'https://h' }, 'x'),
  ).toThrow(/not "user:password"/);
});

test('keepLastImagesPolicy expires all but the newest N images', () => {
  expect(JSON.parse(keepLastImagesPolicy(30)).rules).toEqual([
    expect.objectContaining({
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 },
      action: { type: 'expire' },
    }),
  ]);
});
