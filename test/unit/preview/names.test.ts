import { previewNames, targetGroupName, withPrSuffix } from '../../../src/preview/names.js';

/** ELBv2's rule for target group names (CreateTargetGroup, Name): 1-32 alphanumerics or hyphens, no hyphen at either end, not "internal-". */
const TARGET_GROUP_NAME = /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;
/** ECS's rule for service names and task definition families. */
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;

test('short names read as the base service and the pull request', () => {
  expect(previewNames({ cluster: 'shop', baseService: 'api', family: 'api', pr: 7, domain: 'preview.example.com' })).toEqual({
    service: 'api-pr-7',
    family: 'api-pr-7',
    targetGroup: expect.stringMatching(/^api-pr-7-[0-9a-f]{6}$/),
    host: 'pr-7.preview.example.com',
    environment: 'preview/pr-7',
  });
});

test.each([
  'a',
  'api',
  'checkout-recommendations-service-with-a-very-long-name-eu',
  'under_scores_and--double--hyphens',
  '-leading-hyphen',
  'internal-tools',
  '___',
  'x'.repeat(255),
])('the target group name for %p fits ELBv2 and carries the PR number', (baseService) => {
  for (const pr of [1, 42, 99999, 2147483647]) {
    const name = targetGroupName({ cluster: 'shop', baseService, pr });
    expect(name).toMatch(TARGET_GROUP_NAME);
    expect(name).toContain(`-pr-${pr}-`);
  }
});

test('two long base services sharing their first 40 characters get different target group names', () => {
  const long = 'checkout-recommendations-service-with-a-very-long-name';
  const eu = targetGroupName({ cluster: 'shop', baseService: `${long}-eu`, pr: 8 });
  const us = targetGroupName({ cluster: 'shop', baseService: `${long}-us`, pr: 8 });
  expect(eu).not.toBe(us);
  expect(eu.length).toBeLessThanOrEqual(32);
});

test('the same base service in two clusters gets two target group names (names are per account and region)', () => {
  expect(targetGroupName({ cluster: 'staging', baseService: 'api', pr: 3 })).not.toBe(
    targetGroupName({ cluster: 'prod', baseService: 'api', pr: 3 }),
  );
});

test('names are deterministic: every run finds the same resources', () => {
  const options = { cluster: 'shop', baseService: 'api', family: 'api-task', pr: 12, domain: 'p.example.com' };
  expect(previewNames(options)).toEqual(previewNames(options));
});

test('service and family names stay within 255 characters, cut names stay distinct', () => {
  const a = withPrSuffix(`${'s'.repeat(254)}a`, 123456);
  const b = withPrSuffix(`${'s'.repeat(254)}b`, 123456);
  for (const name of [a, b]) {
    expect(name).toMatch(ECS_NAME);
    expect(name.length).toBe(255);
    expect(name.endsWith('-pr-123456')).toBe(true);
  }
  expect(a).not.toBe(b);
  expect(withPrSuffix('api', 5)).toBe('api-pr-5');
});
