import { isObject } from './model.js';

/** Keys sorted at every level, list order kept: the one ordering every written form uses. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

/** Keys sorted, two-space indent, final newline: rendered files diff cleanly. */
export function serializeTaskDefinition(document: Record<string, unknown>): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}

/** Keys sorted, no white space: equal texts mean equal values (undefined for undefined, as JSON.stringify). */
export function compactSortedJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}
