import type { IncomingMessage } from 'node:http';
import { decodeJson } from './protocols/json.js';
import { decodeQuery } from './protocols/query.js';
import { decodeRestJson } from './protocols/rest-json.js';
import { decodeRestXml } from './protocols/rest-xml.js';
import type { ServiceDefinition } from './types.js';

export interface Route {
  service: ServiceDefinition;
  operation: string;
  input: unknown;
  region: string;
  accessKeyId?: string;
}

const SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

/**
 * Finds the service and operation of a request, as AWS's front door does: JSON protocols by
 * X-Amz-Target, REST-JSON by the SigV4 scope's service then method and path, query protocols by
 * the scope's service (or, for unsigned calls such as AssumeRoleWithWebIdentity, by which service
 * has the Action).
 */
export function route(services: ServiceDefinition[], req: IncomingMessage, body: string): Route | undefined {
  const scope = SCOPE.exec(String(req.headers.authorization ?? ''));
  const region = scope?.[2] ?? 'us-east-1';
  const accessKeyId = scope?.[1];
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    const [prefix, operation] = target.split('.');
    const service = services.find((s) => s.targetPrefix === prefix);
    return service && { service, operation, input: decodeJson(body), region, accessKeyId };
  }
  const rest = services.find((s) => s.protocol === 'rest-json' && s.signingName === scope?.[3]);
  const restCall = rest && decodeRestJson(rest.restRoutes ?? [], req, body);
  if (rest) return restCall && { service: rest, operation: restCall.operation, input: restCall.input, region, accessKeyId };
  const restXml = services.find((s) => s.protocol === 'rest-xml' && s.signingName === scope?.[3]);
  const restXmlCall = restXml && decodeRestXml(restXml.restRoutes ?? [], req, body);
  if (restXml) return restXmlCall && { service: restXml, operation: restXmlCall.operation, input: restXmlCall.input, region, accessKeyId };
  const { action, input } = decodeQuery(body);
  const candidates = services.filter((s) => s.protocol === 'query' && action in s.handlers);
  const service = candidates.find((s) => s.signingName === scope?.[3]) ?? candidates[0];
  return service && { service, operation: action, input, region, accessKeyId };
}
