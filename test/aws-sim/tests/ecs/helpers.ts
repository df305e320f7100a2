import { startSimulator, type Simulator } from '../../server.js';
import {
  awsWorld,
  createCluster as createWorldCluster,
  fargateTaskDefinition,
  registerFamily,
  type AwsWorld,
} from '../../../fixtures/aws-world.js';

/** Shared setup for the ECS engine tests: a simulator and real SDK clients pointed at it. */

export interface Harness extends AwsWorld {
  sim: Simulator;
}

export async function startHarness(): Promise<Harness> {
  const sim = await startSimulator();
  return { sim, ...awsWorld(sim) };
}

export const NETWORK = {
  awsvpcConfiguration: { subnets: ['subnet-0abc'], securityGroups: ['sg-0abc'], assignPublicIp: 'DISABLED' as const },
};

export async function createCluster(h: Harness, name = 'main'): Promise<string> {
  return createWorldCluster(h, name, { fargate: true });
}

/** Registers a one-container Fargate task definition; `logGroup` adds the awslogs driver. */
export async function registerFargate(
  h: Harness,
  options: { family: string; image: string; container?: string; logGroup?: string; healthCheck?: boolean; createGroup?: boolean },
): Promise<string> {
  const document = fargateTaskDefinition({
    family: options.family,
    image: options.image,
    container: { name: options.container ?? 'app', ...(options.healthCheck ? { healthCheck: { command: ['CMD-SHELL', 'true'] } } : {}) },
    logGroup: options.logGroup,
    streamPrefix: 'ecs',
  });
  const logOptions = document.containerDefinitions![0].logConfiguration?.options;
  if (logOptions && options.createGroup) logOptions['awslogs-create-group'] = 'true';
  return registerFamily(h, document);
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
