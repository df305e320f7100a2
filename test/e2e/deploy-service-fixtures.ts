import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  type CreateServiceCommandInput,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type DeploymentCircuitBreaker,
} from '@aws-sdk/client-ecs';
import { simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { runAction, type ActionRun, type RunOptions } from './run-action.js';

/**
 * Fixtures for deploy-service (and run-migration) e2e tests: a cluster, a log group, task
 * definitions and services created in the simulator with the AWS SDK, as an operator would have
 * them before a deploy.
 */

export const CLUSTER = 'prod';
export const LOG_GROUP = '/ecs/shop';
const credentials = { accessKeyId: 'AKIASIMULATOR0000001', secretAccessKey: 'simulator-secret-key-not-real' };

export function clients(sim: Simulator) {
  const config = { region: 'us-east-1', endpoint: sim.url, credentials };
  return { ecs: new ECSClient(config), logs: new CloudWatchLogsClient(config) };
}

export async function createCluster(sim: Simulator): Promise<void> {
  const { ecs, logs } = clients(sim);
  await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: LOG_GROUP }));
}

/** A Fargate task definition with one essential awslogs container, as render-taskdef writes it. */
export function fargateTaskDefinition(options: {
  family: string;
  image: string;
  /** The container: its name (default web) and any fields beside image and logging. */
  container?: Record<string, unknown> & { name?: string };
  logGroup?: string;
  streamPrefix?: string;
  region?: string;
}) {
  const { family, image } = options;
  return {
    family,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
    containerDefinitions: [
      {
        name: 'web',
        image,
        essential: true,
        ...options.container,
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': options.logGroup ?? LOG_GROUP,
            'awslogs-region': options.region ?? 'us-east-1',
            'awslogs-stream-prefix': options.streamPrefix ?? family,
          },
        },
      },
    ],
  };
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

/** Registers the first revision and creates the service on it, then waits for its first rollout. */
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
  const { ecs } = clients(sim);
  const { taskDefinition: registered } = await ecs.send(
    new RegisterTaskDefinitionCommand(taskDefinition(options.service, options.image) as any),
  );
  await ecs.send(
    new CreateServiceCommand({
      cluster: CLUSTER,
      serviceName: options.service,
      taskDefinition: registered!.taskDefinitionArn,
      desiredCount: options.desiredCount ?? 2,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0123abcd'], securityGroups: ['sg-0123abcd'] } },
      ...(options.circuitBreaker ? { deploymentConfiguration: { deploymentCircuitBreaker: options.circuitBreaker } } : {}),
      ...options.extra,
    }),
  );
  await waitForRollout(sim, options.service);
  return registered!.taskDefinitionArn!;
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
