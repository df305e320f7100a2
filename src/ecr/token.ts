import { ActionFailure } from '../errors.js';

/** One registry's credentials as ECR hands them out. */
export interface RegistryCredentials {
  /** Registry host without scheme, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com */
  host: string;
  region: string;
  username: string;
  password: string;
  /** base64("username:password"): the Docker config's `auth` field, and ECR's token itself. */
  auth: string;
  expiresAt?: Date;
}

/** Decodes ECR's authorizationData entry: the token is base64("AWS:<password>"). */
export function decodeAuthorization(
  data: { authorizationToken?: string; proxyEndpoint?: string; expiresAt?: Date },
  region: string,
): RegistryCredentials {
  if (!data.authorizationToken || !data.proxyEndpoint) {
    throw new ActionFailure(`ECR returned an authorization without a token or endpoint in ${region}.`);
  }
  const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new ActionFailure(`ECR returned an authorization token in ${region} that is not "user:password".`);
  return {
    host: data.proxyEndpoint.replace(/^https?:\/\//, '').replace(/\/+$/, ''),
    region,
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1),
    auth: data.authorizationToken,
    expiresAt: data.expiresAt,
  };
}
