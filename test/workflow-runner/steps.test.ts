import { createFixtureRepo, runWorkflow } from './index.js';
import type { RunEvent } from './types.js';

async function run(workflow: string, event: RunEvent = { name: 'push' }, extra: Partial<Parameters<typeof runWorkflow>[0]> = {}) {
  const repo = createFixtureRepo({ files: { '.github/workflows/w.yml': workflow } });
  return runWorkflow({
    workflow: '.github/workflows/w.yml',
    repository: { name: 'acme/shop', source: { git: repo.dir } },
    event,
    ...extra,
  });
}

test('a matrix expands with include and exclude; legs see matrix and strategy; needs sees the aggregate', async () => {
  const result = await run(`
on: push
jobs:
  test:
    strategy:
      matrix:
        service: [api, worker]
        node: [20, 22]
        exclude:
          - { service: worker, node: 20 }
        include:
          - { service: api, extra: yes }
          - { service: cron, node: 22 }
    runs-on: ubuntu-latest
    outputs:
      last: \${{ steps.s.outputs.leg }}
    steps:
      - id: s
        run: echo "leg=\${{ matrix.service }}-\${{ matrix.node }}-\${{ matrix.extra }} \${{ strategy.job-index }}/\${{ strategy.job-total }}" >> "$GITHUB_OUTPUT"
  after:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ needs.test.result }} \${{ needs.test.outputs.last }}"
`);
  expect(result.conclusion).toBe('success');
  expect(result.job('test').legs?.map((l) => `${l.path}: ${l.steps[0].outputs.leg}`)).toEqual([
    'test (api, 20, yes): api-20-yes 0/4',
    'test (api, 22, yes): api-22-yes 1/4',
    'test (worker, 22): worker-22- 2/4',
    'test (cron, 22): cron-22- 3/4',
  ]);
  expect(result.job('after').steps[0].log).toContain('success cron-22- 3/4');
});

test('fail-fast cancels the remaining legs; fail-fast: false runs them all', async () => {
  const workflow = (failFast: boolean) => `
on: push
jobs:
  test:
    strategy:
      fail-fast: ${failFast}
      matrix: { n: [1, 2, 3] }
    runs-on: ubuntu-latest
    steps:
      - run: test "\${{ matrix.n }}" != 1
`;
  const fast = await run(workflow(true));
  expect(fast.job('test').legs?.map((l) => l.result)).toEqual(['failure', 'cancelled', 'cancelled']);
  const slow = await run(workflow(false));
  expect(slow.job('test').legs?.map((l) => l.result)).toEqual(['failure', 'success', 'success']);
  expect(slow.job('test').result).toBe('failure');
});

test('env precedence, GITHUB_ENV, GITHUB_PATH, working-directory, shells and continue-on-error', async () => {
  const result = await run(`
on: push
env: { LEVEL: workflow, KEEP: w }
defaults:
  run:
    working-directory: sub
jobs:
  job:
    runs-on: ubuntu-latest
    env: { LEVEL: job }
    steps:
      - run: mkdir -p sub/bin
        working-directory: .
      - run: |
          printf '#!/bin/sh\\necho tool ran\\n' > bin/mytool && chmod +x bin/mytool
          echo "$PWD/bin" >> "$GITHUB_PATH"
          echo "EXPORTED=yes" >> "$GITHUB_ENV"
          echo "GITHUB_SHA=forged" >> "$GITHUB_ENV"
      - run: |
          echo "level=$LEVEL keep=$KEEP exported=$EXPORTED ctx=\${{ env.EXPORTED }} dir=$(basename "$PWD")"
          mytool
          test "$GITHUB_SHA" != forged && echo "sha kept"
        env: { LEVEL: step }
      - id: bad
        continue-on-error: true
        shell: bash
        run: false | true
      - id: bad2
        continue-on-error: true
        run: exit 4
      - run: echo "outcome=\${{ steps.bad2.outcome }} conclusion=\${{ steps.bad2.conclusion }} pipefail=\${{ steps.bad.outcome }}"
      - shell: python
        run: print("python", 1 + 1)
`);
  expect(result.conclusion).toBe('success');
  const steps = result.job('job').steps;
  expect(steps[2].log).toContain('level=step keep=w exported=yes ctx=yes dir=sub');
  expect(steps[2].log).toContain('tool ran');
  expect(steps[2].log).toContain('sha kept');
  expect(steps[3].outcome).toBe('failure');
  expect(steps[5].log).toContain('outcome=failure conclusion=success pipefail=failure');
  expect(steps[6].log).toContain('python 2');
});

test('the default shell is bash -e without pipefail, as GitHub runs an unset shell', async () => {
  const result = await run(`
on: push
jobs:
  job:
    runs-on: ubuntu-latest
    steps:
      - run: false | true
`);
  expect(result.job('job').steps[0].conclusion).toBe('success');
});

test('workflow_dispatch inputs get defaults and types, and are checked like a dispatch', async () => {
  const workflow = `
on:
  workflow_dispatch:
    inputs:
      sha: { required: true, type: string }
      dry: { type: boolean, default: true }
      env: { type: choice, options: [staging, production], default: staging }
jobs:
  job:
    runs-on: ubuntu-latest
    steps:
      - run: echo "sha=\${{ inputs.sha }} dry=\${{ inputs.dry }} bool=\${{ inputs.dry == true }} env=\${{ inputs.env }} event=\${{ github.event_name }} payload=\${{ toJSON(github.event.inputs) }}"
`;
  const result = await run(workflow, { name: 'workflow_dispatch', inputs: { sha: 'abc' } });
  expect(result.job('job').steps[0].log).toContain('sha=abc dry=true bool=true env=staging event=workflow_dispatch payload={');
  expect(result.job('job').steps[0].run).toContain('"dry": "true"');
  await expect(run(workflow, { name: 'workflow_dispatch', inputs: {} })).rejects.toThrow("Required input 'sha' not provided");
  await expect(run(workflow, { name: 'workflow_dispatch', inputs: { sha: 'a', env: 'prod' } })).rejects.toThrow(
    /'prod' for input 'env' not in the list/,
  );
  await expect(run(workflow, { name: 'push' })).rejects.toThrow('does not run on push');
});

test('a step past the job timeout is killed and the job fails', async () => {
  const result = await run(
    `
on: push
jobs:
  job:
    runs-on: ubuntu-latest
    timeout-minutes: 1
    steps:
      - run: sleep 5
      - run: echo "not after the timeout"
      - if: cancelled()
        run: echo "cleanup after the timeout"
`,
    { name: 'push' },
    { minuteMs: 300 },
  );
  expect(result.job('job').timeoutMinutes).toBe(1);
  expect(result.job('job').result).toBe('failure');
  expect(result.job('job').steps[0].log).toContain('has timed out');
  expect(result.job('job').steps[1].conclusion).toBe('skipped');
  expect(result.job('job').steps[2].log).toContain('cleanup after the timeout');
});

test('pull_request runs see the merge ref and head/base refs', async () => {
  const result = await run(
    `
on: pull_request
jobs:
  job:
    runs-on: ubuntu-latest
    steps:
      - run: echo "ref=$GITHUB_REF head=$GITHUB_HEAD_REF base=\${{ github.base_ref }} n=\${{ github.event.number }} event=$(node -p 'require(process.env.GITHUB_EVENT_PATH).pull_request.head.ref')"
`,
    {
      name: 'pull_request',
      payload: { number: 12, pull_request: { number: 12, head: { ref: 'feature', sha: 'f'.repeat(40) }, base: { ref: 'main' } } },
    },
  );
  expect(result.job('job').steps[0].log).toContain('ref=refs/pull/12/merge head=feature base=main n=12 event=feature');
});
