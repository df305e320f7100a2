import { relative } from 'node:path';
import { buildBaseImage } from '../../test/fixtures/base-image.js';
import { setScenario } from '../../test/aws-sim/services/ecs/scenarios.js';
import { ACCOUNT, family, templateVars } from './account.js';
import type { Environment } from './environment.js';
import { FIXTURE_DIR } from './environment.js';
import { Job, ROOT, type StepResult } from './job.js';

/**
 * The service pipeline of DESIGN.md, as a workflow would run it:
 * ecr-login -> build-push -> render-taskdef (api, worker, migration: one template) ->
 * run-migration -> deploy-service (api and worker together).
 */

export interface PipelineOptions {
  env: Environment;
  job: Job;
  /** The new image crash-loops in the api service (the circuit breaker rolls it back). */
  fail?: boolean;
  /** Build context (default: the example service). */
  context?: string;
  /** deploy-service and run-migration timeout. */
  timeout?: string;
}

export interface PipelineResult {
  ok: boolean;
  results: StepResult[];
  /** Why the pipeline stopped early (a step failed or is not built yet). */
  stoppedAt?: StepResult;
}

const lines = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

/** What test/fixtures/service/migrate.sh prints (the simulator does not run containers: it plays this). */
export const MIGRATION_LOGS = [
  'migrate: applying 001_create_orders.sql',
  'migrate: applying 002_add_order_status.sql',
  'migrate: database is up to date (2 migrations)',
];

/** The worker: the same image with another command. */
export const WORKER_COMMAND = '["/bin/sh", "-c", "while true; do echo worker: polling the orders queue; sleep 20; done"]';

export const CRASH_LOGS = [
  'api: listening on :8080',
  'Error: connect ECONNREFUSED 10.0.3.12:5432',
  '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)',
];

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const { env, job } = options;
  const world = env.sim.world;
  const template = relative(ROOT, ACCOUNT.template);
  const context = relative(ROOT, options.context ?? FIXTURE_DIR);
  const timeout = options.timeout ?? '5m';
  const results: StepResult[] = [];
  const step = async (spec: Parameters<Job['run']>[0]) => {
    const result = await job.run(spec);
    results.push(result);
    return result;
  };
  const stop = (result: StepResult): PipelineResult | undefined =>
    result.status === 'ok' ? undefined : { ok: false, results, stoppedAt: result };

  await buildBaseImage({ env: { ...process.env, ...job.env } });

  let r = await step({ id: 'login', name: 'ecr-login', action: 'ecr-login', inputs: {} });
  let stopped = stop(r);
  if (stopped) return stopped;

  r = await step({
    id: 'build',
    name: 'build-push',
    action: 'build-push',
    // The simulated commit (GITHUB_SHA, a hash of the service's files) is the tag: build-push's
    // default would be the HEAD of this repository, which the demo's service is not.
    inputs: { repository: ACCOUNT.repository, context, builder: 'buildah', tags: job.env.GITHUB_SHA ?? '' },
  });
  if ((stopped = stop(r))) return stopped;
  const image = job.outputs.build['image-uri'];

  const rendered: Record<string, string> = {};
  for (const service of [...ACCOUNT.services, ACCOUNT.migration]) {
    r = await step({
      id: `render-${service}`,
      name: `render-taskdef (${service})`,
      action: 'render-taskdef',
      inputs: {
        'task-definition': template,
        vars: lines(templateVars(env, service, image)),
        secrets: `DATABASE_URL=${ACCOUNT.secretName}`,
        // One image, one template: the worker differs by its command (the migration's is run-migration's).
        command: service === 'worker' ? WORKER_COMMAND : undefined,
      },
    });
    if ((stopped = stop(r))) return stopped;
    rendered[service] = job.outputs[`render-${service}`]['task-definition'];
  }

  // What the containers do in the simulator: the migration prints its progress and exits 0.
  setScenario(world, { family: family(ACCOUNT.migration), outcome: 'exit', exitCode: 0, logs: MIGRATION_LOGS, logIntervalMs: 150 });
  if (options.fail) {
    // It crashes before it has been healthy for the simulator's stableMs: ECS, knowing only what
    // happened, would call a deployment complete whose tasks crash later.
    setScenario(world, { image, family: family('api'), outcome: 'exit', exitCode: 1, afterMs: 30, logIntervalMs: 5, logs: CRASH_LOGS });
  }

  r = await step({
    id: 'migrate',
    name: 'run-migration',
    action: 'run-migration',
    inputs: { cluster: ACCOUNT.cluster, 'task-definition': rendered[ACCOUNT.migration], command: 'migrate', service: 'api', timeout },
  });
  if ((stopped = stop(r))) return stopped;

  r = await step({
    id: 'deploy',
    name: 'deploy-service (api, worker)',
    action: 'deploy-service',
    inputs: {
      cluster: ACCOUNT.cluster,
      services: ACCOUNT.services.map((s) => `${s}=${rendered[s]}`).join('\n'),
      timeout,
    },
  });
  if ((stopped = stop(r))) return stopped;
  return { ok: true, results };
}
