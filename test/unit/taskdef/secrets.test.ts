import { applySecrets, parseSecretReference, resolveSecrets, type SecretCatalog } from '../../../src/taskdef/secrets.js';
import { parameterNames } from '../../../src/taskdef/aws-catalog.js';

const SM = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf';
const SSM = 'arn:aws:ssm:us-east-1:123456789012:parameter/prod/token';

function catalog(): SecretCatalog & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async secretArn(id) {
      asked.push(`sm:${id}`);
      return id === 'prod/db' || id === SM || id === SM.slice(0, -7) ? SM : undefined;
    },
    async parameterArns(names) {
      asked.push(`ssm:${names.join(',')}`);
      return new Map(
        names
          .filter((n) => n === '/prod/token' || n === SSM || n === 'plain')
          .map((n) => [n, n === 'plain' ? SSM.replace('prod/token', 'plain') : SSM]),
      );
    },
  };
}

test('parses every valueFrom form', () => {
  expect(parseSecretReference(`${SM}:password::`)).toEqual({ kind: 'secretsmanager', id: SM, suffix: 'password::', explicitArn: true });
  expect(parseSecretReference(SSM)).toEqual({ kind: 'ssm', id: SSM });
  expect(parseSecretReference('/prod/token')).toEqual({ kind: 'ssm', id: '/prod/token' });
  expect(parseSecretReference('prod/db:password')).toEqual({
    kind: 'secretsmanager',
    id: 'prod/db',
    suffix: 'password::',
    explicitArn: false,
  });
  expect(parseSecretReference('plain')).toEqual({ kind: 'either', id: 'plain' });
  expect(parseSecretReference('arn:aws:s3:::bucket')).toBe('an ARN of a Secrets Manager secret or an SSM parameter');
  expect(parseSecretReference('a:b:c')).toBe('name:json-key with one key');
});

test('resolves names to full ARNs and keeps a JSON key', async () => {
  const resolved = await resolveSecrets(
    [
      ['DB', 'prod/db'],
      ['DB_PASSWORD', 'prod/db:password'],
      ['TOKEN', '/prod/token'],
      ['PLAIN', 'plain'],
      ['ARN', `${SM}:password::`],
    ],
    catalog(),
    'us-east-1',
  );
  expect(resolved.map((s) => [s.name, s.valueFrom])).toEqual([
    ['DB', SM],
    ['DB_PASSWORD', `${SM}:password::`],
    ['TOKEN', SSM],
    ['PLAIN', SSM.replace('prod/token', 'plain')],
    ['ARN', `${SM}:password::`],
  ]);
});

test('every missing secret is named in one error', async () => {
  await expect(
    resolveSecrets(
      [
        ['A', 'prod/dbb'],
        ['B', '/prod/tokn'],
        ['C', 'prod/db'],
      ],
      catalog(),
      'eu-west-1',
    ),
  ).rejects.toMatchObject({
    setting: 'secrets',
    message:
      'Input "secrets" names secrets that do not exist in eu-west-1: A=prod/dbb (no Secrets Manager secret or SSM parameter "prod/dbb"), B=/prod/tokn (no SSM parameter "/prod/tokn").',
  });
});

test('applySecrets replaces by name and appends new ones', () => {
  const container: Record<string, any> = {
    secrets: [
      { name: 'A', valueFrom: 'old' },
      { name: 'B', valueFrom: 'b' },
    ],
  };
  applySecrets(container, [
    { name: 'A', valueFrom: 'new', store: '' },
    { name: 'C', valueFrom: 'c', store: '' },
  ]);
  expect(container.secrets).toEqual([
    { name: 'A', valueFrom: 'new' },
    { name: 'B', valueFrom: 'b' },
    { name: 'C', valueFrom: 'c' },
  ]);
});

describe('parameterNames', () => {
  it('maps an SSM ARN to the names it may mean', () => {
    expect(parameterNames('/prod/db/url')).toEqual(['/prod/db/url']);
    expect(parameterNames('arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db/url')).toEqual(['/prod/db/url']);
    expect(parameterNames('arn:aws:ssm:eu-west-1:123456789012:parameter/token')).toEqual(['token', '/token']);
  });
});
