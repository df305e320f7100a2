import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startSimulator, type Simulator } from '../aws-sim/server.js';
import { createFixtureRepo, runWorkflow } from './index.js';

/** The toolkit's own bundles run through the runner from this working tree (build them first). */
const ROOT = resolve(import.meta.dirname, '..', '..');
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.stop());

const TEMPLATE = JSON.stringify({
  family: '${SERVICE}-api',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'api', image: '<IMAGE>', essential: true }],
});

test('a service workflow runs the toolkit action named owner/repo/actions/<name>@ref from the working tree', async () => {
  const service = createFixtureRepo({
    files: {
      'ecs/api.json': TEMPLATE,
      '.github/workflows/deploy.yml': `
on: push
permissions: { id-token: write, contents: read }
jobs:
  render:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with: { persist-credentials: false }
      - uses: aws-actions/configure-aws-credentials@v4
        with: { role-to-assume: arn:aws:iam::123456789012:role/deploy, aws-region: us-east-1 }
      - id: render
        uses: ecs-ship/ecs-ship/actions/render-taskdef@v1
        with:
          task-definition: ecs/api.json
          image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:\${{ github.sha }}
          vars: SERVICE=shop
      - run: node -p 'const t = require(process.argv[1]); t.family + " " + t.containerDefinitions[0].image' "\${{ steps.render.outputs.task-definition }}"
`,
    },
  });
  const result = await runWorkflow({
    workflow: '.github/workflows/deploy.yml',
    repository: { name: 'acme/shop', source: { git: service.dir } },
    repositories: { 'ecs-ship/ecs-ship': { dir: ROOT } },
    event: { name: 'push' },
    aws: sim,
    env: { AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const job = result.job('render');
  expect({ conclusion: result.conclusion, log: result.conclusion === 'success' ? '' : result.log }).toEqual({
    conclusion: 'success',
    log: '',
  });
  const rendered = JSON.parse(readFileSync(job.steps[2].outputs['task-definition'], 'utf8'));
  expect(rendered.containerDefinitions[0].image).toBe(`123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:${service.sha}`);
  expect(job.steps[3].log).toContain(`shop-api 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:${service.sha}`);
  expect(job.summary).not.toBe('');
});
