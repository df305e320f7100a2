import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl, setModes } from './control.js';
import { AwsError } from './errors.js';
import { appliesTo, serverErrorOf, takeShare, throttleErrorOf } from './faults.js';
import { harshModesFromEnvironment, HARSH_MODES, modesFor } from './modes.js';
import { sendJson, sendJsonError } from './protocols/json.js';
import { sendQuery, sendQueryError } from './protocols/query.js';
import { sendRestJson, sendRestJsonError } from './protocols/rest-json.js';
import { sendRestXml, sendRestXmlError, type RestXmlOutput } from './protocols/rest-xml.js';
import { route, type Route } from './router.js';
import { takeToken } from './throttle-bucket.js';
import { loseResponseIfDue } from './lost-response.js';
import { SERVICES } from './services/index.js';
import { stopEngine } from './services/ecs/timers.js';
import { rejectExpiredSession } from './services/sts/index.js';
import { handleOidcToken, OIDC_PATH } from './services/sts/oidc.js';
import type { SimModes } from './modes.js';
import type { RequestContext } from './types.js';
import { World, type SimRegistry } from './world.js';

export interface Simulator {
  /** http://127.0.0.1:<port>: the value for AWS_ENDPOINT_URL. */
  url: string;
  world: World;
  stop(): Promise<void>;
}

/** Environment that points an unmodified AWS SDK (and so the actions) at the simulator. */
export function simulatorEnv(sim: Pick<Simulator, 'url'>, region = 'us-east-1'): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: sim.url,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: 'AKIASIMULATOR0000001',
    AWS_SECRET_ACCESS_KEY: 'simulator-secret-key-not-real',
    AWS_EC2_METADATA_DISABLED: 'true',
    // This machine has Node 20; the actions run on node24 at GitHub. The SDK's notice is noise here.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/**
 * Config for an SDK client a test builds itself (to arrange or inspect state), pointed at the
 * simulator with the same fake keys. One attempt: such a test wants to see every error.
 */
export function simulatorClientConfig(sim: Pick<Simulator, 'url'>, region = 'us-east-1') {
  const env = simulatorEnv(sim, region);
  return {
    endpoint: sim.url,
    region,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  };
}

/**
 * Starts the simulator on 127.0.0.1. `harsh` (default: ECS_SHIP_SIM_HARSH in the environment, see modes.ts)
 * turns on the harsher modes of modes.ts: eventual consistency, throttling in runs, log ingestion
 * delay and empty pages, ListTasks in no order.
 */
export async function startSimulator(
  options: { port?: number; world?: World; registry?: SimRegistry; harsh?: boolean } = {},
): Promise<Simulator> {
  const world = options.world ?? new World();
  if (options.registry) world.registry = options.registry;
  const harsh = options.harsh === undefined ? harshModesFromEnvironment() : options.harsh ? HARSH_MODES : undefined;
  if (harsh) setModes(world, harsh);
  const server = createServer((req, res) => {
    handle(world, req, res).catch((error) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error?.stack ?? error));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    world,
    stop: () =>
      new Promise<void>((resolve) => {
        stopEngine(world);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(world: World, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  if (req.url?.startsWith('/_sim/')) return handleControl(world, req, res, body);
  if (req.url?.startsWith(OIDC_PATH)) return handleOidcToken(world, req, res);
  const requestId = randomUUID();
  const call = route(SERVICES, req, body);
  if (!call) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end(`The simulator has no handler for ${req.method} ${req.url} (${req.headers['x-amz-target'] ?? body.slice(0, 80)})`);
    return;
  }
  const key = `${call.service.signingName}.${call.operation}`;
  world.count(key, req.headers['user-agent']);
  const handler = call.service.handlers[call.operation];
  const modes = modesFor(world.modes, req.headers);
  try {
    await injectFaults(world, call, modes).catch((error) => {
      world.refused.set(key, (world.refused.get(key) ?? 0) + 1);
      throw error;
    });
    rejectExpiredSession(world, call.accessKeyId, call.service.protocol);
    if (!handler) throw new AwsError('UnknownOperationException', `The simulator does not implement ${key}.`);
    const ctx: RequestContext = {
      world,
      region: call.region,
      accountId: world.accountId,
      accessKeyId: call.accessKeyId,
      headers: req.headers,
      modes,
    };
    const output = await handler(call.input, ctx);
    loseResponseIfDue(world, call.service.signingName, call.operation); // applied, answer lost (lost-response.ts)
    reply(res, call, requestId, output);
  } catch (error) {
    const awsError = error instanceof AwsError ? error : new AwsError('InternalFailure', `simulator bug: ${(error as Error).stack}`, 500);
    replyError(res, call, requestId, awsError);
  }
}

async function injectFaults(world: World, call: Route, modes: SimModes): Promise<void> {
  const { faults, faultTally } = world;
  const bucket = modes.throttleBucket;
  if (bucket && !takeToken(world.buckets, `${call.service.signingName}|${world.accountId}|${call.region}`, bucket)) {
    world.bucketRefusals += 1;
    throw throttleErrorOf(call.service.signingName);
  }
  if (!appliesTo(faults, call.service.signingName, call.operation)) return;
  if (faults.latencyMs) await new Promise((r) => setTimeout(r, faults.latencyMs));
  if (takeShare(faultTally, 'throttle', faults.throttle)) {
    throw throttleErrorOf(call.service.signingName);
  }
  if (takeShare(faultTally, 'serverError', faults.serverError)) throw serverErrorOf(call.service.signingName);
}

function reply(res: ServerResponse, call: Route, requestId: string, output: unknown): void {
  if (call.service.protocol === 'json') sendJson(res, requestId, output);
  else if (call.service.protocol === 'rest-json') sendRestJson(res, requestId, output);
  else if (call.service.protocol === 'rest-xml') sendRestXml(res, requestId, output as RestXmlOutput | undefined);
  else sendQuery(res, { requestId, action: call.operation, namespace: call.service.xmlNamespace ?? '' }, output);
}

function replyError(res: ServerResponse, call: Route, requestId: string, error: AwsError): void {
  if (call.service.protocol === 'json') sendJsonError(res, requestId, error);
  else if (call.service.protocol === 'rest-json') sendRestJsonError(res, requestId, error);
  else if (call.service.protocol === 'rest-xml') sendRestXmlError(res, requestId, error, call.service.xmlNamespace ?? '');
  else sendQueryError(res, { requestId }, error);
}
