import { parseDocument } from 'yaml';
import { ROLE_ARN } from '../inputs/arn.js';
import { ECS_NAME } from '../inputs/ecs-names.js';
import { parseCommand, parseDuration } from '../inputs/parse.js';
import { readTextFile } from '../inputs/text-file.js';
import { SECURITY_GROUP_ID, SUBNET_ID } from '../inputs/vpc-ids.js';
import { ExpressionError, parseExpression, shortestInterval } from './expression.js';
import { jobError, shown } from './file-errors.js';
import { JOB_DEFAULTS, type Job, type SchedulesFile } from './job.js';
import { isTimeZone } from './time-zone.js';

/**
 * The schedules file of a service repository, read and validated whole before anything calls AWS:
 * every mistake is one line naming the file, the job and the field.
 */

const JOB_NAME = /^[0-9a-zA-Z._-]{1,64}$/;
const SQS_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]{1,80}(\.fifo)?$/;
const RULE = /^([\w.\-/:]{1,256}\/)?[\w.-]{1,64}$/;

const TOP_KEYS = ['role', 'timezone', 'jobs', 'legacy-rules'];
const JOB_KEYS = [
  'expression',
  'timezone',
  'flexible-window',
  'container',
  'command',
  'cpu',
  'memory',
  'environment',
  'task-count',
  'retries',
  'max-event-age',
  'dead-letter-queue',
  'enabled',
  'role',
  'task-definition',
  'network',
  'description',
];
const NETWORK_KEYS = ['subnets', 'security-groups', 'assign-public-ip'];

type Raw = Record<string, unknown>;
const isMap = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

export function readSchedulesFile(path: string, source = path, now = Date.now()): SchedulesFile {
  return parseSchedules(readTextFile(path, `Schedules file "${source}"`), source, now);
}

export function parseSchedules(text: string, source: string, now = Date.now()): SchedulesFile {
  const document = parseDocument(text, { uniqueKeys: true });
  const [problem] = document.errors;
  if (problem) throw jobError(source, undefined, undefined, `is not valid YAML (${problem.message.split('\n')[0]})`);
  const top: unknown = document.toJS();
  if (!isMap(top))
    throw jobError(source, undefined, undefined, 'expected a mapping with "jobs" (and optionally role, timezone, legacy-rules)');
  unknownKeys(source, undefined, top, TOP_KEYS);
  const defaults = {
    role: top.role === undefined ? undefined : text_(source, undefined, 'role', top.role),
    timezone: top.timezone === undefined ? JOB_DEFAULTS.timezone : timezone(source, undefined, top.timezone),
  };
  if (top.jobs !== undefined && !isMap(top.jobs)) throw jobError(source, undefined, 'jobs', 'expected a mapping of job names to jobs');
  const jobs = Object.entries(top.jobs ?? {}).map(([name, raw]) => parseJob({ source, name, raw, defaults, now }));
  const legacyRules = stringList(source, undefined, 'legacy-rules', top['legacy-rules'] ?? []);
  for (const rule of legacyRules) {
    if (!RULE.test(rule))
      throw jobError(source, undefined, 'legacy-rules', `${shown(rule)} is not an EventBridge rule name (or event-bus/rule-name)`);
  }
  // `jobs: {}` says "no scheduled jobs" (every schedule the toolkit made is deleted); a file with
  // neither key is more likely a mistake.
  if (top.jobs === undefined && !legacyRules.length)
    throw jobError(source, undefined, 'jobs', 'is missing (write "jobs: {}" for no scheduled jobs)');
  return { source, jobs, legacyRules };
}

function parseJob(options: {
  source: string;
  name: string;
  raw: unknown;
  defaults: { role?: string; timezone: string };
  now: number;
}): Job {
  const { source, name, raw, defaults } = options;
  if (!JOB_NAME.test(name)) throw jobError(source, name, undefined, 'a job name is 1 to 64 letters, digits, dots, hyphens or underscores');
  if (!isMap(raw)) throw jobError(source, name, undefined, 'expected a mapping of fields (expression, container...)');
  unknownKeys(source, name, raw, JOB_KEYS);
  const field = <T>(key: string, read: (value: unknown) => T): T | undefined => (raw[key] === undefined ? undefined : read(raw[key]));
  const text = (key: string) => field(key, (value) => text_(source, name, key, value));

  const expression = text('expression');
  if (expression === undefined) throw jobError(source, name, 'expression', 'is required: cron(...), rate(...) or at(...)');
  let parsed;
  try {
    parsed = parseExpression(expression);
  } catch (error) {
    if (error instanceof ExpressionError) throw jobError(source, name, 'expression', `${shown(expression)} ${error.message}`);
    throw error;
  }
  const zone = field('timezone', (value) => timezone(source, name, value)) ?? defaults.timezone;
  const flexibleWindowMinutes = field('flexible-window', (value) => windowMinutes(source, name, value));
  const interval = shortestInterval(parsed, options.now);
  if (flexibleWindowMinutes !== undefined && interval !== undefined && flexibleWindowMinutes * 60_000 > interval) {
    throw jobError(
      source,
      name,
      'flexible-window',
      `${flexibleWindowMinutes}m is longer than the time between two runs of ${shown(expression)} (${interval / 60_000}m)`,
    );
  }
  const container = text('container');
  if (container === undefined)
    throw jobError(source, name, 'container', 'is required: the container of the task definition that runs the job');
  if (!ECS_NAME.test(container)) throw jobError(source, name, 'container', `${shown(container)} is not a container name`);
  const role = text('role') ?? defaults.role;
  if (role === undefined)
    throw jobError(
      source,
      name,
      'role',
      'is required (here or at the top of the file): the IAM role EventBridge Scheduler assumes to run the task',
    );
  if (!ROLE_ARN.test(role))
    throw jobError(source, name, 'role', `${shown(role)} is not an IAM role ARN (arn:aws:iam::123456789012:role/name)`);
  const deadLetterQueue = text('dead-letter-queue');
  if (deadLetterQueue !== undefined && !SQS_ARN.test(deadLetterQueue)) {
    throw jobError(source, name, 'dead-letter-queue', `${shown(deadLetterQueue)} is not an SQS queue ARN`);
  }
  const taskDefinitionFamily = text('task-definition');
  if (taskDefinitionFamily !== undefined && !ECS_NAME.test(taskDefinitionFamily)) {
    throw jobError(source, name, 'task-definition', `${shown(taskDefinitionFamily)} is not a task definition family name`);
  }
  const description = text('description');
  if (description !== undefined && description.length > 400) throw jobError(source, name, 'description', 'is longer than 400 characters');
  return {
    name,
    expression,
    parsed,
    timezone: zone,
    flexibleWindowMinutes,
    container,
    command: field('command', (value) => command(source, name, value)),
    cpu: field('cpu', (value) => units(source, name, 'cpu', value)),
    memory: field('memory', (value) => units(source, name, 'memory', value)),
    environment: field('environment', (value) => environment(source, name, value)) ?? [],
    taskCount: field('task-count', (value) => whole(source, name, 'task-count', value, [1, 10])) ?? JOB_DEFAULTS.taskCount,
    retries: field('retries', (value) => whole(source, name, 'retries', value, [0, 185])) ?? JOB_DEFAULTS.retries,
    maxEventAgeSeconds: field('max-event-age', (value) => eventAge(source, name, value)) ?? JOB_DEFAULTS.maxEventAgeSeconds,
    deadLetterQueue,
    enabled: field('enabled', (value) => flag(source, name, 'enabled', value)) ?? JOB_DEFAULTS.enabled,
    role,
    taskDefinitionFamily,
    network: field('network', (value) => network(source, name, value)),
    description,
  };
}

function unknownKeys(source: string, job: string | undefined, raw: Raw, known: string[]): void {
  const unknown = Object.keys(raw).find((key) => !known.includes(key));
  if (unknown !== undefined) throw jobError(source, job, unknown, `is not a known field (known: ${known.join(', ')})`);
}

function text_(source: string, job: string | undefined, field: string, value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) throw jobError(source, job, field, `${shown(value)} is not a non-empty string`);
  return value.trim();
}

function timezone(source: string, job: string | undefined, value: unknown): string {
  const zone = text_(source, job, 'timezone', value);
  if (!isTimeZone(zone))
    throw jobError(source, job, 'timezone', `${shown(zone)} is not an IANA time zone (such as UTC, Europe/Berlin or America/New_York)`);
  return zone;
}

function duration(source: string, job: string, field: string, value: unknown): number {
  try {
    return parseDuration(field, typeof value === 'number' ? String(value) : text_(source, job, field, value));
  } catch {
    throw jobError(source, job, field, `${shown(value)} is not a duration such as 90s, 15m or 1h`);
  }
}

function windowMinutes(source: string, job: string, value: unknown): number | undefined {
  if (value === false || value === 'off') return undefined;
  const ms = duration(source, job, 'flexible-window', value);
  if (ms % 60_000 !== 0 || ms < 60_000 || ms > 1440 * 60_000) {
    throw jobError(source, job, 'flexible-window', `${shown(value)} is not whole minutes from 1m to 24h (or off)`);
  }
  return ms / 60_000;
}

function eventAge(source: string, job: string, value: unknown): number {
  const ms = duration(source, job, 'max-event-age', value);
  if (ms % 1000 !== 0 || ms < 60_000 || ms > 86_400_000)
    throw jobError(source, job, 'max-event-age', `${shown(value)} is not whole seconds from 1m to 24h`);
  return ms / 1000;
}

function whole(source: string, job: string, field: string, value: unknown, [min, max]: [number, number]): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw jobError(source, job, field, `${shown(value)} is not a whole number from ${min} to ${max}`);
  }
  return value;
}

function flag(source: string, job: string, field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw jobError(source, job, field, `${shown(value)} is not true or false`);
  return value;
}

function units(source: string, job: string, field: string, value: unknown): string {
  const text = String(value);
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw jobError(source, job, field, `${shown(value)} is not a whole number of ${field === 'cpu' ? 'CPU units (1024 = 1 vCPU)' : 'MiB'}`);
  return text;
}

function command(source: string, job: string, value: unknown): string[] {
  if (Array.isArray(value) && value.length && value.every((word) => typeof word === 'string')) return value;
  if (typeof value === 'string') {
    try {
      return parseCommand('command', value);
    } catch {
      throw jobError(source, job, 'command', `${shown(value)} is not a command (shell words with matching quotes)`);
    }
  }
  throw jobError(source, job, 'command', `${shown(value)} is not a command: a list of strings or one line of shell words`);
}

function environment(source: string, job: string, value: unknown): Array<{ name: string; value: string }> {
  if (!isMap(value)) throw jobError(source, job, 'environment', 'expected a mapping of NAME: value');
  return Object.entries(value).map(([name, entry]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw jobError(source, job, 'environment', `${shown(name)} is not a variable name`);
    if (!['string', 'number', 'boolean'].includes(typeof entry)) throw jobError(source, job, 'environment', `${name}: expected a string`);
    return { name, value: String(entry) };
  });
}

function stringList(source: string, job: string | undefined, field: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.trim())) {
    throw jobError(source, job, field, `${shown(value)} is not a list of strings`);
  }
  return value.map((item: string) => item.trim());
}

function network(source: string, job: string, value: unknown): Job['network'] {
  if (!isMap(value)) throw jobError(source, job, 'network', 'expected subnets, security-groups and assign-public-ip');
  unknownKeys(source, job, value, NETWORK_KEYS);
  const subnets = stringList(source, job, 'network.subnets', value.subnets ?? []);
  const securityGroups = stringList(source, job, 'network.security-groups', value['security-groups'] ?? []);
  const badSubnet = subnets.find((s) => !SUBNET_ID.test(s));
  if (!subnets.length || badSubnet !== undefined)
    throw jobError(source, job, 'network.subnets', `${shown(badSubnet ?? subnets)} is not a list of subnet IDs (subnet-...)`);
  const badGroup = securityGroups.find((g) => !SECURITY_GROUP_ID.test(g));
  if (badGroup !== undefined)
    throw jobError(source, job, 'network.security-groups', `${shown(badGroup)} is not a security group ID (sg-...)`);
  const assignPublicIp =
    value['assign-public-ip'] === undefined ? false : flag(source, job, 'network.assign-public-ip', value['assign-public-ip']);
  return { subnets, securityGroups, assignPublicIp };
}
