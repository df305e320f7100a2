/**
 * npm run bench: what users feel, measured in one run against the AWS simulator and the real
 * registry. Prints a table and writes bench-results/bench.json. Benchmarks report; they never fail
 * on a timing. A figure whose action is not built (or whose measurement could not be made) is
 * "n/a (reason)".
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildBaseImage } from '../test/fixtures/base-image.js';
import { setScenario, setTimings, resetScenarios, DEFAULT_TIMINGS } from '../test/aws-sim/services/ecs/scenarios.js';
import { ACCOUNT, createAccount, family, logGroup } from './lib/account.js';
import { contentSha, FIXTURE_DIR, startEnvironment, type Environment } from './lib/environment.js';
import { bundlePath, Job, killRunningSteps, ROOT, type StepResult, type StepSpec } from './lib/job.js';
import { callsDuring, coldStart, countByOperation, lineLatencies, median, ms } from './lib/measure.js';
import { actionCalls, Observer } from './lib/observer.js';
import { runPipeline } from './lib/pipeline.js';
import { realisticRollouts } from './lib/realistic.js';
import { bold, dim, seconds } from './lib/print.js';

interface Figure {
  section: string;
  name: string;
  value?: number;
  unit?: string;
  /** Why there is no value. */
  na?: string;
  detail?: unknown;
}

const figures: Figure[] = [];
const add = (figure: Figure) => {
  figures.push(figure);
  const shown = figure.value === undefined ? `n/a (${figure.na ?? 'not measured'})` : `${figure.value} ${figure.unit ?? ''}`;
  process.stderr.write(dim(`  ${figure.section} / ${figure.name}: ${shown}\n`));
};
const na = (section: string, name: string, reason: string) => add({ section, name, na: reason });
const built = (action: string) => existsSync(bundlePath(action));
const notBuilt = (action: string) => `actions/${action}/dist is not built yet`;
/** Why a step did not give a figure: not built (at that moment), or its error. */
const why = (run: StepResult) =>
  run.status === 'missing'
    ? run.reason!
    : `${run.action} ${run.status}: ${run.errors[0] ?? run.lines.at(-1)?.text ?? `exit code ${run.code}`}`;
const progress = (text: string) => process.stderr.write(`${bold(text)}\n`);
/** What build-push's summary says of the layer cache (" (9 of 12 steps from cache)"), to show what a rebuild reused. */
const cacheUse = (run: StepResult) => {
  const match = /(\d+ of \d+ steps from cache)/.exec(run.summary);
  return match ? ` (${match[1]})` : '';
};

let environment: Environment | undefined;
const scratch = mkdtempSync(join(tmpdir(), 'ecs-ship-bench-'));

function bundles(): void {
  const actions = readdirSync(join(ROOT, 'actions')).filter((name) => existsSync(join(ROOT, 'actions', name, 'main.ts')));
  for (const action of actions.sort()) {
    if (!built(action)) {
      na('bundle size', action, notBuilt(action));
      continue;
    }
    const size = statSync(bundlePath(action)).size + (existsSync(bundlePath(action, true)) ? statSync(bundlePath(action, true)).size : 0);
    add({ section: 'bundle size', name: action, value: Math.round(size / 1024), unit: 'KiB' });
  }
}

/** The full pipeline once, cold: empty registry, fresh runner. Also gives each action's cold start. */
async function pipeline(env: Environment): Promise<Job> {
  progress('pipeline (cold build)');
  const job = new Job({ env: { ...env.env, GITHUB_SHA: contentSha(FIXTURE_DIR) } });
  await buildBaseImage({ env: { ...process.env, ...job.env } }); // not part of any step
  const started = Date.now();
  const result = await runPipeline({ env, job });
  const total = Date.now() - started;
  for (const step of job.results) {
    if (step.status === 'missing') na('pipeline by step', step.name, step.reason!);
    else
      add({
        section: 'pipeline by step',
        name: `${step.name}${step.status === 'failed' ? ' (failed)' : ''}`,
        value: step.durationMs,
        unit: 'ms',
      });
  }
  if (result.ok) add({ section: 'pipeline by step', name: 'total', value: total, unit: 'ms' });
  else na('pipeline by step', 'total', `stopped at ${result.stoppedAt!.name}: ${result.stoppedAt!.reason ?? 'failed'}`);

  const log = actionCalls(env.sim.world.callLog);
  const seen = new Set<string>();
  for (const step of job.results) {
    if (seen.has(step.action) || step.status === 'missing') continue;
    seen.add(step.action);
    const start = coldStart(log, step);
    if (start === undefined) na('cold start (process start to first AWS request)', step.action, 'the step made no AWS request');
    else add({ section: 'cold start (process start to first AWS request)', name: step.action, value: start, unit: 'ms' });
  }
  const build = job.results.find((s) => s.id === 'build');
  if (!build || build.status !== 'ok') na('build-push', 'cold build', build ? `build-push ${build.status}` : notBuilt('build-push'));
  else if (job.outputs.build.skipped === 'true') na('build-push', 'cold build', 'the image already existed');
  else add({ section: 'build-push', name: `cold build${cacheUse(build)}`, value: build.durationMs, unit: 'ms' });
  return job;
}

async function buildPush(job: Job): Promise<void> {
  if (!job.outputs.build?.['image-uri']) {
    const reason = built('build-push') ? 'the cold build did not succeed' : notBuilt('build-push');
    na('build-push', 'one file changed (cache)', reason);
    na('build-push', 'image already exists (skip)', reason);
    return;
  }
  progress('build-push: skip and rebuild');
  const spec: StepSpec = {
    id: 'bench-build',
    name: 'build-push',
    action: 'build-push',
    inputs: { repository: ACCOUNT.repository, context: 'test/fixtures/service', builder: 'buildah', tags: contentSha(FIXTURE_DIR) },
  };
  const skip = await job.run(spec);
  if (skip.status === 'ok' && skip.outputs.skipped === 'true')
    add({ section: 'build-push', name: 'image already exists (skip)', value: skip.durationMs, unit: 'ms' });
  else na('build-push', 'image already exists (skip)', skip.status === 'ok' ? `skipped=${skip.outputs.skipped}` : why(skip));
  await reproducible(job, spec);

  // A copy of the service with one source file changed: a new "commit", the same earlier layers.
  const copy = join(job.runnerTemp, 'bench-service'); // in RUNNER_TEMP: a context elsewhere is refused
  cpSync(FIXTURE_DIR, copy, { recursive: true });
  // The Dockerfile copies www/ last: a change there should rebuild only the last layer.
  const candidates = [
    'www/index.html',
    ...readdirSync(copy).filter((f) => statSync(join(copy, f)).isFile() && !/^(Dockerfile|Containerfile)$/.test(f)),
  ];
  const source = candidates.find((f) => existsSync(join(copy, f)));
  if (!source) return na('build-push', 'one file changed (cache)', 'the example service has no source file to change');
  writeFileSync(join(copy, source), `${readFileSync(join(copy, source), 'utf8')}\n<!-- changed by bench ${Date.now()} -->\n`);
  const rebuild = await job.run({
    ...spec,
    id: 'bench-rebuild',
    inputs: { ...spec.inputs, context: copy, tags: contentSha(copy) },
    env: { GITHUB_SHA: contentSha(copy) },
  });
  if (rebuild.status === 'ok')
    add({ section: 'build-push', name: `one file changed: ${source}${cacheUse(rebuild)}`, value: rebuild.durationMs, unit: 'ms' });
  else na('build-push', 'one file changed (cache)', why(rebuild));
}

/** Two cold builds of one commit (fresh storage each, no registry cache): did they give the same digest? */
async function reproducible(job: Job, spec: StepSpec): Promise<void> {
  progress('build-push: two cold builds of one commit');
  const digests: string[] = [];
  for (const n of [1, 2]) {
    const storage = join(scratch, `cold-${n}`);
    const storageConf = join(scratch, `cold-${n}.conf`);
    writeFileSync(storageConf, `[storage]\ndriver = "vfs"\ngraphroot = "${storage}"\nrunroot = "${storage}-run"\n`);
    const env = { CONTAINERS_STORAGE_CONF: storageConf };
    await buildBaseImage({ env: { ...process.env, ...env } });
    const inputs = { ...spec.inputs, tags: `bench-cold-${n}`, cache: false, 'skip-if-exists': false };
    const run = await job.run({ ...spec, id: `bench-cold-${n}`, inputs, env });
    rmSync(storage, { recursive: true, force: true });
    if (run.status !== 'ok' || !run.outputs.digest) return na('build-push', 'two cold builds, same digest', why(run));
    digests.push(run.outputs.digest);
  }
  const same = digests[0] === digests[1];
  add({ section: 'build-push', name: 'two cold builds, same digest (1 yes, 0 no)', value: same ? 1 : 0, detail: { digests } });
}

let observer: Observer;
async function deploys(env: Environment, job: Job): Promise<void> {
  const section = 'deploy-service';
  if (!built('deploy-service')) {
    for (const name of [
      'COMPLETED to exit, median',
      'API calls per deploy',
      'API calls per minute of waiting',
      'rollout FAILED to exit, median',
    ])
      na(section, name, notBuilt('deploy-service'));
    return;
  }
  if (!(await observer.service('api'))) {
    for (const name of ['COMPLETED to exit, median', 'rollout FAILED to exit, median'])
      na(section, name, 'the pipeline did not create the services');
    return;
  }
  progress('deploy-service: 5 rolling deploys');
  const deploy = (id: string, inputs: StepSpec['inputs']) =>
    job.run({
      id,
      name: 'deploy-service',
      action: 'deploy-service',
      inputs: { cluster: ACCOUNT.cluster, service: 'api', timeout: '5m', ...inputs },
    });

  const lags: number[] = [];
  const skipped: string[] = [];
  const perDeploy: Array<Record<string, number>> = [];
  // Rollouts of different lengths (0.3 s to 3.5 s): a rollout that always ends just after the
  // action starts would measure the first poll, not how soon the action notices.
  for (let i = 0; i < 5; i++) {
    const { taskDefinition: arn } = await observer.steady('api');
    setTimings(env.sim.world, { pendingMs: 250 + i * 800 });
    const run = await deploy(`bench-deploy-${i}`, { 'task-definition-arn': arn!, 'force-new-deployment': 'true' });
    setTimings(env.sim.world, DEFAULT_TIMINGS);
    const finishedAt = (await observer.deploymentSince('api', run.spawnedAt))?.finishedAt?.getTime();
    if (run.status !== 'ok' || !finishedAt) {
      skipped.push(run.status === 'ok' ? 'no finished service deployment found' : why(run));
      continue;
    }
    lags.push(run.endedAt - finishedAt);
    perDeploy.push(countByOperation(callsDuring(actionCalls(env.sim.world.callLog), run)));
  }
  if (lags.length)
    add({
      section,
      name: `COMPLETED to exit, median of ${lags.length}`,
      value: ms(median(lags)),
      unit: 'ms',
      detail: { runs: lags.map(ms), notCounted: skipped },
    });
  else na(section, 'COMPLETED to exit, median', `no deploy succeeded: ${skipped[0]}`);
  if (perDeploy.length) {
    const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    add({
      section,
      name: 'API calls per deploy (median)',
      value: median(perDeploy.map(total)),
      unit: 'calls',
      detail: { byOperation: perDeploy[0] },
    });
    for (const [operation, count] of Object.entries(perDeploy[0]))
      add({ section: 'API calls of one deploy', name: operation, value: count, unit: 'calls' });
  }

  progress('deploy-service: a slow rollout (API calls per minute of waiting)');
  const { taskDefinition } = await observer.steady('api');
  setTimings(env.sim.world, { provisioningMs: 5000, pendingMs: 5000, drainMs: 5000, steadyStateMs: 2000 });
  try {
    const run = await deploy('bench-slow', { 'task-definition-arn': taskDefinition!, 'force-new-deployment': 'true' });
    const calls = callsDuring(actionCalls(env.sim.world.callLog), run);
    const update = calls.find((c) => c.key === 'ecs.UpdateService');
    if (run.status === 'ok' && update) {
      const waiting = calls.filter((c) => c.at > update.at);
      const minutes = (run.endedAt - update.at) / 60_000;
      add({
        section,
        name: `API calls per minute of waiting (${seconds(run.endedAt - update.at)} wait)`,
        value: Math.round(waiting.length / minutes),
        unit: 'calls/min',
        detail: countByOperation(waiting),
      });
    } else na(section, 'API calls per minute of waiting', run.status === 'ok' ? 'no UpdateService call seen' : why(run));
  } finally {
    setTimings(env.sim.world, DEFAULT_TIMINGS);
  }

  progress('deploy-service: 3 failing rollouts (circuit breaker)');
  const rendered = job.outputs['render-api']?.['task-definition'];
  if (!rendered) return na(section, 'rollout FAILED to exit, median', 'no rendered api task definition');
  const failLags: number[] = [];
  const failSkipped: string[] = [];
  for (let i = 0; i < 3; i++) {
    await observer.steady('api');
    const document = JSON.parse(readFileSync(rendered, 'utf8'));
    const image = `${env.registry.host}/${ACCOUNT.repository}:crashloop-${i}`;
    document.containerDefinitions[0].image = image;
    const file = join(dirname(rendered), `crashloop-${i}.json`); // in RUNNER_TEMP: files elsewhere are refused
    writeFileSync(file, JSON.stringify(document));
    // Crashes before it has been healthy for stableMs: a task that crashes later lets the deployment complete, as on ECS.
    setScenario(env.sim.world, { image, outcome: 'exit', exitCode: 1, afterMs: 10 + i * 15, logs: ['Error: crash loop (bench)'] });
    const run = await deploy(`bench-fail-${i}`, { 'task-definition': file });
    const record = await observer.deploymentSince('api', run.spawnedAt);
    const failedAt = (record?.rollback?.startedAt ?? record?.stoppedAt)?.getTime();
    if (run.status === 'failed' && failedAt) failLags.push(run.endedAt - failedAt);
    else failSkipped.push(run.status === 'failed' ? `no FAILED deployment found (${record?.status ?? 'no record'})` : why(run));
  }
  resetScenarios(env.sim.world);
  if (failLags.length)
    add({
      section,
      name: `rollout FAILED to exit, median of ${failLags.length}`,
      value: ms(median(failLags)),
      unit: 'ms',
      detail: { runs: failLags.map(ms), notCounted: failSkipped },
    });
  else na(section, 'rollout FAILED to exit, median', failSkipped[0] ?? 'no failing deploy');
}

async function migrationLogs(env: Environment, job: Job): Promise<void> {
  const section = 'run-migration';
  if (!built('run-migration')) return na(section, 'log line latency', notBuilt('run-migration'));
  if (!(await observer.service('api'))) return na(section, 'log line latency', 'the pipeline did not create the services');
  progress('run-migration: log line latency');
  const nonce = Date.now().toString(36);
  const lines = Array.from({ length: 10 }, (_, i) => `bench ${nonce}: migration step ${i + 1} of 10`);
  setScenario(env.sim.world, { family: family(ACCOUNT.migration), outcome: 'exit', exitCode: 0, logs: lines, logIntervalMs: 400 });
  const run = await job.run({
    id: 'bench-migrate',
    name: 'run-migration',
    action: 'run-migration',
    inputs: { cluster: ACCOUNT.cluster, 'task-definition': family(ACCOUNT.migration), service: 'api', timeout: '5m' },
  });
  resetScenarios(env.sim.world);
  if (run.status !== 'ok') return na(section, 'log line latency', why(run));
  const written = await observer.logLines(logGroup(ACCOUNT.migration), nonce);
  const latencies = lineLatencies(written, run.lines);
  if (!latencies.length) return na(section, 'log line latency', `none of the ${written.length} lines written appeared on stdout`);
  add({
    section,
    name: `log line latency, median of ${latencies.length}/${lines.length} lines`,
    value: ms(median(latencies)),
    unit: 'ms',
    detail: { latencies: latencies.map(ms) },
  });
  add({ section, name: 'log line latency, max', value: ms(Math.max(...latencies)), unit: 'ms' });
}

function table(): string {
  const rows = figures.map((f) => [f.section, f.name, f.value === undefined ? `n/a (${f.na})` : `${f.value} ${f.unit ?? ''}`.trim()]);
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2]}`).join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  bundles();
  // A fresh registry and a fresh buildah store, so that the first build is really cold.
  const storageConf = join(scratch, 'storage.conf');
  writeFileSync(
    storageConf,
    `[storage]\ndriver = "vfs"\ngraphroot = "${join(scratch, 'containers')}"\nrunroot = "${join(scratch, 'run')}"\n`,
  );
  environment = await startEnvironment({ registryStorage: join(scratch, 'registry'), env: { CONTAINERS_STORAGE_CONF: storageConf } });
  await createAccount(environment);
  observer = new Observer(environment.sim, ACCOUNT.cluster);
  const sections: Array<[string, (job: Job) => Promise<void>]> = [
    ['build-push', (job) => buildPush(job)],
    ['deploy-service', (job) => deploys(environment!, job)],
    ['deploy-service, realistic', (job) => realisticRollouts({ env: environment!, job, observer, add, na })],
    ['run-migration', (job) => migrationLogs(environment!, job)],
  ];
  let job: Job;
  try {
    job = await pipeline(environment);
  } catch (error) {
    na('pipeline by step', 'total', (error as Error).message);
    job = new Job({ env: environment.env });
  }
  for (const [name, section] of sections) {
    try {
      await section(job);
    } catch (error) {
      na(name, 'section', `error: ${(error as Error).message}`);
    }
  }
  await job.runPosts();

  console.log(bold(`\necs-ship benchmarks (against the simulator; ${seconds(Date.now() - started)})`));
  console.log(table());
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  const output = join(ROOT, 'bench-results', 'bench.json');
  writeFileSync(output, `${JSON.stringify({ generatedAt: new Date().toISOString(), node: process.version, figures }, null, 2)}\n`);
  console.log(dim(`\nwritten to ${output}`));
}

const cleanUp = async () => {
  killRunningSteps();
  await environment?.stop();
  rmSync(scratch, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

main()
  .catch((error) => console.error(`bench: ${(error as Error).stack ?? error}`))
  .finally(async () => {
    await cleanUp();
    process.exit(0);
  });
