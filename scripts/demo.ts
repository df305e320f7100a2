/**
 * npm run demo [-- --fail] [-- --verbose] [-- --fresh]
 *
 * Runs the whole pipeline on this machine, without an AWS account: the AWS simulator and a real
 * registry on 127.0.0.1, the account a team would already have (created through the AWS APIs, as
 * terraform would), then the built actions (actions/<name>/dist) as the GitHub runner runs them:
 * ecr-login -> build-push -> render-taskdef (api, worker, migration) -> run-migration -> deploy-service.
 *
 * State between runs: the registry's storage lives in DEMO_STATE_DIR (default
 * node_modules/.cache/ecs-ship-demo/registry), and the "commit SHA" is a hash of the example
 * service's build context (test/fixtures/service, without .aws/). So a second run finds the image
 * tagged with that SHA and build-push skips the build; change a file and it builds again.
 * --fresh empties the state first. --fail makes the new image crash-loop in the api service (the
 * circuit breaker rolls it back) and exits non-zero after showing the failure.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNT, createAccount, describeServices, type ServiceState } from './lib/account.js';
import { contentSha, FIXTURE_DIR, startEnvironment, type Environment } from './lib/environment.js';
import { Job, killRunningSteps, ROOT } from './lib/job.js';
import { runPipeline } from './lib/pipeline.js';
import { bold, dim, green, recap, red, TerminalReporter } from './lib/print.js';
import { summaryPage } from './lib/summary-page.js';

const argv = process.argv.slice(2);
const reportFile = argv.find((a) => a.startsWith('--report='))?.slice('--report='.length);
const args = new Set(argv.filter((a) => !a.startsWith('--report=')));
const unknown = [...args].filter((a) => !['--fail', '--verbose', '--fresh', '--help'].includes(a));
if (args.has('--help') || unknown.length) {
  console.log('usage: npm run demo [-- --fail] [--verbose] [--fresh] [--report=FILE (JSON: steps, outputs, services)]');
  process.exit(unknown.length ? 2 : 0);
}
const fail = args.has('--fail');
const stateDir = process.env.DEMO_STATE_DIR ?? join(ROOT, 'node_modules', '.cache', 'ecs-ship-demo');
if (args.has('--fresh')) rmSync(stateDir, { recursive: true, force: true });

let environment: Environment | undefined;
let job: Job | undefined;
let interrupted = false;
const cleanUp = async () => {
  killRunningSteps();
  if (job) rmSync(job.runnerTemp, { recursive: true, force: true });
  await environment?.stop();
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.log(`\n${signal}: stopping the steps, the simulator and the registry`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  const sha = contentSha(FIXTURE_DIR);
  console.log(bold('ecs-ship demo: the whole pipeline against the AWS simulator and a real registry'));
  console.log(dim(`  commit (hash of test/fixtures/service): ${sha}`));
  console.log(dim(`  registry storage kept in ${join(stateDir, 'registry')} (--fresh empties it)`));
  if (fail) console.log(red('  --fail: the new image will crash-loop in the api service'));

  environment = await startEnvironment({ registryStorage: join(stateDir, 'registry') });
  console.log(dim(`  simulator ${environment.sim.url}, registry ${environment.registry.host}`));
  const account = await createAccount(environment);
  console.log(
    dim(
      `  account: cluster ${ACCOUNT.cluster}, ECR repository ${ACCOUNT.repository}, services ` +
        `${ACCOUNT.services.join(' and ')} running an initial revision, secret ${ACCOUNT.secretName}, log groups`,
    ),
  );

  job = new Job({
    env: { ...environment.env, GITHUB_SHA: sha },
    reporter: new TerminalReporter({ verbose: args.has('--verbose') }),
  });
  const pipeline = await runPipeline({ env: environment, job, fail });
  // Interrupted: the signal handler stops everything and exits; nothing more to run or print.
  if (interrupted) await new Promise(() => undefined);
  await job.runPosts();

  const services = await describeServices(account.clients.ecs);
  console.log('');
  console.log(bold('What runs now (DescribeServices, DescribeTaskDefinition):'));
  for (const s of services) {
    console.log(
      `  ${s.service}: ${s.taskDefinition}, ${s.running}/${s.desired} running, rollout ${s.rolloutState ?? '?'}, image ${s.images.join(', ')}`,
    );
  }
  const page = join(stateDir, 'summaries.html');
  writeFileSync(page, summaryPage({ title: `ecs-ship demo: job summaries (commit ${sha.slice(0, 12)})`, steps: job.results }));
  if (reportFile) writeReport(reportFile, { ok: pipeline.ok, services, summaryPage: page });
  console.log('');
  console.log(recap(job.results, Date.now() - started));
  console.log(dim(`  Every step's job summary as GitHub shows it: file://${page}`));
  const build = job.outputs.build;
  if (build && job.results.some((r) => r.id === 'build' && r.status === 'ok')) {
    console.log(
      build.skipped === 'true'
        ? dim(`  build-push skipped the build: ${build.image ?? 'the image'} already existed.`)
        : dim('  Run it again: the image now exists, so build-push skips the build.'),
    );
  }
  if (pipeline.ok) {
    console.log(green(`\nDeployed ${build?.['image-uri'] ?? 'the image'} to ${ACCOUNT.services.join(' and ')}.`));
    if (fail) console.log(red('--fail was given, but the deploy succeeded: the failure scenario did not take effect.'));
    return fail ? 1 : 0;
  }
  const failed = pipeline.stoppedAt!;
  console.log('');
  if (failed.status === 'missing') {
    console.log(red(`The pipeline stopped at ${failed.name}: ${failed.reason}.`));
  } else {
    console.log(red(bold(`The pipeline failed at ${failed.name}. What the step said:`)));
    const explanation = failed.errors.length ? failed.errors : failed.lines.slice(-5).map((l) => l.text);
    for (const error of explanation) console.log(red(error.replace(/^/gm, '  ')));
  }
  return 1;
}

function writeReport(file: string, o: { ok: boolean; services: ServiceState[]; summaryPage: string }): void {
  const steps = job!.results.map((r) => ({
    name: r.name,
    action: r.action,
    status: r.status,
    durationMs: r.durationMs,
    outputs: r.outputs,
    errors: r.errors,
  }));
  writeFileSync(file, `${JSON.stringify({ ok: o.ok, fail, steps, services: o.services, summaryPage: o.summaryPage }, null, 2)}\n`);
}

main()
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  })
  .catch(async (error) => {
    console.error(red(`demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    await cleanUp();
    process.exit(1);
  });
