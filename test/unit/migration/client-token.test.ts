import { migrationClientToken, stableJson } from '../../../src/migration/client-token.js';

const env = {
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: 'deploy',
  GITHUB_ACTION: 'migrate',
};
const request = { cluster: 'shop', taskDefinition: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop:7', count: 1 };

test('the same request in the same step of the same run attempt gets the same token', () => {
  const token = migrationClientToken(request, env);
  expect(migrationClientToken({ count: 1, taskDefinition: request.taskDefinition, cluster: 'shop' }, { ...env })).toBe(token);
  expect(token.length).toBeLessThanOrEqual(64);
  expect(token).toMatch(/^[a-z0-9-]+$/);
});

test('a new attempt, another step, another job or another request gets another token', () => {
  const token = migrationClientToken(request, env);
  expect(migrationClientToken(request, { ...env, GITHUB_RUN_ATTEMPT: '2' })).not.toBe(token);
  expect(migrationClientToken(request, { ...env, GITHUB_ACTION: 'migrate-2' })).not.toBe(token);
  expect(migrationClientToken(request, { ...env, GITHUB_JOB: 'other' })).not.toBe(token);
  expect(migrationClientToken({ ...request, overrides: { containerOverrides: [{ name: 'm', command: ['x'] }] } }, env)).not.toBe(token);
});

test('outside GitHub Actions every invocation gets its own token', () => {
  expect(migrationClientToken(request, {})).not.toBe(migrationClientToken(request, {}));
});

test('stable JSON sorts keys at every level and skips undefined', () => {
  expect(stableJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
});
