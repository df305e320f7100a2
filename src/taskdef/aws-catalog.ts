import { DescribeSecretCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { paginateDescribeParameters, SSMClient } from '@aws-sdk/client-ssm';
import type { AwsContext } from '../aws/clients.js';
import type { SecretCatalog } from './secrets.js';

/** DescribeParameters takes at most 50 values in one filter. */
const NAMES_PER_FILTER = 50;

/**
 * The SecretCatalog over Secrets Manager DescribeSecret and SSM DescribeParameters: both answer
 * with metadata only, so no secret value is ever read (and the deploy role needs no permission to
 * read one: secretsmanager:DescribeSecret and ssm:DescribeParameters are enough).
 */
export function awsSecretCatalog(aws: AwsContext): SecretCatalog {
  return {
    async secretArn(secretId) {
      try {
        const secret = await aws.client(SecretsManagerClient).send(new DescribeSecretCommand({ SecretId: secretId }));
        return secret.ARN;
      } catch (error) {
        if (error instanceof ResourceNotFoundException) return undefined;
        throw error;
      }
    },
    async parameterArns(namesOrArns) {
      const arns = new Map<string, string>();
      const candidates = new Map(namesOrArns.map((requested) => [requested, parameterNames(requested)]));
      const names = [...new Set([...candidates.values()].flat())];
      const found = new Map<string, string>();
      for (let i = 0; i < names.length; i += NAMES_PER_FILTER) {
        const filter = { Key: 'Name', Option: 'Equals', Values: names.slice(i, i + NAMES_PER_FILTER) };
        for await (const page of paginateDescribeParameters({ client: aws.client(SSMClient) }, { ParameterFilters: [filter] })) {
          for (const parameter of page.Parameters ?? []) if (parameter.Name && parameter.ARN) found.set(parameter.Name, parameter.ARN);
        }
      }
      for (const [requested, options] of candidates) {
        const arn = options.map((name) => found.get(name)).find((a) => a && (!requested.startsWith('arn:') || a === requested));
        if (arn) arns.set(requested, arn);
      }
      return arns;
    },
  };
}

/**
 * The parameter names a reference may mean. An ARN's "parameter/a/b" is the name "/a/b", and its
 * "parameter/x" is "x" or "/x" (AWS writes both without the leading slash).
 */
export function parameterNames(nameOrArn: string): string[] {
  const path = /^arn:aws[a-z-]*:ssm:[^:]*:\d{12}:parameter\/(.+)$/.exec(nameOrArn)?.[1];
  if (path === undefined) return [nameOrArn];
  return path.includes('/') ? [`/${path}`] : [path, `/${path}`];
}
