import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand, type CreateServiceCommandInput, type DeploymentCircuitBreaker } from '@aws-sdk/client-ecs';
import { simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import {
  awsWorld,
  createCluster as createWorldCluster,
  createLogGroup,
  createServiceWithRevision,
  fargateTaskDefinition as worldTaskDefinition,
  type FargateOptions,
} from '../fixtures/aws-world.js';
import { runAction, type ActionRun, type RunOptions } from './run-action.js';

/**
 * Fixtures for deploy-service (and run-migration) e2e tests: the account of test/fixtures/aws-world.ts
 * (a cluster, a log group, task definitions and services) with the names these tests share, as an
 * operator would have them before a deploy.
 */

export const CLUSTER = 'prod';
export const LOG_GROUP = '/ecs/shop';

/** SDK clients pointed at the simulator. */
export const clients = (sim: Simulator) => awsWorld(sim);

/** The cluster and the log group every service here writes to. */
export async function createCluster(sim: Simulator): Promise<void> {
  const world = clients(sim);
  await createWorldCluster(world, CLUSTER);
  await createLogGroup(world, LOG_GROUP);
}

/** A Fargate task definition with one essential awslogs container (to LOG_GROUP unless told), as render-taskdef writes it. */
export function fargateTaskDefinition(options: FargateOptions) {
  return worldTaskDefinition({ ...options, logGroup: options.logGroup ?? LOG_GROUP });
}

/** A service's task definition: container web on port 8080. */
export function taskDefinition(family: string, image: string, extra: Record<string, unknown> = {}) {
  const container = { portMappings: [{ containerPort: 8080 }], environment: [{ name: 'SERVICE', value: family }] };
  return { ...fargateTaskDefinition({ family, image, container }), ...extra };
}

/**
 * The workspace the bundles run in (GITHUB_WORKSPACE, set by `env`): task definition files are
 * written there, as a checkout holds them (files elsewhere are refused).
 */
export const WORKSPACE = mkdtempSync(join(tmpdir(), 'deploy-service-workspace-'));

export function writeTaskDefinition(document: unknown, name = 'taskdef.json'): string {
  const path = join(mkdtempSync(join(WORKSPACE, 'taskdefs-')), name);
  writeFileSync(path, JSON.stringify(document, null, 2));
  return path;
}

/** Registers the first revision and creates the service on it (2 tasks unless told), then waits for its first rollout. */
export async function createService(
  sim: Simulator,
  options: {
    service: string;
    image: string;
    desiredCount?: number;
    circuitBreaker?: DeploymentCircuitBreaker;
    /** Further CreateService fields (load balancers, volume configurations...). */
    extra?: Partial<CreateServiceCommandInput>;
  },
): Promise<string> {
  const registered = await createServiceWithRevision(clients(sim), {
    cluster: CLUSTER,
    service: options.service,
    document: taskDefinition(options.service, options.image),
    extra: {
      desiredCount: options.desiredCount ?? 2,
      ...(options.circuitBreaker ? { deploymentConfiguration: { deploymentCircuitBreaker: options.circuitBreaker } } : {}),
      ...options.extra,
    },
  });
  await waitForRollout(sim, options.service);
  return registered;
}

export async function describeService(sim: Simulator, service: string) {
  const answer = await clients(sim).ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [service] }));
  return answer.services![0];
}

async function waitForRollout(sim: Simulator, service: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const described = await describeService(sim, service);
    if (described.deployments?.[0]?.rolloutState === 'COMPLETED') return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`fixture service ${service} did not complete its first rollout`);
}

/** Env for the bundle: the simulator's endpoint and keys, and the workspace of the task definition files. */
export const env = (sim: Simulator) => ({ ...simulatorEnv(sim), GITHUB_WORKSPACE: WORKSPACE });

export const ARN = (family: string, revision: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${revision}`;

/** Calls of one operation since the last reset. */
export const calls = (sim: Simulator, key: string) => sim.world.calls.get(key) ?? 0;

export const MUTATING = [
  'ecs.RegisterTaskDefinition',
  'ecs.UpdateService',
  'ecs.CreateService',
  'ecs.DeleteService',
  'ecs.RunTask',
  'ecs.StopTask',
];

/** Resolves once the child's stdout contains `text` (to act in the middle of a run). */
export function whenPrinted(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    child.stdout!.on('data', (chunk) => {
      seen += chunk;
      if (seen.includes(text)) resolve();
    });
  });
}

export interface DeploySuite {
  /** The simulator of this test file (set once beforeAll ran). */
  readonly sim: Simulator;
  /** Runs the deploy-service bundle on the cluster, polling every 250ms, timing out after 60s. */
  deploy(inputs: NonNullable<RunOptions['inputs']>, options?: Omit<RunOptions, 'inputs'>): Promise<ActionRun>;
}

/** One simulator per test file, with the cluster and log group created; stopped after the file. */
export function deployServiceSuite(): DeploySuite {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator();
    await createCluster(sim);
  });
  afterAll(() => sim?.stop());
  const suite: DeploySuite = {
    get sim() {
      if (!sim) throw new Error('the simulator starts in beforeAll');
      return sim;
    },
    deploy: (inputs, options = {}) =>
      runAction('deploy-service', {
        env: env(suite.sim),
        ...options,
        inputs: { cluster: CLUSTER, 'poll-interval': '250ms', timeout: '60s', ...inputs },
      }),
  };
  return suite;
}
