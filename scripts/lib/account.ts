import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Environment } from './environment.js';
import { FIXTURE_DIR } from './environment.js';

/**
 * What a real account already holds before the pipeline's first run, created the way terraform
 * would create it: through the AWS APIs (here, the simulator's). The names are the demo's.
 */
export const ACCOUNT = {
  cluster: 'shop',
  repository: 'shop',
  services: ['api', 'worker'] as const,
  migration: 'migrate',
  secretName: 'shop/database-url',
  subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
  securityGroups: ['sg-0a1b2c3d4e5f60001'],
  /** What terraform registered before any build existed. */
  placeholderImage: 'public.ecr.aws/docker/library/busybox:stable',
  template: join(FIXTURE_DIR, '.aws', 'task-definition.json'),
};

export const family = (service: string) => `shop-${service}`;
export const logGroup = (service: string) => `/ecs/${family(service)}`;

/** Placeholders of the template as the pipeline fills them (render-taskdef's `vars`). */
export function templateVars(env: Pick<Environment, 'region' | 'sim'>, service: string, image: string) {
  return { SERVICE: service, IMAGE: image, AWS_REGION: env.region, ECR_ACCOUNT: env.sim.world.accountId };
}

/** Renders the template in-process: only for the initial revision terraform registers. */
function renderInitial(vars: Record<string, string>): RegisterTaskDefinitionCommandInput {
  const text = readFileSync(ACCOUNT.template, 'utf8').replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => vars[name] ?? '');
  return JSON.parse(text);
}

export interface AccountSetup {
  clients: { ecs: ECSClient };
}

export async function createAccount(env: Environment): Promise<AccountSetup> {
  const config = {
    region: env.region,
    endpoint: env.sim.url,
    credentials: { accessKeyId: env.env.AWS_ACCESS_KEY_ID, secretAccessKey: env.env.AWS_SECRET_ACCESS_KEY },
  };
  const ecs = new ECSClient(config);
  await new ECRClient(config).send(new CreateRepositoryCommand({ repositoryName: ACCOUNT.repository }));

  await new SecretsManagerClient(config).send(
    new CreateSecretCommand({ Name: ACCOUNT.secretName, SecretString: 'postgres://shop:demo-only@db.internal/shop' }),
  );
  const logs = new CloudWatchLogsClient(config);
  for (const service of [...ACCOUNT.services, ACCOUNT.migration]) {
    await logs.send(new CreateLogGroupCommand({ logGroupName: logGroup(service) }));
  }

  await ecs.send(new CreateClusterCommand({ clusterName: ACCOUNT.cluster }));
  for (const service of ACCOUNT.services) {
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand(renderInitial(templateVars(env, service, ACCOUNT.placeholderImage))),
    );
    await ecs.send(
      new CreateServiceCommand({
        cluster: ACCOUNT.cluster,
        serviceName: service,
        taskDefinition: registered.taskDefinition!.taskDefinitionArn,
        desiredCount: service === 'api' ? 2 : 1,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: ACCOUNT.subnets, securityGroups: ACCOUNT.securityGroups, assignPublicIp: 'DISABLED' },
        },
        deploymentConfiguration: {
          minimumHealthyPercent: 100,
          maximumPercent: 200,
          deploymentCircuitBreaker: { enable: true, rollback: true },
        },
      }),
    );
  }
  await waitForSteadyState(ecs, 30_000);
  return { clients: { ecs } };
}

/** Like terraform's wait_for_steady_state: every service's primary deployment COMPLETED. */
async function waitForSteadyState(ecs: ECSClient, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { services = [] } = await ecs.send(new DescribeServicesCommand({ cluster: ACCOUNT.cluster, services: [...ACCOUNT.services] }));
    const pending = services.filter((s) => s.deployments?.find((d) => d.status === 'PRIMARY')?.rolloutState !== 'COMPLETED');
    if (services.length && !pending.length) return;
    if (Date.now() > deadline) {
      throw new Error(`services did not reach a steady state: ${pending.map((s) => s.serviceName).join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface ServiceState {
  service: string;
  taskDefinition: string;
  images: string[];
  running: number;
  desired: number;
  rolloutState?: string;
}

/** What a person would check after a deploy: each service's revision, image and task counts. */
export async function describeServices(ecs: ECSClient): Promise<ServiceState[]> {
  const { services = [] } = await ecs.send(new DescribeServicesCommand({ cluster: ACCOUNT.cluster, services: [...ACCOUNT.services] }));
  const states: ServiceState[] = [];
  for (const service of services) {
    const { taskDefinition } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition }));
    states.push({
      service: service.serviceName!,
      taskDefinition: `${taskDefinition!.family}:${taskDefinition!.revision}`,
      images: (taskDefinition!.containerDefinitions ?? []).map((c) => c.image ?? ''),
      running: service.runningCount ?? 0,
      desired: service.desiredCount ?? 0,
      rolloutState: service.deployments?.find((d) => d.status === 'PRIMARY')?.rolloutState,
    });
  }
  return states;
}
