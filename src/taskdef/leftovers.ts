import { isObject } from './document.js';

/**
 * Templating styles this action does not fill (CodeDeploy's <IMAGE1_NAME>, Mustache/ecspresso
 * {{...}}, unrendered GitHub expressions ${{ ... }}, __X__, #{x}). ECS would register them as
 * literal text and fail later, so they are reported as warnings with where they are.
 */
const STYLES: Array<[RegExp, string]> = [
  [/\$\{\{[^}]*\}\}/, '${{ }}'],
  [/\{\{[^}]*\}\}/, '{{ }}'],
  [/<[A-Za-z_][A-Za-z0-9_-]*>/, '<X>'],
  [/__[A-Z][A-Z0-9_]*__/, '__X__'],
  [/#\{[^}]+\}/, '#{x}'],
];

export function findLeftoverPlaceholders(value: unknown, path = ''): Array<{ path: string; text: string }> {
  if (typeof value === 'string') {
    for (const [pattern] of STYLES) {
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
