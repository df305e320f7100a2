import { DescribeServicesCommand, ListServicesCommand, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import {
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { simulatorClientConfig, simulatorEnv, type Simulator } from '../aws-sim/server.js';
import { seedAlb, type SeededAlb } from '../aws-sim/services/elbv2/seed.js';
import type { GitHubSim } from '../github-sim/server.js';
import { awsWorld, createCluster, createLogGroup, createServiceWithRevision, fargateTaskDefinition } from '../fixtures/aws-world.js';
import { WORKSPACE, writeTaskDefinition } from './deploy-service-fixtures.js';
import { runAction, type ActionRun, type RunOptions } from './run-action.js';

/** A cluster with Fargate Spot, a base service `api`, a shared ALB listener and a GitHub stand-in: where previews are made. */

export const CLUSTER = 'shop';
export const REPOSITORY = 'acme/shop';
export const LOG_GROUP = '/ecs/shop';
export const DOMAIN = 'preview.example.com';
/** Task definition files go where deploy-service's tests write them: the bundle's GITHUB_WORKSPACE. */
export { WORKSPACE, writeTaskDefinition };

/** The SDK clients of test/fixtures/aws-world.ts, and ELBv2's, pointed at the simulator. */
export function clients(sim: Simulator) {
  return { ...awsWorld(sim), elb: new ElasticLoadBalancingV2Client(simulatorClientConfig(sim)) };
}

/** The service's task definition: container web on port 8080, logging to LOG_GROUP. */
export function previewTaskDefinition(family: string, image: string) {
  return fargateTaskDefinition({ family, image, container: { portMappings: [{ containerPort: 8080 }] }, logGroup: LOG_GROUP });
}

/** A Fargate base service the previews copy (network configuration, platform). */
export async function createBaseService(sim: Simulator, name: string): Promise<void> {
  await createServiceWithRevision(awsWorld(sim), {
    cluster: CLUSTER,
    service: name,
    document: previewTaskDefinition(name, '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:main'),
  });
}

export async function createPlace(sim: Simulator): Promise<SeededAlb> {
  const world = awsWorld(sim);
  await createCluster(world, CLUSTER, { fargate: true });
  await createLogGroup(world, LOG_GROUP);
  await createBaseService(sim, 'api');
  return seedAlb(sim.world, { name: 'shared', targetGroups: ['default'] });
}

export const sha = (n: number) => n.toString(16).padStart(40, 'a');

/** The pull_request event of PR `number` at `head`, from this repository or a fork. */
export function prEvent(number: number, head: string, fork?: string) {
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      head: { sha: head, ref: `feature-${number}`, repo: { full_name: fork ?? REPOSITORY, fork: Boolean(fork) } },
      base: { ref: 'main', repo: { full_name: REPOSITORY } },
    },
  };
}

export interface PreviewSuite {
  sim: Simulator;
  github: GitHubSim;
  alb: SeededAlb;
  token: string;
}

/** Runs the preview bundle as the runner runs it, against both stand-ins. */
export function runPreview(
  suite: PreviewSuite,
  inputs: NonNullable<RunOptions['inputs']>,
  options: Omit<RunOptions, 'inputs'> = {},
): Promise<ActionRun> {
  return runAction('preview', {
    ...options,
    env: {
      ...simulatorEnv(suite.sim),
      GITHUB_WORKSPACE: WORKSPACE,
      GITHUB_API_URL: suite.github.url,
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_EVENT_NAME: 'pull_request',
      ...options.env,
    },
    inputs: {
      cluster: CLUSTER,
      'listener-arn': suite.alb.listenerArn,
      'github-token': suite.token,
      'poll-interval': '250ms',
      timeout: '60s',
      ...inputs,
    },
  });
}

/** What is left in ECS and ELBv2 tagged as PR `pr`'s preview: ACTIVE services, ACTIVE revisions, target groups (rules: rulesOf). */
export async function leftovers(sim: Simulator, pr: number) {
  const { ecs, elb } = clients(sim);
  const isPr = (tags: Array<{ key?: string; value?: string; Key?: string; Value?: string }> = []) =>
    tags.some((t) => (t.key ?? t.Key) === 'ecs-ship:pull-request' && (t.value ?? t.Value) === String(pr));
  const arns = (await ecs.send(new ListServicesCommand({ cluster: CLUSTER }))).serviceArns ?? [];
  const services = arns.length
    ? ((await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: arns, include: ['TAGS'] }))).services ?? [])
    : [];
  const revisions =
    (await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: `api-pr-${pr}`, status: 'ACTIVE' }))).taskDefinitionArns ?? [];
  const groups = (await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
  const groupTags = groups.length
    ? ((await elb.send(new DescribeTagsCommand({ ResourceArns: groups.map((g) => g.TargetGroupArn!) }))).TagDescriptions ?? [])
    : [];
  return {
    services: services.filter((s) => isPr(s.tags)).map((s) => s.serviceName),
    revisions,
    targetGroups: groupTags.filter((d) => isPr(d.Tags)).map((d) => d.ResourceArn),
  };
}

/** The listener's rules tagged as PR `pr`'s preview. */
export async function rulesOf(sim: Simulator, listenerArn: string, pr: number) {
  const { elb } = clients(sim);
  const rules = ((await elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules ?? []).filter((r) => !r.IsDefault);
  if (!rules.length) return [];
  const tags = (await elb.send(new DescribeTagsCommand({ ResourceArns: rules.map((r) => r.RuleArn!) }))).TagDescriptions ?? [];
  const mine = new Set(
    tags.filter((d) => d.Tags?.some((t) => t.Key === 'ecs-ship:pull-request' && t.Value === String(pr))).map((d) => d.ResourceArn),
  );
  return rules.filter((r) => mine.has(r.RuleArn));
}

/** Calls that change something (anything but Describe/List/Get), applied, summed over services. */
export function mutatingCalls(sim: Simulator): number {
  return Object.entries(sim.world.appliedCounts())
    .filter(([op]) => !/\.(Describe|List|Get)/.test(op))
    .reduce((sum, [, n]) => sum + n, 0);
}
