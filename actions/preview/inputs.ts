import { readFileSync } from 'node:fs';
import { resolveRegion } from '../../src/aws/clients.js';
import { registrableTaskDefinition } from '../../src/ecs/task-definition/file.js';
import type { PriorityBand } from '../../src/elb/preview-rules.js';
import { ConfigurationError } from '../../src/errors.js';
import { credentialInputs, type CredentialInputs } from '../../src/github/credentials.js';
import { booleanInput, choiceInput, durationInput, integerInput, optionalInput, requiredInput } from '../../src/github/inputs.js';
import { requireRegionPartition } from '../../src/inputs/arn.js';
import { readTaskDefinitionFile } from '../../src/inputs/task-definition-file.js';
import { parseClusterName, parseServiceName } from '../../src/inputs/ecs-names.js';
import { AT_LEAST_ONE_SECOND, invalid, parseChoice } from '../../src/inputs/parse.js';
import { workspacePath, workspacePathRule } from '../../src/inputs/workspace-path.js';
import { trafficContainer } from '../../src/preview/container.js';
import { pullRequestOfEvent, type EventPullRequest } from '../../src/preview/event.js';
import type { UpOptions } from '../../src/preview/types.js';

export type Command = 'up' | 'down' | 'sweep';

export interface PreviewInputs {
  command: Command;
  cluster: string;
  listenerArn: string;
  repository: string;
  baseService?: string;
  pr?: number;
  headSha?: string;
  fork: boolean;
  /** up only: the settings of UpOptions that come from inputs (the rest is the event's). */
  up?: Pick<UpOptions, 'taskDefinition' | 'domain' | 'healthCheckPath' | 'band' | 'maxPreviews' | 'capacity' | 'wait'> & {
    containerName: string;
    containerPort: number;
  };
  timeoutMs: number;
  pollIntervalMs: number;
  ttlMs: number;
  comment: boolean;
  githubToken?: string;
  region: string;
  credentials: CredentialInputs;
}

const LISTENER_ARN =
  /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/(app|net|gwy)\/[A-Za-z0-9-]{1,32}\/[0-9a-f]+\/[0-9a-f]+$/;
const DOMAIN = /^(?=.{1,110}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const SHA = /^[0-9a-f]{40}$/;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** Every input of preview, validated before anything calls AWS (the task definition file and its container too). */
export function readInputs(env: NodeJS.ProcessEnv = process.env): PreviewInputs {
  const command = parseChoice('command', requiredInput('command'), ['up', 'down', 'sweep'] as const);
  const cluster = parseClusterName('cluster', requiredInput('cluster'));
  const listenerArn = requiredInput('listener-arn');
  if (!LISTENER_ARN.test(listenerArn))
    throw invalid(
      'listener-arn',
      listenerArn,
      'a load balancer listener ARN (arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<name>/<id>/<id>)',
    );
  const repository = env.GITHUB_REPOSITORY ?? '';
  if (!REPOSITORY.test(repository))
    throw new ConfigurationError(`GITHUB_REPOSITORY has value "${repository}": expected owner/repo (the runner sets it)`);
  const rawBase = optionalInput('base-service');
  const baseService = rawBase === undefined ? undefined : parseServiceName('base-service', rawBase);
  const event = readEvent(env);
  const pr = pullRequestNumber(command, event);
  const headSha = optionalInput('head-sha') ?? event?.headSha ?? env.GITHUB_SHA;
  if (headSha !== undefined && !SHA.test(headSha)) throw invalid('head-sha', headSha, 'a full commit SHA of 40 hexadecimal digits');
  const region = resolveRegion(optionalInput('aws-region'));
  requireRegionPartition('cluster', cluster, region);
  requireRegionPartition('listener-arn', listenerArn, region);
  const comment = booleanInput('comment', true);
  const githubToken = optionalInput('github-token');
  if (comment && !githubToken) throw new ConfigurationError('Input required and not supplied: github-token (or set comment to false)');
  return {
    command,
    cluster,
    listenerArn,
    repository,
    baseService,
    pr,
    headSha,
    fork: event?.fork ?? false,
    up: command === 'up' ? upInputs(baseService, headSha) : undefined,
    timeoutMs: durationInput('timeout', '15m', AT_LEAST_ONE_SECOND),
    pollIntervalMs: durationInput('poll-interval', '3s', { min: 250, max: 300_000 }),
    ttlMs: durationInput('ttl', '168h', { min: 60_000, example: '72h' }),
    comment,
    githubToken,
    region,
    credentials: credentialInputs('ecs-ship-preview'),
  };
}

function upInputs(baseService: string | undefined, headSha: string | undefined): PreviewInputs['up'] {
  if (!baseService)
    throw new ConfigurationError('Input required and not supplied: base-service (the service a preview copies, for command up)');
  if (!headSha) throw new ConfigurationError('Input required and not supplied: head-sha (no pull request event and no GITHUB_SHA)');
  const source = requiredInput('task-definition');
  const paths = workspacePathRule(process.env, booleanInput('allow-paths-outside-workspace', false));
  const taskDefinition = readTaskDefinitionFile(
    'task-definition',
    workspacePath('task-definition', source, paths),
    registrableTaskDefinition,
  );
  const domain = requiredInput('preview-domain').toLowerCase();
  if (!DOMAIN.test(domain)) throw invalid('preview-domain', domain, 'a DNS domain of at most 110 characters, such as preview.example.com');
  const containerName = optionalInput('container-name');
  const containerPort = integerInput('container-port', { min: 1, max: 65535 });
  const target = trafficContainer(taskDefinition, { name: containerName, port: containerPort });
  if ('problem' in target) {
    const [name, value] = containerName !== undefined ? ['container-name', containerName] : ['task-definition', source];
    throw invalid(name, value, `a container that receives the preview's traffic, but the task definition has ${target.problem}`);
  }
  const healthCheckPath = optionalInput('health-check-path') ?? '/';
  if (!/^\/[\x21-\x7e]{0,1023}$/.test(healthCheckPath))
    throw invalid('health-check-path', healthCheckPath, 'a path starting with / of at most 1024 characters');
  return {
    taskDefinition,
    domain,
    containerName: target.name,
    containerPort: target.port,
    healthCheckPath,
    band: priorityBand(optionalInput('priority-band') ?? '20000-20999'),
    maxPreviews: integerInput('max-previews', { min: 1, max: 1000 }) ?? 10,
    capacity: choiceInput('capacity', ['spot', 'base'] as const, 'spot'),
    wait: booleanInput('wait', true),
  };
}

function priorityBand(raw: string): PriorityBand {
  const match = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(raw);
  const [first, last] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || first < 1 || last > 50000 || first > last)
    throw invalid('priority-band', raw, 'a range first-last of listener rule priorities within 1-50000, such as 20000-20999');
  return { first, last };
}

function pullRequestNumber(command: Command, event: EventPullRequest | undefined): number | undefined {
  const number = integerInput('pull-request', { min: 1 }) ?? event?.number;
  if (number === undefined && command !== 'sweep') {
    throw new ConfigurationError(`Input required and not supplied: pull-request (the event is not a pull request; needed for ${command})`);
  }
  return number;
}

function readEvent(env: NodeJS.ProcessEnv): EventPullRequest | undefined {
  if (!env.GITHUB_EVENT_PATH) return undefined;
  try {
    return pullRequestOfEvent(JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')));
  } catch {
    return undefined;
  }
}
