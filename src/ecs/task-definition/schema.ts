import { RegisterTaskDefinitionRequest$ } from '@aws-sdk/client-ecs';
import { ConfigurationError } from '../../errors.js';
import { isObject } from './model.js';

/**
 * The fields of a task definition, as the bundled SDK's RegisterTaskDefinition request model
 * defines them. The SDK serialises only these and silently drops any other key, so a typo
 * (`healthcheck`, `portMapping`) never reaches ECS and every deploy sees a "change": keys are
 * checked against this model, at every depth, and the change check compares only what ECS stores.
 *
 * The model is the SDK's static schema: a structure is [3, ns, name, traits, memberNames,
 * memberSchemas], a list [1, ns, name, traits, member], a map [2, ns, name, traits, key, value];
 * a number is a simple type (64|x a list of it, 128|x a map of it); a function is a lazy
 * reference; [fn, traits] a member with traits.
 */

type Shape =
  | { kind: 'structure'; members: Map<string, unknown> }
  | { kind: 'list'; member: unknown }
  | { kind: 'map'; value: unknown }
  | { kind: 'simple' };

const LIST_BIT = 64;
const MAP_BIT = 128;

function shapeOf(schema: unknown): Shape {
  if (typeof schema === 'function') return shapeOf(schema());
  if (typeof schema === 'number') {
    if (schema & LIST_BIT) return { kind: 'list', member: schema & ~LIST_BIT };
    if (schema & MAP_BIT) return { kind: 'map', value: schema & ~MAP_BIT };
    return { kind: 'simple' };
  }
  if (!Array.isArray(schema)) return { kind: 'simple' };
  if (typeof schema[0] === 'function') return shapeOf(schema[0]); // a member with traits
  const [id] = schema as [number];
  if (id === 1) return { kind: 'list', member: schema[4] };
  if (id === 2) return { kind: 'map', value: schema[5] };
  if (id === 3 || id === 4) {
    const names = schema[4] as string[];
    const members = schema[5] as unknown[];
    return { kind: 'structure', members: new Map(names.map((name, i) => [name, members[i]])) };
  }
  return { kind: 'simple' };
}

/** Keys starting with "x-" hold YAML anchors and notes: allowed in a template, never sent. */
export const isExtensionKey = (key: string) => key.startsWith('x-');

export interface UnknownKey {
  path: string;
  /** The nearest field ECS knows at that place, when one is close. */
  suggestion?: string;
}

/**
 * Walks a document along the model. `onUnknown` gets every key the model does not define at its
 * place (x- keys included); it returns true to drop the key from the returned copy.
 */
function walk(value: unknown, schema: unknown, path: string, onUnknown: (path: string, key: string, known: string[]) => boolean): unknown {
  const shape = shapeOf(schema);
  if (shape.kind === 'list' && Array.isArray(value)) return value.map((item, i) => walk(item, shape.member, `${path}[${i}]`, onUnknown));
  if (shape.kind === 'map' && isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, shape.value, `${path}.${k}`, onUnknown)]));
  }
  if (shape.kind !== 'structure' || !isObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    if (!shape.members.has(key)) {
      if (onUnknown(itemPath, key, [...shape.members.keys()])) continue;
      result[key] = item;
    } else {
      result[key] = walk(item, shape.members.get(key), itemPath, onUnknown);
    }
  }
  return result;
}

/** Every key of `document` the model does not define, x- keys excepted, with the nearest known name. */
export function unknownTaskDefinitionKeys(document: Record<string, unknown>): UnknownKey[] {
  const found: UnknownKey[] = [];
  walk(document, RegisterTaskDefinitionRequest$, '', (path, key, known) => {
    if (!isExtensionKey(key)) found.push({ path, suggestion: nearestName(key, known) });
    return false;
  });
  return found;
}

/** The document without its x- keys (at any depth where a field name is expected). */
export function withoutExtensionKeys<T extends Record<string, unknown>>(document: T): { document: T; dropped: string[] } {
  const dropped: string[] = [];
  const result = walk(document, RegisterTaskDefinitionRequest$, '', (path, key) => {
    if (!isExtensionKey(key)) return false;
    dropped.push(path);
    return true;
  }) as T;
  return { document: result, dropped };
}

/** What the SDK sends and ECS stores: every key the model does not define is dropped. */
export function modelledFields<T extends Record<string, unknown>>(document: T): T {
  return walk(document, RegisterTaskDefinitionRequest$, '', () => true) as T;
}

/** The known name closest to `key` (case first, then edit distance up to a third of its length). */
export function nearestName(key: string, known: string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameLetters = known.find((name) => name.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

const MAX_SHOWN = 5;

/**
 * x- keys (YAML anchors, notes) dropped; any other key ECS does not define refused with its JSON
 * path and the nearest field name, in one line prefixed by `source`: the SDK would drop it
 * silently and the typo (healthcheck, portMapping) would never take effect.
 */
export function checkTaskDefinitionKeys<T extends Record<string, unknown>>(
  document: T,
  source: string,
): { document: T; dropped: string[] } {
  const result = withoutExtensionKeys(document);
  const unknown = unknownTaskDefinitionKeys(result.document);
  if (unknown.length) {
    const shown = unknown
      .slice(0, MAX_SHOWN)
      .map(({ path, suggestion }) => `${path}: not a task definition field${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
    const more = unknown.length > MAX_SHOWN ? `; and ${unknown.length - MAX_SHOWN} more` : '';
    throw new ConfigurationError(
      `${source} has keys ECS does not define (the SDK would drop them; x- keys are allowed for anchors and notes): ${shown.join('; ')}${more}.`,
    );
  }
  return result;
}
