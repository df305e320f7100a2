import type { LaunchType } from '@aws-sdk/client-ecs';
import { resolveRegion } from '../../src/aws/clients.js';
import { parseCapacityProviderStrategy } from '../../src/inputs/capacity-provider-strategy.js';
import { ConfigurationError } from '../../src/errors.js';
import { credentialInputs, type CredentialInputs } from '../../src/github/credentials.js';
import {
  booleanInput,
  commandInput,
  durationInput,
  keyValueInput,
  listInput,
  multilineInput,
  optionalInput,
  requiredInput,
} from '../../src/github/inputs.js';
import { requireRegionPartition } from '../../src/inputs/arn.js';
import { parseClusterName, parseServiceName } from '../../src/inputs/ecs-names.js';
import { parseEnvironmentLines } from '../../src/inputs/environment.js';
import { AT_LEAST_ONE_SECOND, invalid, parseBoolean } from '../../src/inputs/parse.js';
import type { MigrationSettings, NetworkSettings } from '../../src/migration/settings.js';
import { registrableTaskDefinition } from '../../src/ecs/task-definition/file.js';
import { parseTaskDefinitionInput } from '../../src/inputs/task-definition-file.js';
import { workspacePathRule } from '../../src/inputs/workspace-path.js';
import { SECURITY_GROUP_ID, SUBNET_ID } from '../../src/inputs/vpc-ids.js';

export interface RunMigrationInputs {
  migration: MigrationSettings;
  /** The run, job and step this is (keys RunTask's client token: a retried step starts no second task). */
  runContext: Record<string, string | undefined>;
  region: string;
  credentials: CredentialInputs;
}

/** Default role-session-name (also read by post.ts). */
export const SESSION_NAME = 'ecs-ship-run-migration';
const LAUNCH_TYPES: readonly LaunchType[] = ['FARGATE', 'EC2', 'EXTERNAL', 'MANAGED_INSTANCES'];
const TAG_KEY = /^(?!aws:)[\p{L}\p{N}\s_.:/=+@-]{1,128}$/iu;
const TAG_VALUE = /^[\p{L}\p{N}\s_.:/=+@-]{0,256}$/u;

/** The input that carries each setting the core may find wrong once it looks (see SettingError). */
export const MIGRATION_INPUTS = {
  cluster: 'cluster',
  taskDefinition: 'task-definition',
  container: 'container',
  service: 'service',
  capacityProviderStrategy: 'capacity-provider-strategy',
} as const;

/** Every input of run-migration, read and validated before anything calls AWS. */
export function readInputs(): RunMigrationInputs {
  const cluster = parseClusterName('cluster', requiredInput('cluster'));
  const paths = workspacePathRule(process.env, booleanInput('allow-paths-outside-workspace', false));
  const taskDefinition = parseTaskDefinitionInput('task-definition', requiredInput('task-definition'), registrableTaskDefinition, paths);
  const timeoutMs = durationInput('timeout', '30m', AT_LEAST_ONE_SECOND);
  const unreachableTimeoutMs = durationInput('unreachable-timeout', '5m', AT_LEAST_ONE_SECOND);
  const startedBy = optionalInput('started-by') ?? 'ecs-ship/run-migration';
  if (!/^[A-Za-z0-9_/-]{1,128}$/.test(startedBy)) {
    throw invalid('started-by', startedBy, 'up to 128 letters, digits, hyphens, underscores or slashes');
  }
  const environment = parseEnvironmentLines('environment', multilineInput('environment') ?? '');
  const tags = keyValueInput('tags');
  const badTag = tags.find(([key, value]) => !TAG_KEY.test(key) || !TAG_VALUE.test(value));
  if (badTag)
    throw invalid('tags', `${badTag[0]}=${badTag[1]}`, 'KEY=value lines with AWS tag keys and values (keys not starting with aws:)');
  const region = resolveRegion(optionalInput('aws-region'));
  requireRegionPartition('cluster', cluster, region);
  if (taskDefinition.kind === 'reference') requireRegionPartition('task-definition', taskDefinition.reference, region);
  requireRegionPartition('service', optionalInput('service'), region);
  return {
    migration: {
      cluster,
      taskDefinition,
      container: optionalInput('container'),
      command: commandOverride(),
      environment,
      network: networkInputs(),
      timeoutMs,
      unreachableTimeoutMs,
      startedBy,
      tags,
    },
    region,
    credentials: credentialInputs(SESSION_NAME),
    runContext: runContext(process.env),
  };
}

const RUN_CONTEXT = ['GITHUB_REPOSITORY', 'GITHUB_RUN_ID', 'GITHUB_RUN_ATTEMPT', 'GITHUB_JOB', 'GITHUB_ACTION'] as const;

function runContext(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(RUN_CONTEXT.map((name) => [name, env[name]]));
}

function networkInputs(): NetworkSettings {
  const rawService = optionalInput('service');
  const service = rawService === undefined ? undefined : parseServiceName('service', rawService);
  const subnets = checkedList('subnets', SUBNET_ID, 'subnet IDs such as subnet-0123abcd');
  const securityGroups = checkedList('security-groups', SECURITY_GROUP_ID, 'security group IDs such as sg-0123abcd');
  const publicIp = optionalInput('assign-public-ip');
  const assignPublicIp = publicIp === undefined ? undefined : parsePublicIp(publicIp);
  const launch = optionalInput('launch-type');
  const launchType = launch === undefined ? undefined : parseLaunchType(launch);
  const strategy = optionalInput('capacity-provider-strategy');
  const capacityProviderStrategy =
    strategy === undefined ? undefined : parseCapacityProviderStrategy('capacity-provider-strategy', strategy);
  const platformVersion = optionalInput('platform-version');
  if (platformVersion !== undefined && !/^(LATEST|\d+\.\d+\.\d+)$/.test(platformVersion)) {
    throw invalid('platform-version', platformVersion, 'LATEST or a version such as 1.4.0');
  }
  if (launchType && capacityProviderStrategy) {
    throw new ConfigurationError('Inputs "launch-type" and "capacity-provider-strategy" exclude each other: set one of them.');
  }
  if (!service && !subnets.length && (securityGroups.length || assignPublicIp)) {
    throw new ConfigurationError(
      `Input "${securityGroups.length ? 'security-groups' : 'assign-public-ip'}" needs "subnets" (or "service" to copy the network from).`,
    );
  }
  return { service, subnets, securityGroups, assignPublicIp, launchType, capacityProviderStrategy, platformVersion };
}

/** A command override needs a program to run: `[]`, `[""]` or `""` would run nothing. */
function commandOverride(): string[] | undefined {
  const command = commandInput('command');
  if (command && !command[0]?.trim()) {
    throw invalid('command', optionalInput('command') ?? '', 'a command of at least one word, or no "command" to run the image\'s own');
  }
  return command;
}

function checkedList(name: string, pattern: RegExp, expected: string): string[] {
  const items = listInput(name);
  const bad = items.find((item) => !pattern.test(item));
  if (bad !== undefined) throw invalid(name, bad, expected);
  return items;
}

function parsePublicIp(raw: string): 'ENABLED' | 'DISABLED' {
  const value = raw.trim().toUpperCase();
  if (value === 'ENABLED' || value === 'DISABLED') return value;
  return parseBoolean('assign-public-ip', raw) ? 'ENABLED' : 'DISABLED';
}

function parseLaunchType(raw: string): LaunchType {
  const value = raw.trim().toUpperCase() as LaunchType;
  if (!LAUNCH_TYPES.includes(value)) throw invalid('launch-type', raw, `one of ${LAUNCH_TYPES.join(', ')}`);
  return value;
}
