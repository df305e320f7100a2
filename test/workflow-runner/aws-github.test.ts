import { commitFiles, createFixtureRepo, runWorkflow } from './index.js';
import { useStandIns } from './test-stand-ins.js';
import type { RunOptions } from './types.js';

const standIns = useStandIns();

const ROLE = 'arn:aws:iam::123456789012:role/deploy';

async function run(workflow: string, extra: Partial<RunOptions> = {}) {
  const repo = createFixtureRepo({ files: { '.github/workflows/w.yml': workflow } });
  return runWorkflow({
    workflow: '.github/workflows/w.yml',
    repository: { name: 'acme/shop', source: { git: repo.dir } },
    event: { name: 'push' },
    aws: standIns.sim,
    github: standIns.github,
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
    ...extra,
  });
}

const deployJob = (permissions: string, environment = 'production') => `
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: { name: ${environment}, url: "https://\${{ steps.creds.outputs.aws-account-id }}.example.com" }
    permissions: ${permissions}
    steps:
      - id: creds
        uses: aws-actions/configure-aws-credentials@v4
        with: { role-to-assume: ${ROLE}, aws-region: eu-west-1 }
      - run: |
          echo "region=$AWS_REGION endpoint=$AWS_ENDPOINT_URL"
          node -e "
            const { STSClient, GetCallerIdentityCommand } = require('${process.cwd()}/node_modules/@aws-sdk/client-sts');
            new STSClient({}).send(new GetCallerIdentityCommand({})).then((r) => console.log('caller ' + r.Arn));
          "
`;

test('configure-aws-credentials assumes the role through the simulated STS with the job token claims', async () => {
  const before = standIns.sim.world.callCounts()['sts.AssumeRoleWithWebIdentity'] ?? 0;
  const result = await run(deployJob('{ id-token: write, contents: read }'));
  expect(result.conclusion).toBe('success');
  const job = result.job('deploy');
  expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
  expect(job.environment).toEqual({ name: 'production', url: 'https://123456789012.example.com' });
  expect(job.steps[1].log).toContain(`region=eu-west-1 endpoint=${standIns.sim.url}`);
  expect(job.steps[1].log).toContain('caller arn:aws:sts::123456789012:assumed-role/deploy/GitHubActions');
  const assumed = job.records.find((r) => r.kind === 'assume-role')!;
  expect(assumed.detail).toMatchObject({
    roleArn: ROLE,
    claims: {
      sub: 'repo:acme/shop:environment:production',
      job_workflow_ref: 'acme/shop/.github/workflows/w.yml@refs/heads/main',
      environment: 'production',
    },
  });
  expect(standIns.sim.world.callCounts()['sts.AssumeRoleWithWebIdentity']).toBe(before + 1);
  // the session's secret never reaches the log
  expect(result.log).not.toMatch(/AWS_SECRET_ACCESS_KEY=\S/);
});

test('without id-token: write the role cannot be assumed and STS is not called', async () => {
  const before = standIns.sim.world.callCounts()['sts.AssumeRoleWithWebIdentity'] ?? 0;
  const result = await run(deployJob('{ contents: read }'));
  expect(result.job('deploy').result).toBe('failure');
  expect(result.job('deploy').steps[0].log).toContain('Could not load credentials from any providers');
  expect(standIns.sim.world.callCounts()['sts.AssumeRoleWithWebIdentity'] ?? 0).toBe(before);
});

test('a trust policy per environment refuses a job in another environment', async () => {
  const trust = { [ROLE]: { sub: 'repo:acme/shop:environment:production' } };
  expect((await run(deployJob('{ id-token: write }', 'production'), { trust })).conclusion).toBe('success');
  const staging = await run(deployJob('{ id-token: write }', 'staging'), { trust });
  expect(staging.job('deploy').steps[0].log).toContain('Not authorized to perform sts:AssumeRoleWithWebIdentity');
});

test('a rejected environment approval fails the job without running a step', async () => {
  const result = await run(deployJob('{ id-token: write }'), { environments: { production: { approve: false } } });
  expect(result.job('deploy').result).toBe('failure');
  expect(result.job('deploy').steps).toEqual([]);
  expect(result.job('deploy').reason).toContain("'production' was rejected");
});

test('each job token carries its permissions to the GitHub stand-in', async () => {
  const result = await run(`
on: push
jobs:
  allowed:
    runs-on: ubuntu-latest
    permissions: { deployments: write }
    steps:
      - run: |
          curl -sf -X POST -H "Authorization: token \${{ github.token }}" "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/deployments" -d '{"ref":"\${{ github.sha }}","environment":"production","required_contexts":[]}' > /dev/null && echo created
          curl -s -X POST -H "Authorization: token \${{ github.token }}" "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/deployments" -d '{"ref":"\${{ github.sha }}"}' | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).message'
  refused:
    runs-on: ubuntu-latest
    permissions: { contents: read }
    steps:
      - run: |
          curl -s -o /dev/null -w "%{http_code}" -X POST -H "Authorization: token \${{ github.token }}" "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/deployments" -d '{"ref":"main"}'
`);
  expect(result.job('allowed').steps[0].log).toContain('created');
  // This job is itself a pending check run of the commit: without required_contexts: [] GitHub refuses.
  expect(result.job('allowed').steps[0].log).toMatch(/Conflict: Commit status checks failed for [0-9a-f]{40}\./);
  expect(result.job('refused').steps[0].log).toContain('403');
  const posts = standIns.github.requests.filter((r) => r.method === 'POST' && r.path === '/repos/acme/shop/deployments');
  expect(posts.map((r) => [r.job, r.status])).toEqual(
    expect.arrayContaining([
      ['allowed', 201],
      ['refused', 403],
    ]),
  );
});

test('deployment branch rules check the branch the run is on, whatever the inputs say', async () => {
  const repo = createFixtureRepo({
    files: {
      '.github/workflows/w.yml': `
on: [push, workflow_dispatch]
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps: [{ run: echo deploying }]
`,
    },
  });
  commitFiles(repo.dir, {}, 'feature', 'feature/x');
  commitFiles(repo.dir, {}, 'release', 'release/2');
  const runOn = (event: RunOptions['event']) =>
    runWorkflow({
      workflow: '.github/workflows/w.yml',
      repository: { name: 'acme/shop', source: { git: repo.dir } },
      event,
      environments: { production: { branches: ['main', 'release/*'] } },
    });
  expect((await runOn({ name: 'push' })).job('deploy').result).toBe('success');
  const feature = await runOn({ name: 'workflow_dispatch', ref: 'refs/heads/feature/x' });
  expect(feature.job('deploy').result).toBe('failure');
  expect(feature.job('deploy').reason).toBe(
    'Branch "feature/x" is not allowed to deploy to production due to environment protection rules.',
  );
  expect((await runOn({ name: 'push', ref: 'refs/heads/release/2' })).job('deploy').result).toBe('success');
});

test('a job summary above 1 MiB is dropped with the runner error', async () => {
  const result = await run(`
on: push
jobs:
  big:
    runs-on: ubuntu-latest
    steps:
      - run: head -c 1100000 /dev/zero | tr '\\\\0' x >> "$GITHUB_STEP_SUMMARY"
      - run: echo "small" >> "$GITHUB_STEP_SUMMARY"
`);
  expect(result.job('big').summary).toBe('small\n');
  expect(result.job('big').annotations).toEqual([
    'error: $GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got 1075k.',
  ]);
});

test('only a job with id-token: write can ask for an OIDC token, whose sub names its environment', async () => {
  const result = await run(`
on: push
jobs:
  with-token:
    runs-on: ubuntu-latest
    environment: staging
    permissions: { id-token: write }
    steps:
      - run: |
          token=$(curl -sf -H "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=sts.amazonaws.com" | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).value')
          echo "$token" | cut -d. -f2 | node -p 'const c = JSON.parse(Buffer.from(require("fs").readFileSync(0, "utf8").trim(), "base64url")); c.sub + " " + c.aud'
          echo "in env context: \${{ env.ACTIONS_ID_TOKEN_REQUEST_URL != '' }}"
  without:
    runs-on: ubuntu-latest
    permissions: { contents: read }
    steps:
      - run: echo "url=[\${ACTIONS_ID_TOKEN_REQUEST_URL:-}]"
`);
  expect(result.job('with-token').steps[0].log).toContain('repo:acme/shop:environment:staging sts.amazonaws.com');
  expect(result.job('with-token').steps[0].log).toContain('in env context: false');
  expect(result.job('without').steps[0].log).toContain('url=[]');
});
