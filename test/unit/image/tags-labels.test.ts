import { creationTime, mergeLabels, ociLabels } from '../../../src/image/labels.js';
import { ecrRegistryHost } from '../../../src/inputs/ecr-host.js';
import { parseRepository } from '../../../src/image/reference.js';
import { resolveTags, sanitizeTag } from '../../../src/image/tags.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('tags', () => {
  test('default is the full commit SHA', () => {
    expect(resolveTags({ explicit: [], sha: SHA, tagBranch: false, tagLatest: false })).toEqual([SHA]);
  });

  test('branch (sanitised) and latest when asked, without duplicates', () => {
    expect(resolveTags({ explicit: [], sha: SHA, branch: 'feature/Login #2', tagBranch: true, tagLatest: true })).toEqual([
      SHA,
      'feature-Login-2',
      'latest',
    ]);
    expect(resolveTags({ explicit: ['v1', 'latest'], tagBranch: false, tagLatest: true })).toEqual(['v1', 'latest']);
  });

  test('sanitising follows Docker tag rules', () => {
    expect(sanitizeTag('.hidden/x.')).toBe('hidden-x');
    expect(sanitizeTag('-/x')).toBe('x');
    expect(sanitizeTag('a'.repeat(200))).toHaveLength(128);
    expect(sanitizeTag('dependabot/npm_and_yarn/lodash-4.17.21')).toBe('dependabot-npm_and_yarn-lodash-4.17.21');
  });

  // The core names the setting; build-push's inputs.ts names the input (BUILD_PUSH_INPUTS).
  test('an invalid explicit tag is a setting error naming the setting', () => {
    expect(() => resolveTags({ explicit: ['-bad'], tagBranch: false, tagLatest: false })).toThrow('Input "tags" has value "-bad"');
    expect(() => resolveTags({ explicit: [], tagBranch: true, tagLatest: false, sha: SHA })).toThrow('Input "tagBranch" is true');
  });
});

describe('labels', () => {
  test('standard OCI labels from the runner environment; user labels override', () => {
    const env = { GITHUB_SERVER_URL: 'https://github.example.com/', GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: SHA };
    const labels = mergeLabels(ociLabels(env, new Date('2024-05-01T10:00:00Z')), [
      ['org.opencontainers.image.source', 'x'],
      ['team', 'web'],
    ]);
    expect(Object.fromEntries(labels)).toEqual({
      'org.opencontainers.image.created': '2024-05-01T10:00:00.000Z',
      'org.opencontainers.image.source': 'x',
      'org.opencontainers.image.revision': SHA,
      team: 'web',
    });
    expect(Object.fromEntries(ociLabels(env, new Date(0)))['org.opencontainers.image.source']).toBe('https://github.example.com/acme/shop');
  });

  test('created is the commit time, so a rebuild of a commit is identical', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    expect(creationTime({}, { head_commit: { timestamp: '2024-05-01T12:00:00+02:00' } }, now).toISOString()).toBe(
      '2024-05-01T10:00:00.000Z',
    );
    expect(creationTime({ SOURCE_DATE_EPOCH: '86400' }, {}, now).toISOString()).toBe('1970-01-02T00:00:00.000Z');
    expect(creationTime({}, {}, now)).toBe(now);
  });
});

describe('repository references', () => {
  test('a bare name is an ECR repository name; a host makes a full reference', () => {
    expect(parseRepository('shop/api')).toEqual({ host: undefined, path: 'shop/api' });
    expect(parseRepository('127.0.0.1:5000/shop')).toEqual({ host: '127.0.0.1:5000', path: 'shop' });
    expect(parseRepository('123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api')).toEqual({
      host: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      path: 'shop/api',
    });
  });

  test('tags, digests and invalid names are rejected with the input named', () => {
    expect(() => parseRepository('shop/api:1')).toThrow('Input "repository" has value "shop/api:1": expected a repository without tag');
    expect(() => parseRepository('ghcr.io/a/b@sha256:00')).toThrow('without tag or digest');
    expect(() => parseRepository('Shop')).toThrow('expected an ECR repository name');
  });

  test('ECR hosts name their account and region', () => {
    expect(ecrRegistryHost('123456789012.dkr.ecr.eu-west-1.amazonaws.com')).toEqual({ registryId: '123456789012', region: 'eu-west-1' });
    expect(ecrRegistryHost('ghcr.io')).toBeUndefined();
  });
});
