import { invalid } from './parse.js';

/**
 * ECS's own naming rules for what several actions take: a cluster or a service, by name or ARN.
 * Names are up to 255 letters, digits, hyphens and underscores (CreateCluster, CreateService).
 */

const NAME = '[A-Za-z0-9_-]{1,255}';
/** The same rule names a task definition family and a container. */
export const ECS_NAME = new RegExp(`^${NAME}$`);
export const CLUSTER_NAME_OR_ARN = new RegExp(`^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:cluster/)?${NAME}$`);
/** A service ARN is `.../service/cluster/name` (or the older `.../service/name`). */
export const SERVICE_NAME_OR_ARN = new RegExp(`^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:service/(${NAME}/)?)?${NAME}$`);

export function parseClusterName(input: string, value: string): string {
  if (!CLUSTER_NAME_OR_ARN.test(value)) throw invalid(input, value, 'a cluster name or ARN');
  return value;
}

export function parseServiceName(input: string, value: string): string {
  if (!SERVICE_NAME_OR_ARN.test(value)) throw invalid(input, value, 'a service name or ARN');
  return value;
}
