import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import { taskId } from './names.js';

/** Where the awslogs driver writes a container's output for one task. */
export interface LogLocation {
  group: string;
  stream: string;
  region: string;
}

/**
 * The CloudWatch stream of a container in a task, as the awslogs driver names it:
 * `<awslogs-stream-prefix>/<container name>/<task id>`. Undefined when the container does not
 * use awslogs or has no stream prefix (ECS then names streams by container id, unknown to us).
 */
export function awslogsLocation(container: ContainerDefinition, taskArn: string, defaultRegion: string): LogLocation | undefined {
  const config = container.logConfiguration;
  if (config?.logDriver !== 'awslogs') return undefined;
  const options = config.options ?? {};
  const group = options['awslogs-group'];
  const prefix = options['awslogs-stream-prefix'];
  if (!group || !prefix) return undefined;
  return { group, stream: `${prefix}/${container.name}/${taskId(taskArn)}`, region: options['awslogs-region'] || defaultRegion };
}

/** Why there is no location, in words, for a warning. */
export function whyNoAwslogs(container: ContainerDefinition): string {
  const config = container.logConfiguration;
  if (!config) return `container ${container.name} has no logConfiguration`;
  if (config.logDriver !== 'awslogs') return `container ${container.name} logs with ${config.logDriver}, not awslogs`;
  if (!config.options?.['awslogs-group']) return `container ${container.name} has no awslogs-group option`;
  return `container ${container.name} has no awslogs-stream-prefix option`;
}

/** The console's own encoding: URI-encode twice, then `%` becomes `$`. */
const consoleEncode = (text: string) => encodeURIComponent(encodeURIComponent(text)).replace(/%/g, '$');

/** The CloudWatch console page of a log stream. */
export function logStreamConsoleUrl(location: LogLocation): string {
  const { region, group, stream } = location;
  const host = region.startsWith('cn-')
    ? `console.amazonaws.cn`
    : region.startsWith('us-gov-')
      ? `console.amazonaws-us-gov.com`
      : `${region}.console.aws.amazon.com`;
  return (
    `https://${host}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/` +
    `${consoleEncode(group)}/log-events/${consoleEncode(stream)}`
  );
}
