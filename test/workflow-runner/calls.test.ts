import { commitFiles, createFixtureRepo, runWorkflow } from './index.js';

const CALLED = `
on:
  workflow_call:
    inputs:
      who: { type: string, required: true }
      loud: { type: boolean, default: false }
      count: { type: number, default: 2 }
    secrets:
      token: { required: true }
    outputs:
      greeting:
        value: \${{ jobs.greet.outputs.greeting }}
jobs:
  greet:
    runs-on: ubuntu-latest
    outputs:
      greeting: \${{ steps.g.outputs.greeting }}
    steps:
      - id: g
        env:
          TOKEN: \${{ secrets.token }}
        run: |
          echo "greeting=hello \${{ inputs.who }} loud=\${{ inputs.loud }} count=\${{ inputs.count }}" >> "$GITHUB_OUTPUT"
          echo "token is $TOKEN"
          echo "ref=\${{ job.workflow_ref }} sha=\${{ job.workflow_sha }} top=\${{ github.workflow_ref }}"
`;

test('a local reusable workflow gets typed inputs with defaults, secrets, and returns outputs', async () => {
  const repo = createFixtureRepo({
    files: {
      '.github/workflows/called.yml': CALLED,
      '.github/workflows/w.yml': `
on: push
jobs:
  call:
    uses: ./.github/workflows/called.yml
    with: { who: world }
    secrets: { token: "\${{ secrets.MY_TOKEN }}" }
  after:
    needs: call
    runs-on: ubuntu-latest
    steps:
      - run: echo "said \${{ needs.call.outputs.greeting }}"
`,
    },
  });
  const result = await runWorkflow({
    workflow: '.github/workflows/w.yml',
    repository: { name: 'acme/shop', source: { git: repo.dir } },
    event: { name: 'push' },
    secrets: { MY_TOKEN: 's3cr3t-value' },
  });
  expect(result.conclusion).toBe('success');
  expect(result.jobs.map((j) => j.path)).toEqual(['call / greet', 'call', 'after']);
  expect(result.job('call').outputs.greeting).toBe('hello world loud=false count=2');
  expect(result.job('after').steps[0].log).toContain('said hello world loud=false count=2');
  const log = result.job('call / greet').steps[0].log;
  expect(log).toContain('token is ***');
  expect(result.log).not.toContain('s3cr3t-value');
  expect(log).toContain(
    `ref=acme/shop/.github/workflows/called.yml@refs/heads/main sha=${repo.sha} top=acme/shop/.github/workflows/w.yml@refs/heads/main`,
  );
});

test('a call missing a required input or secret is rejected by the parser before the run', async () => {
  const repo = createFixtureRepo({
    files: {
      '.github/workflows/called.yml': CALLED,
      '.github/workflows/w.yml': `
on: push
jobs:
  call:
    uses: ./.github/workflows/called.yml
    with: { loud: true }
`,
    },
  });
  await expect(
    runWorkflow({
      workflow: '.github/workflows/w.yml',
      repository: { name: 'acme/shop', source: { git: repo.dir } },
      event: { name: 'push' },
    }),
  ).rejects.toThrow(/Input who is required, but not provided while calling.*Secret token is required/);
});

test('a boolean input given a string fails the calling job', async () => {
  const repo = createFixtureRepo({
    files: {
      '.github/workflows/called.yml': CALLED,
      '.github/workflows/w.yml': `
on: push
jobs:
  call:
    uses: ./.github/workflows/called.yml
    with: { who: x, loud: "\${{ 'yes' }}" }
    secrets: inherit
`,
    },
  });
  const result = await runWorkflow({
    workflow: '.github/workflows/w.yml',
    repository: { name: 'acme/shop', source: { git: repo.dir } },
    event: { name: 'push' },
    secrets: { token: 't' },
  });
  expect(result.job('call').result).toBe('failure');
  expect(result.job('call').reason).toBe("Input loud: unexpected type of value 'yes', expected type: Boolean.");
});

test('a remote reusable workflow runs at the ref it names, with $/ actions from that same commit', async () => {
  const action = (word: string) => `
name: say
description: says a word
runs:
  using: composite
  steps:
    - run: echo "action says ${word}"
      shell: bash
`;
  const toolkit = createFixtureRepo({
    files: {
      'actions/say/action.yml': action('A'),
      '.github/workflows/lib.yml': `
on: workflow_call
jobs:
  lib:
    runs-on: ubuntu-latest
    steps:
      - uses: $/actions/say
      - run: echo "repo=\${{ job.workflow_repository }} sha=\${{ job.workflow_sha }}"
`,
    },
  });
  commitFiles(toolkit.dir, { 'actions/say/action.yml': action('B') });
  const service = createFixtureRepo({
    files: {
      '.github/workflows/w.yml': `
on: push
jobs:
  deploy:
    uses: acme/toolkit/.github/workflows/lib.yml@${toolkit.sha}
`,
    },
  });
  const result = await runWorkflow({
    workflow: '.github/workflows/w.yml',
    repository: { name: 'acme/shop', source: { git: service.dir } },
    repositories: { 'acme/toolkit': { git: toolkit.dir } },
    event: { name: 'push' },
  });
  expect({ conclusion: result.conclusion, log: result.log }).toMatchObject({ conclusion: 'success' });
  const job = result.job('deploy / lib');
  expect(job.steps[0].steps?.[0].log).toContain('action says A');
  expect(job.steps[1].log).toContain(`repo=acme/toolkit sha=${toolkit.sha}`);
  expect(job.workflowRef).toBe(`acme/toolkit/.github/workflows/lib.yml@${toolkit.sha}`);
});

test("a called workflow's job may not ask for more permissions than the calling job grants", async () => {
  const called = `
on: workflow_call
permissions: {}
jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions: { id-token: write, contents: read }
    steps: [{ run: echo deploying }]
`;
  const caller = (permissions: string) => `
on: push
jobs:
  call:
    permissions: ${permissions}
    uses: ./.github/workflows/called.yml
`;
  const runWith = async (permissions: string) => {
    const repo = createFixtureRepo({ files: { '.github/workflows/called.yml': called, '.github/workflows/w.yml': caller(permissions) } });
    return runWorkflow({
      workflow: '.github/workflows/w.yml',
      repository: { name: 'acme/shop', source: { git: repo.dir } },
      event: { name: 'push' },
    });
  };
  const refused = await runWith('{ contents: read }');
  expect(refused.job('call').result).toBe('failure');
  expect(refused.job('call').reason).toBe(
    "Error calling workflow 'acme/shop/.github/workflows/called.yml@refs/heads/main'. The nested job 'deploy' is requesting 'id-token: write', but is only allowed 'id-token: none'.",
  );
  const granted = await runWith('{ contents: read, id-token: write }');
  expect(granted.job('call / deploy').result).toBe('success');
  expect(granted.job('call / deploy').permissions).toEqual({ 'id-token': 'write', contents: 'read' });
});

test("a remote composite's $/ steps run from the composite's own repository and ref", async () => {
  const say = (word: string) =>
    `name: say\ndescription: says\nruns:\n  using: composite\n  steps:\n    - run: echo "says ${word}"\n      shell: bash\n`;
  const toolkit = createFixtureRepo({
    files: {
      'action.yml': `name: root\ndescription: the whole pipeline\nruns:\n  using: composite\n  steps:\n    - uses: $/actions/say\n`,
      'actions/say/action.yml': say('A'),
    },
  });
  commitFiles(toolkit.dir, { 'actions/say/action.yml': say('B') });
  const service = createFixtureRepo({
    files: {
      '.github/workflows/w.yml': `on: push\njobs:\n  job:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/toolkit@${toolkit.sha}\n`,
    },
  });
  const result = await runWorkflow({
    workflow: '.github/workflows/w.yml',
    repository: { name: 'acme/shop', source: { git: service.dir } },
    repositories: { 'acme/toolkit': { git: toolkit.dir } },
    event: { name: 'push' },
  });
  expect(result.job('job').steps[0].steps?.[0].steps?.[0].log).toContain('says A');
});
