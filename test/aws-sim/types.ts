import type { SimModes } from './modes.js';
import type { RestRoute } from './protocols/rest-json.js';
import type { World } from './world.js';

/** What every operation handler receives besides its decoded input. */
export interface RequestContext {
  world: World;
  region: string;
  accountId: string;
  /** The access key the request was signed with (from the SigV4 Authorization header), if any. */
  accessKeyId?: string;
  headers: Record<string, string | string[] | undefined>;
  /** The harsher modes this caller meets (modes.ts): what reads and throttling go by. */
  modes: SimModes;
}

export type Handler = (input: any, ctx: RequestContext) => unknown | Promise<unknown>;

/** One AWS service: its wire protocol and its operations. A new operation is one handler. */
export interface ServiceDefinition {
  /** The SigV4 signing name (credential scope): ecs, ecr, sts, logs, secretsmanager, ssm... */
  signingName: string;
  protocol: 'json' | 'query' | 'rest-json' | 'rest-xml';
  /** JSON protocols: the X-Amz-Target prefix before the dot. */
  targetPrefix?: string;
  /** Query and REST-XML protocols: the XML namespace of responses. */
  xmlNamespace?: string;
  /** REST-JSON and REST-XML protocols: method and path of each operation. */
  restRoutes?: RestRoute[];
  handlers: Record<string, Handler>;
}
