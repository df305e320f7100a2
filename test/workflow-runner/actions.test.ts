import { createFixtureRepo, runWorkflow } from './index.js';

/** A JavaScript action without dependencies: main writes an output and state, post reads it back. */
const JS_ACTION = {
  'actions/greet/action.yml': `
name: greet
description: greets
inputs:
  who: { description: who, required: true }
  greeting: { description: how, default: "hello from \${{ github.repository }}" }
outputs:
  said: { description: what it said }
runs:
  using: node24
  main: dist/index.js
  post: dist/post/index.js
  post-if: always()
`,
  'actions/greet/dist/index.js': `
const fs = require('fs');
const said = process.env.INPUT_GREETING + ' ' + process.env.INPUT_WHO;
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'said=' + said + '\\n');
fs.appendFileSync(process.env.GITHUB_STATE, 'who=' + process.env.INPUT_WHO + '\\n');
console.log('action path ' + process.env.GITHUB_ACTION_PATH.endsWith('actions/greet'));
if (process.env.INPUT_WHO === 'nobody') process.exit(2);
`,
  'actions/greet/dist/post/index.js': `console.log('post for ' + process.env.STATE_who + ' order ' + process.env.ORDER);`,
};

const COMPOSITE = {
  'actions/pair/action.yml': `
name: pair
description: calls greet twice
inputs:
  first: { description: first, required: true }
outputs:
  both:
    description: both greetings
    value: \${{ steps.one.outputs.said }} / \${{ steps.two.outputs.said }}
runs:
  using: composite
  steps:
    - id: one
      uses: ./actions/greet
      with: { who: "\${{ inputs.first }}" }
      env: { ORDER: one }
    - id: two
      uses: ./actions/greet
      with: { who: second, greeting: hi }
      env: { ORDER: two }
    - run: echo "composite sees \${{ steps.one.outputs.said }} in $GITHUB_ACTION_PATH"
      shell: bash
`,
};

async function run(steps: string, extraFiles: Record<string, string> = {}) {
  const repo = createFixtureRepo({
    files: {
      ...JS_ACTION,
      ...COMPOSITE,
      ...extraFiles,
      '.github/workflows/w.yml': `
on: push
permissions: {}
jobs:
  job:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with: { persist-credentials: false }
${steps}`,
    },
  });
  return runWorkflow({
    workflow: '.github/workflows/w.yml',
    repository: { name: 'acme/shop', source: { git: repo.dir } },
    event: { name: 'push' },
  });
}

test('a JavaScript action gets INPUT_* with evaluated defaults, sets outputs, and its post step runs at job end with its state', async () => {
  const result = await run(`
      - id: g
        uses: ./actions/greet
        with: { who: world }
      - run: echo "output=\${{ steps.g.outputs.said }}"
`);
  expect(result.conclusion).toBe('success');
  const [, greet, echo] = result.job('job').steps;
  expect(greet.outputs.said).toBe('hello from acme/shop world');
  expect(greet.log).toContain('action path true');
  expect(echo.log).toContain('output=hello from acme/shop world');
  expect(greet.post).toMatchObject({ conclusion: 'success' });
  expect(greet.post?.log).toContain('post for world');
  // post steps run after every main step
  expect(result.log.indexOf('post for world')).toBeGreaterThan(result.log.indexOf('output=hello'));
});

test('a failing action fails the job; later steps are skipped but post steps still run', async () => {
  const result = await run(`
      - uses: ./actions/greet
        with: { who: nobody }
      - run: echo never
      - if: failure()
        run: echo "cleanup ran"
`);
  expect(result.conclusion).toBe('failure');
  const [, greet, never, cleanup] = result.job('job').steps;
  expect(greet.conclusion).toBe('failure');
  expect(greet.log).toContain('Process completed with exit code 2.');
  expect(never.conclusion).toBe('skipped');
  expect(cleanup.log).toContain('cleanup ran');
  expect(greet.post?.log).toContain('post for nobody');
});

test('a composite action passes inputs, runs nested actions, returns outputs, and registers nested post steps in reverse order', async () => {
  const result = await run(`
      - id: pair
        uses: ./actions/pair
        with: { first: ada }
      - run: echo "pair said \${{ steps.pair.outputs.both }}"
`);
  expect(result.conclusion).toBe('success');
  const [, pair, echo] = result.job('job').steps;
  expect(pair.outputs.both).toBe('hello from acme/shop ada / hi second');
  expect(pair.steps?.[2].log).toMatch(/composite sees hello from acme\/shop ada in .*actions\/pair/);
  expect(echo.log).toContain('pair said hello from acme/shop ada / hi second');
  const posts = result.log.split('\n').filter((line) => line.includes('post for'));
  expect(posts).toEqual([expect.stringContaining('post for second order two'), expect.stringContaining('post for ada order one')]);
});

test('an unknown action input is passed on with the runner warning', async () => {
  const result = await run(`
      - uses: ./actions/greet
        with: { who: x, colour: red }
`);
  expect(result.job('job').annotations).toContain("warning: Unexpected input(s) 'colour', valid inputs are ['who', 'greeting']");
});

test('./ actions need a checkout, as on GitHub', async () => {
  const repo = createFixtureRepo({
    files: {
      ...JS_ACTION,
      '.github/workflows/w.yml': `
on: push
jobs:
  job:
    runs-on: ubuntu-latest
    steps:
      - uses: ./actions/greet
        with: { who: x }
`,
    },
  });
  const result = await runWorkflow({
    workflow: '.github/workflows/w.yml',
    repository: { name: 'acme/shop', source: { git: repo.dir } },
    event: { name: 'push' },
  });
  expect(result.conclusion).toBe('failure');
  expect(result.job('job').steps[0].log).toContain("Can't find 'action.yml', 'action.yaml' or 'Dockerfile' for action './actions/greet'.");
});

test("a repository action's pre runs when the job starts and hands its state to main; a local action's pre does not run", async () => {
  const action = {
    'action.yml': `
name: prepared
description: has a pre step
inputs:
  word: { description: w, default: "\${{ github.repository }}" }
runs:
  using: node20
  pre: pre.js
  main: main.js
`,
    'pre.js': `require('fs').appendFileSync(process.env.GITHUB_STATE, 'from_pre=' + process.env.INPUT_WORD + '\\n'); console.log('pre ran');`,
    'main.js': `console.log('main sees ' + process.env.STATE_from_pre);`,
  };
  const toolkit = createFixtureRepo({ files: action });
  const service = createFixtureRepo({
    files: {
      ...Object.fromEntries(Object.entries(action).map(([path, text]) => [`local/${path}`, text])),
      '.github/workflows/w.yml': `
on: push
jobs:
  job:
    runs-on: ubuntu-latest
    steps:
      - run: echo "first step"
      - uses: acme/prepared@${toolkit.sha}
      - uses: actions/checkout@v4
      - uses: ./local
`,
    },
  });
  const result = await runWorkflow({
    workflow: '.github/workflows/w.yml',
    repository: { name: 'acme/shop', source: { git: service.dir } },
    repositories: { 'acme/prepared': { git: toolkit.dir } },
    event: { name: 'push' },
  });
  expect(result.conclusion).toBe('success');
  const [, remote, , local] = result.job('job').steps;
  expect(result.log.indexOf('pre ran')).toBeLessThan(result.log.indexOf('first step'));
  expect(remote.pre?.log).toContain('pre ran');
  expect(remote.log).toContain('main sees acme/shop');
  expect(local.log).toContain('main sees undefined');
  expect(result.job('job').annotations).toContain("warning: `pre` execution is not supported for local action from './local'");
});
