import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';

/** One exchange of a web identity token for role credentials (STS needs no credentials for it). */
export interface AssumeRoleRequest {
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  webIdentityToken: string;
}

export type AssumeRole = (request: AssumeRoleRequest) => Promise<AwsCredentialIdentity>;

export function stsAssumeRole(sts: STSClient): AssumeRole {
  return async (request) => {
    const { Credentials: c } = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: request.roleArn,
        RoleSessionName: request.sessionName,
        DurationSeconds: request.durationSeconds,
        WebIdentityToken: request.webIdentityToken,
      }),
    );
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('STS answered without credentials');
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  };
}
