import type { Handler } from '../../types.js';

/** RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions, DeregisterTaskDefinition. */
export const taskDefinitionHandlers: Record<string, Handler> = {};
