import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allSteps, compositeFiles, load, ROOT, runScripts, workflowFiles, type StepsOf } from './workflow-files.js';

/**
 * What zizmor checks, enforced on every workflow, template and composite action: no expression
 * expanded into a shell script (template injection), no pull_request_target, third-party actions
 * pinned to a full commit SHA with the version in a comment, explicit least permissions on every
 * job, and no credentials persisted by a checkout.
 */

const SELF = /^\$\//;
/** Our own reusable workflows, called by the starter templates by tag (the README explains pinning to a SHA). */
const OWN_WORKFLOW = /^ecs-ship\/ecs-ship\/\.github\/workflows\/[a-z-]+\.yml@/;

test('no run script expands an expression (values reach scripts through env)', () => {
  const found = runScripts()
    .filter(({ script }) => script.includes('${{'))
    .map(({ name }) => name);
  expect(runScripts().length).toBeGreaterThan(3);
  expect(found).toEqual([]);
});

test('no workflow runs on pull_request_target or workflow_run', () => {
  const found = workflowFiles().filter((file) => {
    const on = load(file).on;
    const events = typeof on === 'string' ? [on] : Array.isArray(on) ? on : Object.keys(on ?? {});
    return events.some((event: string) => event === 'pull_request_target' || event === 'workflow_run');
  });
  expect(found).toEqual([]);
});

/** Every `uses:` line with its trailing comment, as written (the YAML parser drops comments). */
function usesLines(file: string): Array<{ uses: string; comment: string }> {
  return readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .map((line) => /^\s*(?:-\s+)?uses:\s*(\S+)\s*(?:#\s*(.*))?$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ uses: match[1], comment: match[2] ?? '' }));
}

test('every third-party action is pinned to a full commit SHA, with its version in a comment', () => {
  const found: string[] = [];
  let pinned = 0;
  for (const file of [...workflowFiles(), ...compositeFiles()]) {
    for (const { uses, comment } of usesLines(file)) {
      if (SELF.test(uses) || OWN_WORKFLOW.test(uses)) continue;
      if (!/^[^@\s]+@[0-9a-f]{40}$/.test(uses)) found.push(`${file}: ${uses} is not pinned to a 40-hex SHA`);
      else if (!/^v\d+\.\d+\.\d+$/.test(comment)) found.push(`${file}: ${uses} has no "# vX.Y.Z" comment`);
      else pinned++;
    }
  }
  expect(found).toEqual([]);
  expect(pinned).toBeGreaterThan(5);
});

test('no caller passes all its secrets on (secrets: inherit)', () => {
  const found = workflowFiles().flatMap((file) =>
    Object.entries<any>(load(file).jobs ?? {})
      .filter(([, job]) => job.secrets === 'inherit')
      .map(([id]) => `${file}: jobs.${id}`),
  );
  expect(found).toEqual([]);
});

/** Each write permission a job may hold, and what in the job needs it. */
const NEEDS: Record<string, (job: StepsOf) => boolean> = {
  // OIDC for AWS: a job that assumes a role, or calls a reusable workflow whose jobs do.
  'id-token': ({ job, steps }) =>
    Boolean(job?.uses) ||
    steps.some((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@') || s.uses === '$/actions/deploy-service'),
  deployments: ({ job, steps }) =>
    Boolean(job?.uses) || steps.some((s) => s.uses === '$/.github/actions/github-deployment' || s.uses === '$/actions/preview'),
  // The preview action keeps one comment on the pull request (and a reusable workflow whose jobs run it).
  'pull-requests': ({ job, steps }) => Boolean(job?.uses) || steps.some((s) => s.uses === '$/actions/preview'),
  // Only the release job creates a release and moves the major tag.
  contents: ({ file, where }) => file === '.github/workflows/release.yml' && where === 'jobs.release',
};

test('every job declares its permissions, and each write permission is one the job needs', () => {
  const found: string[] = [];
  for (const file of workflowFiles()) {
    const top = load(file).permissions;
    if (top !== undefined && JSON.stringify(top) !== '{}' && JSON.stringify(top) !== '{"contents":"read"}') {
      found.push(`${file}: workflow-level permissions ${JSON.stringify(top)} (grant per job)`);
    }
  }
  for (const entry of allSteps().filter((s) => s.where.startsWith('jobs.'))) {
    const permissions = entry.job?.permissions;
    if (permissions === undefined) {
      found.push(`${entry.file}: ${entry.where} has no permissions`);
      continue;
    }
    if (typeof permissions === 'string') {
      found.push(`${entry.file}: ${entry.where} has permissions "${permissions}" (list them)`);
      continue;
    }
    for (const [scope, level] of Object.entries<string>(permissions)) {
      if (level !== 'write') continue;
      if (!NEEDS[scope]?.(entry)) found.push(`${entry.file}: ${entry.where} holds ${scope}: write without needing it`);
    }
  }
  expect(found).toEqual([]);
});

test('no checkout persists its credentials', () => {
  const found: string[] = [];
  let checkouts = 0;
  for (const { file, where, steps } of allSteps()) {
    for (const step of steps.filter((s) => s.uses?.startsWith('actions/checkout@'))) {
      checkouts++;
      if (step.with?.['persist-credentials'] !== false) found.push(`${file}: ${where} checks out without persist-credentials: false`);
    }
  }
  expect(checkouts).toBeGreaterThan(3);
  expect(found).toEqual([]);
});

test('a job that runs after others checks their results against an allow-list, never a deny-list', () => {
  const found: string[] = [];
  for (const file of workflowFiles()) {
    for (const [id, job] of Object.entries<any>(load(file).jobs ?? {})) {
      const condition = String(job.if ?? '');
      if (/\.result\s*!=/.test(condition)) found.push(`${file}: jobs.${id} tests a result with != (${condition})`);
      if (/\balways\(\)/.test(condition) && /needs\./.test(condition))
        found.push(`${file}: jobs.${id} runs on always() (use !cancelled() and list the results it accepts)`);
    }
  }
  expect(found).toEqual([]);
});
