import type { Handler } from '../../types.js';

/** Clusters, services, deployments and tasks. */
export const engineHandlers: Record<string, Handler> = {};
