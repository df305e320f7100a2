import { shortName } from '../ecs/names.js';

/** Short names people read: "rev 42", "api", console links. */

/** "arn:aws:ecs:...:task-definition/api:42" or "api:42" -> 42. */
export function revisionOf(taskDefinition: string | undefined): number | undefined {
  const match = /:(\d+)$/.exec(taskDefinition ?? '');
  return match ? Number(match[1]) : undefined;
}

export function revLabel(taskDefinition: string | undefined): string {
  const revision = revisionOf(taskDefinition);
  return revision === undefined ? (taskDefinition ?? 'unknown revision') : `rev ${revision}`;
}

/** "family:42" from an ARN. */
export function familyRevision(taskDefinition: string | undefined): string {
  return (taskDefinition ?? '').replace(/^.*:task-definition\//, '');
}

export function serviceConsoleUrl(options: { region: string; cluster: string; service: string }): string {
  const { region } = options;
  const host = region.startsWith('cn-') ? 'console.amazonaws.cn' : `${region}.console.aws.amazon.com`;
  return `https://${host}/ecs/v2/clusters/${encodeURIComponent(shortName(options.cluster))}/services/${encodeURIComponent(shortName(options.service))}/deployments`;
}

export const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
