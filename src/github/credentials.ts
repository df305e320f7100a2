import * as core from './runner.js';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { resolveCredentials, type CredentialOptions } from '../aws/credentials.js';
import { parseRoleArn, requireRegionPartition } from '../inputs/arn.js';
import { invalid } from '../inputs/parse.js';
import { actionsLogger } from './logger.js';
import { integerInput, optionalInput } from './inputs.js';
import { fetchIdToken } from './oidc.js';

/**
 * The credential inputs every AWS-calling action shares (role-to-assume, role-session-name,
 * role-duration-seconds), and their resolution on the runner.
 */
export interface CredentialInputs {
  roleToAssume?: string;
  sessionName: string;
  durationSeconds: number;
}

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export function credentialInputs(defaultSessionName: string): CredentialInputs {
  const rawRole = optionalInput('role-to-assume');
  const roleToAssume = rawRole === undefined ? undefined : parseRoleArn('role-to-assume', rawRole);
  const sessionName = optionalInput('role-session-name') ?? defaultSessionName;
  if (!SESSION_NAME.test(sessionName)) {
    throw invalid('role-session-name', sessionName, '2 to 64 letters, digits or the characters +=,.@_-');
  }
  const durationSeconds = integerInput('role-duration-seconds', { min: 900, max: 43200 }) ?? 3600;
  return { roleToAssume, sessionName, durationSeconds };
}

/** Credentials for the action's AWS clients: undefined means the SDK's default chain. */
export function actionCredentials(
  inputs: CredentialInputs,
  options: Pick<CredentialOptions, 'region' | 'audience'>,
): Promise<AwsCredentialIdentityProvider | undefined> {
  // Here, where the region is known, and before any call: STS would refuse it with a vaguer error.
  requireRegionPartition('role-to-assume', inputs.roleToAssume, options.region);
  return resolveCredentials(
    { ...options, roleToAssume: inputs.roleToAssume, sessionName: inputs.sessionName, durationSeconds: inputs.durationSeconds },
    { idToken: fetchIdToken, mask: (secret) => core.setSecret(secret), logger: actionsLogger },
  );
}
