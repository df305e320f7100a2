import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CreateClusterCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { simulatorClientConfig, startSimulator, type Simulator } from '../../server.js';

/** Shared setup for the ECS engine tests: a simulator and real SDK clients pointed at it. */

export interface Harness {
  sim: Simulator;
  ecs: ECSClient;
  logs: CloudWatchLogsClient;
}

export async function startHarness(): Promise<Harness> {
  const sim = await startSimulator();
  return { sim, ecs: new ECSClient(simulatorClientConfig(sim)), logs: new CloudWatchLogsClient(simulatorClientConfig(sim)) };
}

export const NETWORK = {
  awsvpcConfiguration: { subnets: ['subnet-0abc'], securityGroups: ['sg-0abc'], assignPublicIp: 'DISABLED' as const },
};

export async function createCluster(h: Harness, name = 'main'): Promise<string> {
  const { cluster } = await h.ecs.send(new CreateClusterCommand({ clusterName: name, capacityProviders: ['FARGATE', 'FARGATE_SPOT'] }));
  return cluster!.clusterArn!;
}

/** Registers a one-container Fargate task definition; `logGroup` adds the awslogs driver. */
export async function registerFargate(
  h: Harness,
  options: { family: string; image: string; container?: string; logGroup?: string; healthCheck?: boolean; createGroup?: boolean },
): Promise<string> {
  const container = options.container ?? 'app';
  const { taskDefinition } = await h.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: options.family,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      containerDefinitions: [
        {
          name: container,
          image: options.image,
          essential: true,
          ...(options.healthCheck ? { healthCheck: { command: ['CMD-SHELL', 'true'] } } : {}),
          ...(options.logGroup
            ? {
                logConfiguration: {
                  logDriver: 'awslogs' as const,
                  options: {
                    'awslogs-group': options.logGroup,
                    'awslogs-region': 'us-east-1',
                    'awslogs-stream-prefix': 'ecs',
                    ...(options.createGroup ? { 'awslogs-create-group': 'true' } : {}),
                  },
                },
              }
            : {}),
        },
      ],
    }),
  );
  return taskDefinition!.taskDefinitionArn!;
}

/** Polls `read` until `done` holds for its result (the simulator's timings are small). */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value, null, 1).slice(0, 3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
