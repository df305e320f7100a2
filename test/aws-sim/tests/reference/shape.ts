/**
 * Compares the shape of a simulator answer with an example AWS published: every key of the
 * example must be there with the same JSON type, recursively (array elements are compared with
 * the answer's first element). The answer may have more keys than the example: examples are old
 * and show only what their scenario had.
 */
export interface ShapeDifference {
  path: string;
  problem: string;
}

const typeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** `notApplicable`: paths ("tasks[].containerInstanceArn") the example shows that do not apply to the simulated scenario. */
export function shapeDifferences(expected: unknown, actual: unknown, notApplicable: Iterable<string> = [], path = ''): ShapeDifference[] {
  const skip = new Set(notApplicable);
  if (skip.has(path)) return [];
  const want = typeOf(expected);
  const got = typeOf(actual);
  if (got === 'undefined') return [{ path, problem: `missing (the example has a ${want})` }];
  if (want !== got) return [{ path, problem: `is a ${got}, the example has a ${want}` }];
  if (want === 'array') {
    const items = expected as unknown[];
    const answer = actual as unknown[];
    if (!items.length) return [];
    if (!answer.length) return [{ path, problem: 'is empty, the example has elements' }];
    return items.flatMap((item) => shapeDifferences(item, answer[0], skip, `${path}[]`));
  }
  if (want === 'object') {
    const seen = new Map<string, ShapeDifference>();
    for (const [key, value] of Object.entries(expected as Record<string, unknown>)) {
      for (const d of shapeDifferences(value, (actual as Record<string, unknown>)[key], skip, path ? `${path}.${key}` : key))
        seen.set(d.path + d.problem, d);
    }
    return [...seen.values()];
  }
  return [];
}
