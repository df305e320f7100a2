import { ConfigurationError } from '../errors.js';
import { containersOf, isObject, type TaskDefinition } from '../ecs/task-definition/model.js';

/**
 * `${NAME}`, `${NAME:-default}` (default when unset or empty) and `${NAME-default}` (default when
 * unset) in string values (never in keys), with defaults that hold placeholders themselves
 * (`${A:-${B:-v}}`), resolved as a POSIX shell does. `$${NAME}` writes a literal `${NAME}`.
 * Other templating styles (`<X>`, `{{x}}`, `${{ gh }}`, `$X`) are left alone: see leftovers.ts.
 */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

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
  const replaceIn = (text: string, path: string): string => {
    let out = '';
    let i = 0;
    while (i < text.length) {
      if (text.startsWith('$${', i)) {
        out += '${';
        i += 3;
        continue;
      }
      const placeholder = text.startsWith('${', i) ? readPlaceholder(text, i) : undefined;
      if (!placeholder) {
        out += text[i++];
        continue;
      }
      const { name, operator, fallback, end } = placeholder;
      const found = lookup(name);
      const useFound = found !== undefined && (operator !== ':-' || found !== '');
      if (useFound) {
        used.add(name);
        out += found;
      } else if (fallback !== undefined) {
        out += replaceIn(fallback, path);
      } else {
        if (!unresolved.has(name)) unresolved.set(name, path || '(root)');
        out += text.slice(i, end);
      }
      i = end;
    }
    return out;
  };
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

/** `${NAME}`, `${NAME:-word}` or `${NAME-word}` at `start`, the word running to its matching brace. */
function readPlaceholder(text: string, start: number): { name: string; operator?: string; fallback?: string; end: number } | undefined {
  const name = NAME.exec(text.slice(start + 2))?.[0];
  if (!name) return undefined;
  let i = start + 2 + name.length;
  if (text[i] === '}') return { name, end: i + 1 };
  const operator = text.startsWith(':-', i) ? ':-' : text[i] === '-' ? '-' : undefined;
  if (!operator) return undefined;
  i += operator.length;
  const from = i;
  let depth = 0;
  for (; i < text.length; i++) {
    if (text.startsWith('${', i)) {
      depth++;
      i++;
    } else if (text[i] === '}') {
      if (depth === 0) return { name, operator, fallback: text.slice(from, i), end: i + 1 };
      depth--;
    }
  }
  return undefined;
}
