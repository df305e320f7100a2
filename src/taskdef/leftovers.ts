import { isObject } from '../ecs/task-definition/model.js';

/**
 * Templating styles this action does not fill (CodeDeploy's <IMAGE1_NAME>, Mustache/ecspresso
 * {{...}}, unrendered GitHub expressions ${{ ... }}, __X__, #{x}, shell's $X, Windows' %X%,
 * Python's {X}, YOUR_... and account IDs of X's from examples). ECS would register them as
 * literal text and fail later, so they are reported as warnings with where they are.
 */
const STYLES: RegExp[] = [
  /\$\{\{[^}]*\}\}/,
  /\{\{[^}]*\}\}/,
  /<[A-Za-z_][A-Za-z0-9_-]*>/,
  /__[A-Z][A-Z0-9_]*__/,
  /#\{[^}]+\}/,
  /%[A-Z_][A-Z0-9_]*%/,
  /(?<![{$#])\{[A-Z_][A-Z0-9_]*\}/,
  /\bYOUR_[A-Z0-9_]+/,
  /\b[Xx]{12}\b/,
];

/** A shell-style $NAME (upper case only, where a value is unlikely to hold a literal dollar). */
const SHELL_VARIABLE = /(?<![$\w])\$[A-Z_][A-Z0-9_]*\b/;

/** Where $NAME is the container's own shell at work, not a leftover: commands and health checks. */
const SHELL_FIELDS = /\.(command|entryPoint)\[\d+\]$|\.healthCheck\.command\[\d+\]$/;

export function findLeftoverPlaceholders(value: unknown, path = ''): Array<{ path: string; text: string }> {
  if (typeof value === 'string') {
    const patterns = SHELL_FIELDS.test(path) ? STYLES : [...STYLES, SHELL_VARIABLE];
    for (const pattern of patterns) {
      const match = pattern.exec(value);
      if (match) return [{ path: path || '(root)', text: match[0] }];
    }
    return [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => findLeftoverPlaceholders(item, `${path}[${i}]`));
  if (isObject(value)) {
    return Object.entries(value).flatMap(([k, v]) => findLeftoverPlaceholders(v, path ? `${path}.${k}` : k));
  }
  return [];
}
