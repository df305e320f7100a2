import { ConfigurationError } from '../errors.js';
import { invalidSetting, SettingError } from '../inputs/setting-error.js';

/** Docker tag rules: up to 128 characters of [A-Za-z0-9_.-], not starting with "." or "-". */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

/** Turns a branch name such as "feature/Login #2" into a usable tag ("feature-Login-2"). */
export function sanitizeTag(raw: string): string {
  const tag = raw
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128)
    .replace(/[.-]+$/, '');
  return tag;
}

export interface TagOptions {
  /** Tags the user listed; when empty, the commit SHA. */
  explicit: string[];
  sha?: string;
  /** Branch the workflow runs for (GITHUB_HEAD_REF on pull requests, else GITHUB_REF_NAME). */
  branch?: string;
  tagBranch: boolean;
  tagLatest: boolean;
}

/** The tags to push, primary first, without duplicates. */
export function resolveTags(options: TagOptions): string[] {
  for (const tag of options.explicit) {
    if (!isValidTag(tag)) {
      throw invalidSetting('tags', tag, 'tag names of letters, digits, "_", "." and "-" (at most 128, not starting with "." or "-")');
    }
  }
  const tags = [...options.explicit];
  if (!tags.length) {
    if (!options.sha) throw new ConfigurationError('No tags: set the "tags" input or run in a workflow where GITHUB_SHA is set.');
    tags.push(options.sha);
  }
  if (options.tagBranch) {
    const branch = options.branch ? sanitizeTag(options.branch) : '';
    if (!branch)
      throw new SettingError('tagBranch', (input) => `Input "${input}" is true, but this run has no branch name (GITHUB_REF_NAME).`);
    tags.push(branch);
  }
  if (options.tagLatest) tags.push('latest');
  return [...new Set(tags)];
}
