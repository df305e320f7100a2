import { ConfigurationError } from '../errors.js';
import { READ_ONLY_FIELDS } from '../ecs/task-definition-file.js';
import { isObject, type TaskDefinition } from './document.js';


export interface Normalized {
  document: TaskDefinition;
  /** What was removed or rewritten, for the log ("dropped read-only revision", ...). */
  notes: string[];
}

/**
 * Turns what people commit into a registrable document: unwraps `aws ecs
 * describe-task-definition` output ({"taskDefinition": {...}, "tags": [...]}), drops the
 * read-only fields, drops nulls (describe output writes unset fields as null; the API treats
 * both alike) and writes task-level cpu/memory as the strings the API declares. Every other
 * field, known or not, is kept as it is.
 */
export function normalizeTemplate(input: TaskDefinition, source: string): Normalized {
  const notes: string[] = [];
  let document = input;
  if (isObject(input.taskDefinition) && !('containerDefinitions' in input)) {
    document = { ...input.taskDefinition };
    // describe-task-definition --include TAGS puts the tags beside the definition.
    if (Array.isArray(input.tags) && input.tags.length && !('tags' in document)) document.tags = input.tags;
    notes.push('unwrapped {"taskDefinition": ...} (describe-task-definition output)');
  } else {
    document = { ...input };
  }
  if (!('containerDefinitions' in document)) {
    throw new ConfigurationError(`${source}: containerDefinitions: missing (a task definition needs at least one container).`);
  }
  const dropped = READ_ONLY_FIELDS.filter((field) => field in document);
  for (const field of dropped) delete document[field];
  if (dropped.length) notes.push(`dropped read-only ${dropped.join(', ')}`);

  const nulls: string[] = [];
  document = dropNulls(document, '', nulls) as TaskDefinition;
  if (nulls.length) notes.push(`dropped null ${nulls.join(', ')}`);

  for (const field of ['cpu', 'memory'] as const) {
    if (typeof document[field] === 'number') {
      document[field] = String(document[field]);
      notes.push(`task ${field} ${document[field]} written as the string the API expects`);
    }
  }
  return { document, notes };
}

function dropNulls(value: unknown, path: string, dropped: string[]): unknown {
  if (Array.isArray(value)) return value.map((item, i) => dropNulls(item, `${path}[${i}]`, dropped));
  if (!isObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    if (item === null) dropped.push(itemPath);
    else result[key] = dropNulls(item, itemPath, dropped);
  }
  return result;
}
