import type { TaskDefinition as DescribedTaskDefinition } from '@aws-sdk/client-ecs';

/**
 * A task definition as a plain JSON object: the toolkit keeps every field it does not know
 * (fields newer than the SDK included), so it never maps the document onto the SDK's types.
 */
export type TaskDefinition = Record<string, any>;
export type ContainerDefinition = Record<string, any>;

export const isObject = (value: unknown): value is Record<string, any> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The container definitions; an empty list when the document has none (validation reports it). */
export function containersOf(document: TaskDefinition): ContainerDefinition[] {
  const containers = document.containerDefinitions;
  return Array.isArray(containers) ? containers.filter((c) => c && typeof c === 'object') : [];
}

export function containerNames(document: TaskDefinition): string[] {
  return containersOf(document).map((c) => String(c.name ?? ''));
}

/** "family:12". */
export function label(taskDefinition: Pick<DescribedTaskDefinition, 'family' | 'revision'>): string {
  return `${taskDefinition.family}:${taskDefinition.revision}`;
}
