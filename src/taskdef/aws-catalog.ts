import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { paginateDescribeParameters, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsContext } from '../aws/clients.js';
import { errorName } from '../aws/error-kind.js';
import type { SecretCatalog } from './secrets.js';

/** DescribeParameters takes at most 50 values in one filter. */
const NAMES_PER_FILTER = 50;

/**
 * The SecretCatalog over Secrets Manager DescribeSecret and SSM DescribeParameters: both answer
 * with metadata only, so no secret value is ever read (and the deploy role needs no permission to
 * read one: secretsmanager:DescribeSecret and ssm:DescribeParameters are enough). A reference
 * given as an ARN is looked up in the ARN's region, with a client for that region.
 */
export function awsSecretCatalog(aws: AwsContext): SecretCatalog {
  const account = lazyAccountId(aws);
  return {
    async secretArn(secretId) {
      const region = arnRegion(secretId) ?? aws.region;
      try {
        const secret = await aws.client(SecretsManagerClient, { region }).send(new DescribeSecretCommand({ SecretId: secretId }));
        return secret.ARN;
      } catch (error) {
        if (errorName(error) === 'ResourceNotFoundException') return undefined;
        throw error;
      }
    },
    async parameterArns(namesOrArns) {
      const arns = new Map<string, string>();
      const byRegion = new Map<string, string[]>();
      for (const requested of namesOrArns) {
        const region = arnRegion(requested) ?? aws.region;
        byRegion.set(region, [...(byRegion.get(region) ?? []), requested]);
      }
      for (const [region, requests] of byRegion) {
        const candidates = new Map(requests.map((requested) => [requested, parameterNames(requested)]));
        const found = await describeParameters(aws, region, [...new Set([...candidates.values()].flat())]);
        for (const [requested, options] of candidates) {
          for (const name of options) {
            if (!found.has(name)) continue;
            // ARN is optional in DescribeParameters' answer (a third-party emulator leaves it out).
            const arn = found.get(name) || parameterArn({ region, account: arnAccount(requested) ?? (await account()), name });
            if (!requested.startsWith('arn:') || arn === requested) {
              arns.set(requested, arn);
              break;
            }
          }
        }
      }
      return arns;
    },
  };
}

/** name -> ARN ('' when the answer has none) for the parameters that exist in `region`. */
async function describeParameters(aws: AwsContext, region: string, names: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const client = aws.client(SSMClient, { region });
  for (let i = 0; i < names.length; i += NAMES_PER_FILTER) {
    const filter = { Key: 'Name', Option: 'Equals', Values: names.slice(i, i + NAMES_PER_FILTER) };
    for await (const page of paginateDescribeParameters({ client }, { ParameterFilters: [filter] })) {
      for (const parameter of page.Parameters ?? []) if (parameter.Name) found.set(parameter.Name, parameter.ARN ?? '');
    }
  }
  return found;
}

/** The caller's account, asked of STS once and only when an ARN has to be built. */
function lazyAccountId(aws: AwsContext): () => Promise<string> {
  let account: Promise<string> | undefined;
  return () => {
    account ??= aws
      .client(STSClient)
      .send(new GetCallerIdentityCommand({}))
      .then((identity) => identity.Account ?? '');
    return account;
  };
}

/** arn:<partition>:ssm:<region>:<account>:parameter/<name without its leading slash>. */
export function parameterArn(parts: { region: string; account: string; name: string }): string {
  return `arn:${partitionOf(parts.region)}:ssm:${parts.region}:${parts.account}:parameter/${parts.name.replace(/^\//, '')}`;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

const arnRegion = (reference: string) => (reference.startsWith('arn:') ? reference.split(':')[3] || undefined : undefined);
const arnAccount = (reference: string) => (reference.startsWith('arn:') ? reference.split(':')[4] || undefined : undefined);

/**
 * The parameter names a reference may mean. An ARN's "parameter/a/b" is the name "/a/b", and its
 * "parameter/x" is "x" or "/x" (AWS writes both without the leading slash).
 */
export function parameterNames(nameOrArn: string): string[] {
  const path = /^arn:aws[a-z-]*:ssm:[^:]*:\d{12}:parameter\/(.+)$/.exec(nameOrArn)?.[1];
  if (path === undefined) return [nameOrArn];
  return path.includes('/') ? [`/${path}`] : [path, `/${path}`];
}
