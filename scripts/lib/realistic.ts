import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_TIMINGS, resetScenarios, setScenario, setTimings, type Timings } from '../../test/aws-sim/services/ecs/scenarios.js';
import { ACCOUNT } from './account.js';
import type { Environment } from './environment.js';
import type { Job, StepResult } from './job.js';
import { callsDuring, countByOperation, ms } from './measure.js';
import { actionCalls, type Observer } from './observer.js';
import { seconds } from './print.js';

/**
 * Rollouts at the pace of a real service, beside the instant ones: tasks that take over 30 s to
 * start and pass their health checks, and a rollout whose tasks start failing 20 s in. For each:
 * the time from COMPLETED (or the rollback's start) to the action's exit, and the action's calls
 * per minute of waiting.
 */
export interface RealisticContext {
  env: Environment;
  job: Job;
  observer: Observer;
  add(figure: { section: string; name: string; value?: number; unit?: string; detail?: unknown }): void;
  na(section: string, name: string, reason: string): void;
}

const SECTION = 'deploy-service, realistic rollout';

/** ~33 s from launch to healthy: ENI 8 s, image pull 12 s, health checks 13 s; 5 s to drain. */
const SLOW_START: Partial<Timings> = {
  provisioningMs: 8000,
  pendingMs: 12_000,
  healthyMs: 13_000,
  stableMs: 3000,
  drainMs: 5000,
  steadyStateMs: 2000,
};
/** Starts in 5 s, reported UNHEALTHY 15 s later (the first failure 20 s in); the old tasks drain for 30 s. */
const FAILING: Partial<Timings> = { provisioningMs: 2000, pendingMs: 3000, healthyMs: 15_000, drainMs: 30_000, stableMs: 3000 };
const FAIL_AFTER_MS = 15_000;

/** The rendered api definition with another image and a container health check, written to a file. */
function variant(rendered: string, image: string, name: string): string {
  const document = JSON.parse(readFileSync(rendered, 'utf8'));
  const container = document.containerDefinitions[0];
  container.image = image;
  container.healthCheck = {
    command: ['CMD-SHELL', 'curl -fs http://localhost:8080/ || exit 1'],
    interval: 10,
    timeout: 5,
    retries: 3,
    startPeriod: 10,
  };
  // Beside the rendered file, in RUNNER_TEMP: deploy-service reads files only there and in the workspace.
  const file = join(dirname(rendered), `ecs-ship-bench-${name}-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(document));
  return file;
}

/** The action's calls per minute from its UpdateService to its exit. */
function waitingRate(run: StepResult, log: ReturnType<typeof actionCalls>) {
  const calls = callsDuring(log, run);
  const update = calls.find((c) => c.key === 'ecs.UpdateService');
  if (!update) return undefined;
  const waiting = calls.filter((c) => c.at > update.at);
  const waitMs = run.endedAt - update.at;
  return { perMinute: Math.round(waiting.length / (waitMs / 60_000)), waitMs, byOperation: countByOperation(waiting) };
}

export async function realisticRollouts(ctx: RealisticContext): Promise<void> {
  const { env, job, observer, add, na } = ctx;
  const rendered = job.outputs['render-api']?.['task-definition'];
  if (!rendered || !(await observer.service('api'))) {
    for (const name of ['slow start: COMPLETED to exit', 'failing after 20 s: rollback start to exit'])
      na(SECTION, name, 'the pipeline did not create the api service');
    return;
  }
  const deploy = (id: string, file: string) =>
    job.run({
      id,
      name: 'deploy-service',
      action: 'deploy-service',
      inputs: { cluster: ACCOUNT.cluster, service: 'api', timeout: '10m', 'task-definition': file },
    });
  const image = (tag: string) => `${env.registry.host}/${ACCOUNT.repository}:${tag}`;

  process.stderr.write('deploy-service: a rollout whose tasks take over 30 s to start and pass health checks\n');
  await observer.steady('api');
  setTimings(env.sim.world, SLOW_START);
  try {
    const run = await deploy('bench-realistic-slow', variant(rendered, image('bench-slow-start'), 'slow'));
    const finishedAt = (await observer.deploymentSince('api', run.spawnedAt))?.finishedAt?.getTime();
    const rate = waitingRate(run, actionCalls(env.sim.world.callLog));
    if (run.status !== 'ok' || !finishedAt || !rate) {
      na(
        SECTION,
        'slow start: COMPLETED to exit',
        run.status === 'ok' ? 'no finished service deployment found' : `deploy-service ${run.status}: ${run.errors[0] ?? ''}`,
      );
    } else {
      add({
        section: SECTION,
        name: `slow start (${seconds(rate.waitMs)} wait): COMPLETED to exit`,
        value: ms(run.endedAt - finishedAt),
        unit: 'ms',
      });
      add({
        section: SECTION,
        name: 'slow start: API calls per minute of waiting',
        value: rate.perMinute,
        unit: 'calls/min',
        detail: rate.byOperation,
      });
    }
  } finally {
    setTimings(env.sim.world, DEFAULT_TIMINGS);
  }

  process.stderr.write('deploy-service: a rollout whose tasks start failing their health checks 20 s in\n');
  await observer.steady('api');
  const failing = image('bench-unhealthy');
  setTimings(env.sim.world, FAILING);
  setScenario(env.sim.world, { image: failing, outcome: 'unhealthy', afterMs: FAIL_AFTER_MS });
  try {
    const run = await deploy('bench-realistic-failing', variant(rendered, failing, 'failing'));
    const record = await observer.deploymentSince('api', run.spawnedAt);
    const failedAt = (record?.rollback?.startedAt ?? record?.stoppedAt)?.getTime();
    const rate = waitingRate(run, actionCalls(env.sim.world.callLog));
    if (run.status !== 'failed' || !failedAt || !rate) {
      na(
        SECTION,
        'failing after 20 s: rollback start to exit',
        run.status === 'failed' ? `no rollback found (${record?.status ?? 'no record'})` : `deploy-service ended ${run.status}`,
      );
    } else {
      add({
        section: SECTION,
        name: `failing after 20 s (${seconds(rate.waitMs)} wait): rollback start to exit`,
        value: ms(run.endedAt - failedAt),
        unit: 'ms',
        detail: { status: record?.status },
      });
      add({
        section: SECTION,
        name: 'failing after 20 s: API calls per minute of waiting',
        value: rate.perMinute,
        unit: 'calls/min',
        detail: rate.byOperation,
      });
    }
  } finally {
    resetScenarios(env.sim.world);
    setTimings(env.sim.world, DEFAULT_TIMINGS);
  }
}
