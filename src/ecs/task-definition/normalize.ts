import { ConfigurationError } from '../../errors.js';
import { isObject, type TaskDefinition } from './model.js';

/** Fields DescribeTaskDefinition returns that RegisterTaskDefinition refuses. */
export const READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
] as const;

/**
 * The definition inside `aws ecs describe-task-definition` output ({"taskDefinition": {...},
 * "tags": [...]}), with the tags beside it moved in (`--include TAGS`) unless `carryTags` is false;
 * any other object as it is. Always a shallow copy, so callers may delete fields.
 */
export function unwrapDescribeOutput(document: TaskDefinition, carryTags = true): { document: TaskDefinition; unwrapped: boolean } {
  if (!isObject(document.taskDefinition) || 'containerDefinitions' in document) return { document: { ...document }, unwrapped: false };
  const inner: TaskDefinition = { ...document.taskDefinition };
  if (carryTags && Array.isArray(document.tags) && document.tags.length && !('tags' in inner)) inner.tags = document.tags;
  return { document: inner, unwrapped: true };
}

/** Deletes the read-only fields from `document` (a copy the caller owns); returns the ones it had. */
export function dropReadOnlyFields(document: TaskDefinition): string[] {
  const dropped = READ_ONLY_FIELDS.filter((field) => field in document);
  for (const field of dropped) delete document[field];
  return dropped;
}

/** Task-level cpu and memory as the strings the API declares; returns the fields it rewrote. */
export function cpuMemoryAsStrings(document: TaskDefinition): Array<'cpu' | 'memory'> {
  const rewritten = (['cpu', 'memory'] as const).filter((field) => typeof document[field] === 'number');
  for (const field of rewritten) document[field] = String(document[field]);
  return rewritten;
}

/** A copy without null values in objects (describe output writes unset fields as null); `dropped` gets their paths. */
export function withoutNulls(value: unknown, dropped: string[] = [], path = ''): unknown {
  if (Array.isArray(value)) return value.map((item, i) => withoutNulls(item, dropped, `${path}[${i}]`));
  if (!isObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    if (item === null) dropped.push(itemPath);
    else result[key] = withoutNulls(item, dropped, itemPath);
  }
  return result;
}

export interface Normalized {
  document: TaskDefinition;
  /** What was removed or rewritten, for the log ("dropped read-only revision", ...). */
  notes: string[];
}

/**
 * Turns what people commit into a registrable document: unwraps describe output, drops the
 * read-only fields, drops nulls (the API treats them as unset) and writes task-level cpu/memory
 * as the strings the API declares. Every other field, known or not, is kept as it is.
 */
export function normalizeTaskDefinition(input: TaskDefinition, source: string): Normalized {
  const notes: string[] = [];
  const unwrapped = unwrapDescribeOutput(input);
  if (unwrapped.unwrapped) notes.push('unwrapped {"taskDefinition": ...} (describe-task-definition output)');
  let document = unwrapped.document;
  if (!('containerDefinitions' in document)) {
    throw new ConfigurationError(`${source}: containerDefinitions: missing (a task definition needs at least one container).`);
  }
  const dropped = dropReadOnlyFields(document);
  if (dropped.length) notes.push(`dropped read-only ${dropped.join(', ')}`);

  const nulls: string[] = [];
  document = withoutNulls(document, nulls) as TaskDefinition;
  if (nulls.length) notes.push(`dropped null ${nulls.join(', ')}`);

  for (const field of cpuMemoryAsStrings(document)) notes.push(`task ${field} ${document[field]} written as the string the API expects`);
  return { document, notes };
}
