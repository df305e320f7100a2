import { CONTROL_VERBS } from '../../control.js';
import { AwsError } from '../../errors.js';
import type { ServiceDefinition } from '../../types.js';
import { findSecret, putSecret, secretsIn, type SecretRecord } from './state.js';

const notFound = () => new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");

/** Metadata only: like DescribeSecret and ListSecrets, never the value. */
function metadata(secret: SecretRecord) {
  return {
    ARN: secret.arn,
    Name: secret.name,
    CreatedDate: secret.createdDate,
    LastChangedDate: secret.createdDate,
    ...(secret.description ? { Description: secret.description } : {}),
    Tags: secret.tags,
    VersionIdsToStages: { 'simulated-version-1': ['AWSCURRENT'] },
  };
}

type Filter = { Key: string; Values: string[] };

function matches(secret: SecretRecord, filters: Filter[]): boolean {
  return filters.every(({ Key, Values }) => {
    const field = Key === 'name' ? secret.name : Key === 'description' ? (secret.description ?? '') : undefined;
    if (field === undefined) return Key === 'all' ? Values.some((v) => secret.name.startsWith(v)) : true;
    // Filters match by prefix; a leading "!" negates.
    return Values.some((v) => (v.startsWith('!') ? !field.startsWith(v.slice(1)) : field.startsWith(v)));
  });
}

export const secretsmanager: ServiceDefinition = {
  signingName: 'secretsmanager',
  protocol: 'json',
  targetPrefix: 'secretsmanager',
  handlers: {
    CreateSecret(input, ctx) {
      const name = String(input.Name ?? '');
      if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) {
        throw new AwsError(
          'ValidationException',
          'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
        );
      }
      if (findSecret(ctx.world, name, ctx.region)) {
        throw new AwsError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
      }
      const arn = putSecret(ctx.world, {
        name,
        value: String(input.SecretString ?? ''),
        region: ctx.region,
        description: input.Description,
      });
      return { ARN: arn, Name: name, VersionId: 'simulated-version-1' };
    },
    DescribeSecret(input, ctx) {
      const secret = findSecret(ctx.world, String(input.SecretId ?? ''), ctx.region);
      if (!secret) throw notFound();
      return metadata(secret);
    },
    ListSecrets(input, ctx) {
      const all = secretsIn(ctx.world, ctx.region)
        .filter((s) => matches(s, input.Filters ?? []))
        .sort((a, b) => a.name.localeCompare(b.name));
      const start = input.NextToken ? Number(input.NextToken) : 0;
      const max = Number(input.MaxResults ?? 100);
      const page = all.slice(start, start + max);
      return {
        SecretList: page.map(metadata),
        ...(start + max < all.length ? { NextToken: String(start + max) } : {}),
      };
    },
  },
};

/** POST /_sim/secretsmanager/secret {name, value, region?} -> {arn}. */
CONTROL_VERBS.set('secretsmanager/secret', (world, body) => ({ arn: putSecret(world, body) }));
