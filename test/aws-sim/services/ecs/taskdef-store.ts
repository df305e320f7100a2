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
  /** Eventual consistency: not yet its family's latest (nor listed) before this time (epoch ms). */
  visibleAt?: number;
}

export interface TaskDefinitionStore {
  families: Map<string, TaskDefinitionRecord[]>;
}

export const taskDefinitionStore = (world: World): TaskDefinitionStore =>
  world.stateOf('ecs.taskDefinitions', () => ({ families: new Map() }));

/**
 * Finds a task definition by full ARN, "family:revision" or "family" (latest ACTIVE revision),
 * as ECS resolves the `taskDefinition` parameter. Returns undefined when there is none. `lagging`
 * (eventual consistency, DescribeTaskDefinition): a just-registered revision is not the latest yet.
 */
export function findTaskDefinition(world: World, reference: string, options: { lagging?: boolean } = {}): TaskDefinitionRecord | undefined {
  const ref = reference.includes(':task-definition/') ? reference.split(':task-definition/')[1] : reference;
  const [family, revision] = ref.split(':');
  const revisions = taskDefinitionStore(world).families.get(family) ?? [];
  if (revision) return revisions.find((r) => r.revision === Number(revision));
  return [...revisions].reverse().find((r) => r.status === 'ACTIVE' && (!options.lagging || isVisible(r)));
}

export const isVisible = (record: TaskDefinitionRecord, now = Date.now()): boolean => !record.visibleAt || record.visibleAt <= now;

/** Splits "arn:...:task-definition/family:3", "family:3" or "family" into its parts. */
export function parseTaskDefinitionReference(reference: string): { family: string; revision?: number } {
  const ref = reference.includes(':task-definition/') ? reference.split(':task-definition/')[1] : reference;
  const [family, revision] = ref.split(':');
  return { family, revision: revision === undefined ? undefined : Number(revision) };
}

/**
 * Stores a new revision of `document.family` (already validated) and returns its record: the
 * one place revisions are numbered, so scenarios and the RegisterTaskDefinition handler agree.
 */
export function storeTaskDefinition(
  world: World,
  entry: { document: Record<string, any>; tags?: Array<{ key: string; value: string }>; region: string; registeredBy?: string },
): TaskDefinitionRecord {
  const store = taskDefinitionStore(world);
  const family: string = entry.document.family;
  const revisions = store.families.get(family) ?? [];
  store.families.set(family, revisions);
  const revision = (revisions.at(-1)?.revision ?? 0) + 1;
  const registeredAt = new Date();
  const taskDefinitionArn = `arn:aws:ecs:${entry.region}:${world.accountId}:task-definition/${family}:${revision}`;
  const record: TaskDefinitionRecord = {
    taskDefinitionArn,
    family,
    revision,
    status: 'ACTIVE',
    registeredAt,
    document: {
      taskDefinitionArn,
      ...entry.document,
      revision,
      status: 'ACTIVE',
      // Timestamps travel as epoch seconds in ECS's JSON protocol.
      registeredAt: registeredAt.getTime() / 1000,
      registeredBy: entry.registeredBy ?? `arn:aws:iam::${world.accountId}:root`,
    },
    tags: entry.tags ?? [],
  };
  revisions.push(record);
  return record;
}
