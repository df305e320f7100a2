import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFixtureRepo, groupState, runWorkflow } from './index.js';
import { useStandIns } from './test-stand-ins.js';
import type { RunOptions, RunResult } from './types.js';

/**
 * Workflow-level concurrency between runs started at the same time (pending, replaced, cancelled
 * in progress, the caller/callee deadlock) and the restrictions of a fork's pull request.
 */

const standIns = useStandIns();

/** A workflow whose one job logs `start`, waits until the file `gate` exists, then logs `end`. */
const GATED = (cancel: string) => `
on: pull_request
concurrency:
  group: pr-\${{ github.event.number }}
  cancel-in-progress: ${cancel}
jobs:
  work:
    runs-on: ubuntu-latest
    steps:
      - run: echo "start $TAG"; touch "$MARKS/started-$TAG"; while [ ! -e "$MARKS/gate-$TAG" ]; do sleep 0.05; done
        env: { TAG: "\${{ github.event.action }}" }
      - run: echo "end $TAG"
        env: { TAG: "\${{ github.event.action }}" }
      - if: always()
        run: echo "always $TAG"
        env: { TAG: "\${{ github.event.action }}" }
`;

const marks = mkdtempSync(join(tmpdir(), 'wfr-concurrency-'));
let counter = 0;

function start(workflow: string, action: string, number = 1, extra: Partial<RunOptions> = {}): Promise<RunResult> {
  const repo = createFixtureRepo({ files: { '.github/workflows/w.yml': workflow } });
  return runWorkflow({
    workflow: '.github/workflows/w.yml',
    repository: { name: `acme/c${counter}`, source: { git: repo.dir } },
    event: { name: 'pull_request', payload: { action, number, pull_request: { number } } },
    env: { MARKS: marks },
    ...extra,
  });
}

const until = async (file: string) => {
  while (!existsSync(join(marks, file))) await new Promise((r) => setTimeout(r, 20));
};
const pending = async (repository: string, group: string) => {
  while (groupState(repository, group).pending === 0) await new Promise((r) => setTimeout(r, 20));
};
const open = (file: string) => writeFileSync(join(marks, file), '');
const ran = (result: RunResult) =>
  result
    .job('work')
    .steps.filter((s) => s.conclusion !== 'skipped')
    .map((s) => s.log.trim());

test('a newcomer without cancel-in-progress waits for the run in the group, then runs', async () => {
  counter++;
  const first = start(GATED('false'), 'opened');
  await until('started-opened');
  const second = start(GATED('false'), 'closed');
  await pending(`acme/c${counter}`, 'pr-1');
  expect(existsSync(join(marks, 'started-closed'))).toBe(false); // still pending
  open('gate-opened');
  open('gate-closed');
  const [a, b] = await Promise.all([first, second]);
  expect([a.conclusion, b.conclusion]).toEqual(['success', 'success']);
  expect(ran(a)).toEqual(['start opened', 'end opened', 'always opened']);
  expect(ran(b)).toEqual(['start closed', 'end closed', 'always closed']);
  expect(b.concurrency).toEqual({ group: 'pr-1', cancelInProgress: false });
});

test('cancel-in-progress cancels the run in progress at its next step; a newer pending run replaces the pending one', async () => {
  counter++;
  const gated = GATED("${{ github.event.action == 'synchronize' }}").replaceAll('$MARKS/', '$MARKS/2-');
  const running = start(gated, 'opened', 2);
  await until('2-started-opened');
  const replaced = start(gated, 'reopened', 2); // pending, no cancel-in-progress
  await pending(`acme/c${counter}`, 'pr-2');
  const newest = start(gated, 'synchronize', 2); // cancels the running one, replaces the pending one
  const gone = await replaced;
  expect(gone.conclusion).toBe('cancelled');
  expect(gone.job('work')).toMatchObject({
    result: 'cancelled',
    reason: "Canceling since a higher priority waiting request for 'pr-2' exists",
  });
  open('2-gate-opened');
  open('2-gate-synchronize');
  const [old, latest] = await Promise.all([running, newest]);
  expect(old.job('work').result).toBe('cancelled');
  expect(ran(old)).toEqual(['start opened', 'always opened']);
  expect(ran(latest)).toEqual(['start synchronize', 'end synchronize', 'always synchronize']);
});

test('a called workflow in the group its caller holds is cancelled as a deadlock', async () => {
  counter++;
  const repo = createFixtureRepo({
    files: {
      '.github/workflows/w.yml': `
on: pull_request
concurrency: same
jobs:
  call:
    uses: ./.github/workflows/called.yml
`,
      '.github/workflows/called.yml': `
on: workflow_call
concurrency: same
jobs:
  inner:
    runs-on: ubuntu-latest
    steps:
      - run: echo never
`,
    },
  });
  const result = await runWorkflow({
    workflow: '.github/workflows/w.yml',
    repository: { name: 'acme/deadlock', source: { git: repo.dir } },
    event: { name: 'pull_request', payload: { action: 'opened', number: 3, pull_request: { number: 3 } } },
  });
  expect(result.job('call / inner')).toMatchObject({
    result: 'cancelled',
    reason: "Canceling since a deadlock was detected for concurrency group: 'same' between a top level workflow and 'call'",
  });
});

test("a fork's pull request gets a read-only token, no OIDC token and no secrets", async () => {
  const repo = createFixtureRepo({
    files: {
      '.github/workflows/w.yml': `
on: pull_request
jobs:
  job:
    runs-on: ubuntu-latest
    permissions: { id-token: write, pull-requests: write, contents: read }
    steps:
      - run: echo "oidc=\${ACTIONS_ID_TOKEN_REQUEST_URL:-none} secret=\${SECRET:-none}"
        env: { SECRET: "\${{ secrets.DEPLOY_KEY }}" }
      - uses: aws-actions/configure-aws-credentials@v4
        with: { role-to-assume: 'arn:aws:iam::123456789012:role/preview', aws-region: eu-west-1 }
`,
    },
  });
  const pr = (fork: boolean) => ({
    action: 'opened',
    number: 4,
    pull_request: { number: 4, head: { ref: 'f', sha: 'a'.repeat(40), repo: { full_name: fork ? 'mallory/shop' : 'acme/shop', fork } } },
  });
  const run = (fork: boolean) =>
    runWorkflow({
      workflow: '.github/workflows/w.yml',
      repository: { name: 'acme/shop', source: { git: repo.dir } },
      event: { name: 'pull_request', payload: pr(fork) },
      secrets: { DEPLOY_KEY: 'k3y-value' },
      aws: standIns.sim,
      github: standIns.github,
      env: { AWS_EC2_METADATA_DISABLED: 'true' },
    });
  const fork = await run(true);
  expect(fork.job('job').steps[0].log).toContain('oidc=none secret=none');
  expect(fork.job('job').steps[1].conclusion).toBe('failure');
  expect(fork.job('job').records.find((r) => r.kind === 'assume-role')?.detail.refused).toBe('no id-token: write');
  const own = await run(false);
  expect(own.job('job').steps[0].log).toMatch(/oidc=http\S+ secret=\*\*\*/);
  expect(own.job('job').steps[1].conclusion).toBe('success');
});
