import type { Handler } from '../../types.js';
import { clusterHandlers } from './clusters.js';
import { nativeStrategyHandlers } from './native-handlers.js';
import { serviceHandlers } from './service-handlers.js';
import { tagHandlers } from './tag-handlers.js';
import { taskHandlers } from './task-handlers.js';

/** Clusters, services, deployments and tasks. */
export const engineHandlers: Record<string, Handler> = {
  ...clusterHandlers,
  ...serviceHandlers,
  ...taskHandlers,
  ...nativeStrategyHandlers,
  ...tagHandlers,
};
