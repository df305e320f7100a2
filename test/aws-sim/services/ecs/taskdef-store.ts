import type { World } from '../../world.js';

/**
 * Task definition families and their revisions, shared by every ECS handler (services and
 * tasks refer to task definitions by ARN, family:revision or family).
 */
export interface TaskDefinitionRecord {
  taskDefinitionArn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  registeredAt: Date;
  /** The full document as DescribeTaskDefinition returns it (without tags). */
  document: Record<string, any>;
  tags: Array<{ key: string; value: string }>;
}

export interface TaskDefinitionStore {
  families: Map<string, TaskDefinitionRecord[]>;
}

export const taskDefinitionStore = (world: World): TaskDefinitionStore =>
  world.stateOf('ecs.taskDefinitions', () => ({ families: new Map() }));

/**
 * Finds a task definition by full ARN, "family:revision" or "family" (latest ACTIVE revision),
 * as ECS resolves the `taskDefinition` parameter. Returns undefined when there is none.
 */
export function findTaskDefinition(world: World, reference: string): TaskDefinitionRecord | undefined {
  const ref = reference.includes(':task-definition/') ? reference.split(':task-definition/')[1] : reference;
  const [family, revision] = ref.split(':');
  const revisions = taskDefinitionStore(world).families.get(family) ?? [];
  if (revision) return revisions.find((r) => r.revision === Number(revision));
  return [...revisions].reverse().find((r) => r.status === 'ACTIVE');
}
