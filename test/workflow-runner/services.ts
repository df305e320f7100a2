import type { MappingToken } from '@actions/workflow-parser/templates/tokens/index';
import { asString, evaluateToken, type Contexts } from './expressions.js';
import { field } from './load.js';
import type { RunOptions, ServiceHandler, ServiceSpec } from './types.js';

/**
 * A job's `services:` through the test's stand-ins (options.services). GitHub starts each service
 * with a non-empty image before the steps and publishes its ports; a job whose service cannot start
 * fails. The job's `container:` (steps inside a container) is not supported and fails the job.
 */
export interface StartedServices {
  specs: Record<string, ServiceSpec>;
  /** job.services context. */
  context: Record<string, { id: string; network: string; ports: Record<string, string> }>;
  stop(): Promise<void>;
}

function handlerFor(options: RunOptions, image: string): ServiceHandler | undefined {
  const handlers = options.services ?? {};
  const withoutTag = image.replace(/@sha256:.*$/, '').replace(/:[^:/]+$/, '');
  return handlers[image] ?? handlers[withoutTag] ?? handlers[withoutTag.split('/').pop()!];
}

export class ServiceError extends Error {}

export async function startServices(raw: MappingToken, contexts: Contexts, options: RunOptions, job: string): Promise<StartedServices> {
  const container = evaluateToken(field(raw, 'container'), contexts);
  const containerImage = typeof container === 'string' ? container : asString((container as { image?: unknown } | undefined)?.image);
  if (containerImage) throw new ServiceError(`job containers (container: ${containerImage}) are not supported by the test runner`);
  const declared = (evaluateToken(field(raw, 'services'), contexts) ?? {}) as Record<string, Record<string, unknown>>;
  const started: StartedServices = { specs: {}, context: {}, stop: async () => {} };
  const stops: (() => Promise<void> | void)[] = [];
  started.stop = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  for (const [id, service] of Object.entries(declared)) {
    const image = asString(service.image);
    if (!image) continue;
    const spec: ServiceSpec = {
      id,
      image,
      env: Object.fromEntries(Object.entries((service.env ?? {}) as Record<string, unknown>).map(([k, v]) => [k, asString(v)])),
      ports: ((service.ports ?? []) as unknown[]).map(asString),
      options: service.options === undefined ? undefined : asString(service.options),
      job,
    };
    started.specs[id] = spec;
    const handler = handlerFor(options, image);
    if (!handler) {
      await started.stop();
      throw new ServiceError(`service container '${id}' (${image}) cannot be started: give the test runner a stand-in in options.services`);
    }
    const result = await handler(spec);
    if (result.stop) stops.push(result.stop);
    started.context[id] = { id: `service-${id}`, network: '', ports: result.ports ?? {} };
  }
  return started;
}
