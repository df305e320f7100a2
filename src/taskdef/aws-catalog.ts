import { DescribeSecretCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { AwsContext } from '../aws/clients.js';
import type { SecretCatalog } from './secrets.js';

const GET_PARAMETERS_LIMIT = 10;

/**
 * The SecretCatalog over Secrets Manager DescribeSecret and SSM GetParameters. GetParameters is
 * called without decryption and only the ARNs are kept: no value leaves this function.
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
      for (let i = 0; i < namesOrArns.length; i += GET_PARAMETERS_LIMIT) {
        const batch = namesOrArns.slice(i, i + GET_PARAMETERS_LIMIT);
        const answer = await aws.client(SSMClient).send(new GetParametersCommand({ Names: batch, WithDecryption: false }));
        for (const requested of batch) {
          const found = answer.Parameters?.find((p) => p.Name === requested || p.ARN === requested);
          if (found?.ARN) arns.set(requested, found.ARN);
        }
      }
      return arns;
    },
  };
}
