import { AwsError } from '../../errors.js';
import type { Handler } from '../../types.js';
import { visibleFrom } from './lag.js';
import {
  findTaskDefinition,
  isVisible,
  parseTaskDefinitionReference,
  storeTaskDefinition,
  taskDefinitionStore,
  type TaskDefinitionRecord,
} from './taskdef-store.js';
import { computeCompatibilities, computeRequiredAttributes, validateRegistration } from './taskdef-validate.js';

const clientError = (message: string) => new AwsError('ClientException', message);

/** Container fields ECS fills in when the request leaves them out, as DescribeTaskDefinition shows. */
function withContainerDefaults(container: Record<string, any>, networkMode?: string): Record<string, any> {
  const portMappings = (container.portMappings ?? []).map((m: Record<string, any>) => ({
    ...m,
    protocol: m.protocol ?? 'tcp',
    ...(m.hostPort === undefined && (networkMode === 'awsvpc' || networkMode === 'host') ? { hostPort: m.containerPort } : {}),
  }));
  return {
    cpu: 0,
    environment: [],
    mountPoints: [],
    volumesFrom: [],
    ...container,
    portMappings,
    essential: container.essential ?? true,
  };
}

function describe(record: TaskDefinitionRecord, include: string[] | undefined) {
  return {
    taskDefinition: record.document,
    ...(include?.includes('TAGS') ? { tags: record.tags } : {}),
  };
}

/** RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions, DeregisterTaskDefinition. */
export const taskDefinitionHandlers: Record<string, Handler> = {
  RegisterTaskDefinition(input, ctx) {
    validateRegistration(input);
    const { tags, ...request } = input as Record<string, any>;
    const document = {
      ...request,
      containerDefinitions: request.containerDefinitions.map((c: Record<string, any>) => withContainerDefaults(c, request.networkMode)),
      volumes: request.volumes ?? [],
      placementConstraints: request.placementConstraints ?? [],
      requiresAttributes: computeRequiredAttributes(request),
      compatibilities: computeCompatibilities(request),
    };
    const record = storeTaskDefinition(ctx.world, { document, tags, region: ctx.region });
    record.visibleAt = visibleFrom(ctx.world);
    return { taskDefinition: record.document, tags: record.tags };
  },

  DescribeTaskDefinition(input, ctx) {
    const record = findTaskDefinition(ctx.world, String(input.taskDefinition ?? ''), { lagging: ctx.modes.consistencyWindowMs > 0 });
    if (!record) throw clientError('Unable to describe task definition.');
    return describe(record, input.include);
  },

  ListTaskDefinitions(input, ctx) {
    const status: string = input.status ?? 'ACTIVE';
    const sort: string = input.sort ?? 'ASC';
    const all = [...taskDefinitionStore(ctx.world).families.values()]
      .flat()
      // familyPrefix is, despite its name, the full family name.
      .filter(
        (r) =>
          r.status === status &&
          (ctx.modes.consistencyWindowMs <= 0 || isVisible(r)) &&
          (!input.familyPrefix || r.family === input.familyPrefix),
      )
      .sort((a, b) => a.family.localeCompare(b.family) || a.revision - b.revision);
    if (sort === 'DESC') all.reverse();
    const start = input.nextToken ? Number(Buffer.from(input.nextToken, 'base64').toString('utf8')) : 0;
    const max = Math.min(Number(input.maxResults ?? 100), 100);
    const page = all.slice(start, start + max);
    const next = start + max < all.length ? Buffer.from(String(start + max)).toString('base64') : undefined;
    return { taskDefinitionArns: page.map((r) => r.taskDefinitionArn), ...(next ? { nextToken: next } : {}) };
  },

  DeregisterTaskDefinition(input, ctx) {
    const reference = String(input.taskDefinition ?? '');
    const { revision } = parseTaskDefinitionReference(reference);
    if (revision === undefined || !Number.isInteger(revision) || revision < 1) {
      throw clientError(`Invalid revision number. Number: ${reference.split(':').at(-1)}`);
    }
    const record = findTaskDefinition(ctx.world, reference);
    if (!record) throw clientError('The specified task definition does not exist.');
    if (record.status === 'ACTIVE') {
      record.status = 'INACTIVE';
      record.document.status = 'INACTIVE';
      record.document.deregisteredAt = Date.now() / 1000;
    }
    return { taskDefinition: record.document };
  },
};
