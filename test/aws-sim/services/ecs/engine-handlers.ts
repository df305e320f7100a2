import type { Handler } from '../../types.js';
import { clusterHandlers } from './clusters.js';
import { serviceHandlers } from './service-handlers.js';
import { taskHandlers } from './task-handlers.js';

/** Clusters, services, deployments and tasks. */
export const engineHandlers: Record<string, Handler> = { ...clusterHandlers, ...serviceHandlers, ...taskHandlers };
