import * as core from './runner.js';

/**
 * GitHub's OIDC token for this job (ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN, present when the job
 * has `permissions: id-token: write`). core.getIDToken masks the token before returning it.
 */
export async function fetchIdToken(audience: string): Promise<string> {
  if (!process.env.ACTIONS_ID_TOKEN_REQUEST_URL || !process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new Error(
      'the job has no OIDC token to exchange: give it `permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL is not set)',
    );
  }
  return core.getIDToken(audience);
}
