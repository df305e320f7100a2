import { ConfigurationError } from '../errors.js';
import { containersOf, isObject, type TaskDefinition } from './document.js';

/**
 * `${NAME}` and `${NAME:-default}` placeholders in string values (never in keys). `$${NAME}`
 * writes a literal `${NAME}`. Other templating styles (`<X>`, `{{x}}`, `${{ gh }}`) are left
 * alone: see leftovers.ts.
 */
const PLACEHOLDER = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface PlaceholderValues {
  /** From the `vars` input: wins over the environment. */
  vars: ReadonlyMap<string, string>;
  /** From the process environment, when `vars-from-env` is on. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface Substitution<T> {
  value: T;
  /** Names that were replaced, for the log. */
  used: string[];
}

/**
 * Replaces every placeholder in `value`. Any placeholder without a value and without a default
 * is an error listing all of them with where they are, so one run shows everything to fix and
 * nothing half-rendered is written.
 */
export function substitutePlaceholders<T>(value: T, values: PlaceholderValues, hint: string): Substitution<T> {
  const unresolved = new Map<string, string>();
  const used = new Set<string>();
  const lookup = (name: string) => values.vars.get(name) ?? values.env?.[name];
  const replaceIn = (text: string, path: string) =>
    text.replace(PLACEHOLDER, (whole, escaped: string, name: string, fallback: string | undefined) => {
      if (escaped) return whole.slice(1);
      const found = lookup(name);
      if (found !== undefined) {
        used.add(name);
        return found;
      }
      if (fallback !== undefined) return fallback;
      if (!unresolved.has(name)) unresolved.set(name, path || '(root)');
      return whole;
    });
  const walk = (node: unknown, path: string): unknown => {
    if (typeof node === 'string') return replaceIn(node, path);
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${path}[${i}]`));
    if (isObject(node)) {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, path ? `${path}.${k}` : k)]));
    }
    return node;
  };
  const result = walk(value, '') as T;
  if (unresolved.size) {
    const list = [...unresolved].map(([name, path]) => `\${${name}} (at ${path})`).join(', ');
    throw new ConfigurationError(`Unresolved placeholders in the task definition: ${list}. ${hint}`);
  }
  return { value: result, used: [...used].sort() };
}

/**
 * Fills the placeholders of each container's name that have a value, leaving the rest for
 * substitutePlaceholders to report with everything else that is unresolved.
 */
export function renderContainerNames(document: TaskDefinition, values: PlaceholderValues): void {
  for (const container of containersOf(document)) {
    if (typeof container.name !== 'string') continue;
    try {
      container.name = substitutePlaceholders(container.name, values, '').value;
    } catch {
      // An unresolved placeholder in the name: reported by the full pass.
    }
  }
}
