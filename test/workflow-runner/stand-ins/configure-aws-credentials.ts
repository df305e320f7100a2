import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { issueIdToken } from '../../aws-sim/services/sts/oidc.js';
import type { World } from '../../aws-sim/world.js';
import { grants } from '../permissions.js';
import type { ActionHandler, StandInStep } from '../types.js';

/**
 * aws-actions/configure-aws-credentials through the simulator: with `role-to-assume` and the job's
 * `id-token: write`, it asks for the job's OIDC token (claims as GitHub issues them: sub per
 * environment, job_workflow_ref) and calls the simulated STS AssumeRoleWithWebIdentity; without
 * the permission it fails as the real action does. Exports AWS_* like the real action, plus
 * AWS_ENDPOINT_URL pointing at the simulator. `trust` in the run options (role ARN -> claim
 * patterns) plays the role's trust policy.
 */
const matches = (pattern: string, value: string | undefined) =>
  value !== undefined &&
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(value);

export const configureAwsCredentials: ActionHandler = async (step: StandInStep) => {
  const aws = step.job.options.aws;
  if (!aws) return { failure: 'configure-aws-credentials stand-in: the runner has no AWS simulator (options.aws)' };
  const region = step.inputs['aws-region'];
  if (!region) return { failure: 'Input required and not supplied: aws-region' };
  const roleArn = step.inputs['role-to-assume'];
  const exportEnv: Record<string, string> = { AWS_REGION: region, AWS_DEFAULT_REGION: region, AWS_ENDPOINT_URL: aws.url };
  if (!roleArn) {
    const id = step.inputs['aws-access-key-id'];
    const secret = step.inputs['aws-secret-access-key'];
    if (!id || !secret)
      return { failure: 'Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers' };
    return { exportEnv: { ...exportEnv, AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret }, secrets: [secret] };
  }
  if (!grants(step.job.permissions, 'id-token', 'write') && !step.inputs['aws-access-key-id']) {
    step.job.record('assume-role', { roleArn, refused: 'no id-token: write' });
    return { failure: 'Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers' };
  }
  const audience = step.inputs.audience || 'sts.amazonaws.com';
  const { aud: _aud, iss: _iss, ...claims } = step.job.oidcClaims;
  const trust = step.job.options.trust?.[roleArn];
  const sessionName = step.inputs['role-session-name'] || 'GitHubActions';
  if (trust && !Object.entries(trust).every(([claim, pattern]) => matches(pattern, claims[claim]))) {
    step.job.record('assume-role', { roleArn, sessionName, claims, refused: 'trust policy' });
    return { failure: 'Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity' };
  }
  const token = issueIdToken(aws.world as World, audience, claims);
  const sts = new STSClient({
    region,
    endpoint: aws.url,
    maxAttempts: 1,
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
  });
  try {
    const response = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: roleArn,
        RoleSessionName: sessionName,
        WebIdentityToken: token,
        DurationSeconds: Number(step.inputs['role-duration-seconds'] || 3600),
      }),
    );
    const credentials = response.Credentials!;
    const account = response.AssumedRoleUser?.Arn?.split(':')[4] ?? '';
    step.job.record('assume-role', { roleArn, sessionName, claims, accessKeyId: credentials.AccessKeyId });
    step.log(`Assumed role ${roleArn} as ${sessionName}`);
    const outputs: Record<string, string> = { 'aws-account-id': account };
    if (step.inputs['output-credentials'] === 'true') {
      Object.assign(outputs, {
        'aws-access-key-id': credentials.AccessKeyId!,
        'aws-secret-access-key': credentials.SecretAccessKey!,
        'aws-session-token': credentials.SessionToken!,
        'aws-expiration': credentials.Expiration?.toISOString() ?? '',
      });
    }
    return {
      outputs,
      exportEnv: {
        ...exportEnv,
        AWS_ACCESS_KEY_ID: credentials.AccessKeyId!,
        AWS_SECRET_ACCESS_KEY: credentials.SecretAccessKey!,
        AWS_SESSION_TOKEN: credentials.SessionToken!,
      },
      // mask-aws-account-id (default false in current releases) makes the account ID a secret: outputs holding it are then dropped.
      secrets: [
        credentials.SecretAccessKey!,
        credentials.SessionToken!,
        ...(step.inputs['mask-aws-account-id'] === 'true' ? [account] : []),
      ],
    };
  } catch (error) {
    step.job.record('assume-role', { roleArn, sessionName, claims, error: (error as Error).message });
    return { failure: `Could not assume role with OIDC: ${(error as Error).message}` };
  } finally {
    sts.destroy();
  }
};
