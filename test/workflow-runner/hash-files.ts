import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * hashFiles(patterns) as the runner computes it: the SHA-256 of the SHA-256 of each matching file
 * (sorted by path), '' when nothing matches. Patterns: `**`, `*`, `?` and `!negation`, relative to
 * the workspace.
 */
function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      source += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function listFiles(dir: string, root: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    if (name === '.git') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) listFiles(path, root, out);
    else out.push(relative(root, path));
  }
}

export function hashFiles(workspace: string, patterns: string[]): string {
  const include = patterns.filter((p) => !p.startsWith('!')).map(globToRegExp);
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => globToRegExp(p.slice(1)));
  const files: string[] = [];
  try {
    listFiles(workspace, workspace, files);
  } catch {
    return '';
  }
  const matched = files.filter((f) => include.some((r) => r.test(f)) && !exclude.some((r) => r.test(f))).sort();
  if (matched.length === 0) return '';
  const outer = createHash('sha256');
  for (const file of matched)
    outer.update(
      createHash('sha256')
        .update(readFileSync(join(workspace, file)))
        .digest(),
    );
  return outer.digest('hex');
}
