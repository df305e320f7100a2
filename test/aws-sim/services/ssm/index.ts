import { CONTROL_VERBS } from '../../control.js';
import { AwsError } from '../../errors.js';
import type { ServiceDefinition } from '../../types.js';
import { findParameter, parametersIn, putParameter, type ParameterRecord } from './state.js';

/** SecureString values come back encrypted unless WithDecryption is true (a stand-in blob here). */
function shape(parameter: ParameterRecord, withDecryption: boolean, requested: string) {
  const value =
    parameter.type === 'SecureString' && !withDecryption
      ? Buffer.from(`kms-encrypted:${parameter.name}`).toString('base64')
      : parameter.value;
  return {
    Name: requested.startsWith('arn:') ? requested : parameter.name,
    Type: parameter.type,
    Value: value,
    Version: parameter.version,
    LastModifiedDate: parameter.lastModifiedDate,
    ARN: parameter.arn,
    DataType: 'text',
  };
}

export const ssm: ServiceDefinition = {
  signingName: 'ssm',
  protocol: 'json',
  targetPrefix: 'AmazonSSM',
  handlers: {
    GetParameters(input, ctx) {
      const names: string[] = input.Names ?? [];
      if (!names.length || names.length > 10) {
        throw new AwsError(
          'ValidationException',
          `1 validation error detected: Value '[${names.join(', ')}]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10`,
        );
      }
      const Parameters = [];
      const InvalidParameters = [];
      for (const name of names) {
        const parameter = findParameter(ctx.world, name, ctx.region);
        if (parameter) Parameters.push(shape(parameter, Boolean(input.WithDecryption), name));
        else InvalidParameters.push(name);
      }
      return { Parameters, InvalidParameters };
    },
    /** Metadata only, never a value. Supports the Name filter with Equals or BeginsWith. */
    DescribeParameters(input, ctx) {
      const filters: Array<{ Key: string; Option?: string; Values: string[] }> = input.ParameterFilters ?? [];
      for (const filter of filters) {
        if (filter.Key !== 'Name')
          throw new AwsError('InvalidFilterKey', `The simulator supports only the Name filter, not ${filter.Key}.`);
        if ((filter.Values ?? []).length > 50) {
          throw new AwsError('InvalidFilterValue', 'The following filter values are not valid: a filter has more than 50 values.');
        }
      }
      const matches = (parameter: ParameterRecord) =>
        filters.every(({ Option = 'Equals', Values }) =>
          Values.some((v) => (Option === 'BeginsWith' ? parameter.name.startsWith(v) : parameter.name === v)),
        );
      const all = parametersIn(ctx.world, ctx.region)
        .filter(matches)
        .sort((a, b) => a.name.localeCompare(b.name));
      const start = input.NextToken ? Number(input.NextToken) : 0;
      const max = Number(input.MaxResults ?? 50);
      return {
        Parameters: all.slice(start, start + max).map((p) => ({
          Name: p.name,
          // ARN is optional in the API; the omitParameterArn mode leaves it out, as a third-party emulator does.
          ...(ctx.modes.omitParameterArn ? {} : { ARN: p.arn }),
          Type: p.type,
          Version: p.version,
          LastModifiedDate: p.lastModifiedDate,
          DataType: 'text',
        })),
        ...(start + max < all.length ? { NextToken: String(start + max) } : {}),
      };
    },
    GetParameter(input, ctx) {
      const name = String(input.Name ?? '');
      const parameter = findParameter(ctx.world, name, ctx.region);
      if (!parameter) throw new AwsError('ParameterNotFound', '');
      return { Parameter: shape(parameter, Boolean(input.WithDecryption), name) };
    },
  },
};

/** POST /_sim/ssm/parameter {name, value, type?, region?} -> {arn}. */
CONTROL_VERBS.set('ssm/parameter', (world, body) => ({ arn: putParameter(world, body) }));
