import { existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { invalid } from './parse.js';

/**
 * Where an action may read files named by its inputs (task definitions, env files, the
 * Dockerfile, the build context): inside the workspace (GITHUB_WORKSPACE, else the working
 * directory) or the runner's temp directory (RUNNER_TEMP, where render-taskdef writes its
 * output). A path is judged by where it really is, symlinks resolved, so a link in the
 * repository cannot lead to /etc or to the runner's credentials. The input
 * `allow-paths-outside-workspace: true` lifts the rule for a workflow that means it.
 */
export interface PathRule {
  workspace: string;
  runnerTemp?: string;
  allowOutside: boolean;
}

/** Where an action writes files for later steps and its post step: RUNNER_TEMP on a runner. */
export function runnerTempDir(env: Readonly<Record<string, string | undefined>>): string {
  return env.RUNNER_TEMP || tmpdir();
}

export const ALLOW_OUTSIDE_INPUT = 'allow-paths-outside-workspace';

export function workspacePathRule(env: Readonly<Record<string, string | undefined>>, allowOutside = false): PathRule {
  return {
    workspace: resolve(env.GITHUB_WORKSPACE || process.cwd()),
    runnerTemp: env.RUNNER_TEMP ? resolve(env.RUNNER_TEMP) : undefined,
    allowOutside,
  };
}

/**
 * The absolute path of input `name`'s value (relative paths are relative to the workspace), or a
 * one-line error naming the input when it lies outside the allowed places. A path that does not
 * exist yet is judged by its nearest existing parent; whether it must exist is the caller's rule.
 */
export function workspacePath(name: string, value: string, rule: PathRule): string {
  const path = isAbsolute(value) ? resolve(value) : resolve(rule.workspace, value);
  if (rule.allowOutside) return path;
  const real = realPath(path);
  const places = [rule.workspace, rule.runnerTemp].filter((p): p is string => Boolean(p)).map(realPath);
  if (places.some((place) => isInside(real, place))) return path;
  const via = real !== path ? ` (it resolves to ${real})` : '';
  throw invalid(
    name,
    value,
    `a path inside the workspace (${rule.workspace})${rule.runnerTemp ? ` or the runner's temp directory (${rule.runnerTemp})` : ''}${via}; set "${ALLOW_OUTSIDE_INPUT}: true" to read files elsewhere`,
  );
}

const isInside = (path: string, directory: string) => {
  const rel = relative(directory, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** realpath of the path, or of its nearest existing parent joined with the rest. */
function realPath(path: string): string {
  if (existsSync(path)) {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  }
  const parent = dirname(path);
  return parent === path ? path : join(realPath(parent), basename(path));
}
