import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { setScenario } from '../aws-sim/services/ecs/scenarios.js';
import { simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { awsWorld, createCluster as createWorldCluster, fargateTaskDefinition, registerFamily } from '../fixtures/aws-world.js';
import { createCluster, createService } from './deploy-service-fixtures.js';
import { runAction } from './run-action.js';

/**
 * Finding 3 of issue 7: a value holding a newline and `::warning::` reached the log as a real
 * workflow command. Every string input of every action gets such a value (with the other inputs
 * valid, so the value travels as far as it can), and the output is read as the runner reads it:
 * no line may be a command the value started, outside a stop-commands fence.
 */

const ROOT = resolve(import.meta.dirname, '..', '..');
const ACTIONS = ['ecr-login', 'build-push', 'render-taskdef', 'run-migration', 'deploy-service'] as const;
type ActionName = (typeof ACTIONS)[number];

/** A newline, a bare carriage return (the runner splits on both), indentation, and the older `##[` form. */
const injected = (input: string) =>
  `x\n::warning::INJECTED-${input}\r\t::error title=t::INJECTED-${input}\nsee ##[warning]INJECTED-${input}`;

// ---- the runner's reading of a step's output (actions/runner ActionCommand.cs, ActionCommandManager.cs)

/** Commands the runner registers (ActionCommandManager's extensions), matched case-insensitively. */
const REGISTERED = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
];

interface Command {
  name: string;
  properties: string[];
  data: string;
  line: string;
}

const unescape = (text: string) =>
  text
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%3A/gi, ':')
    .replace(/%2C/gi, ',')
    .replace(/%5D/gi, ']')
    .replace(/%3B/gi, ';')
    .replace(/%25/g, '%');

/** `::name props::data` after .NET's TrimStart, else `##[name props]data` anywhere in the line. */
function parseCommand(line: string): Command | undefined {
  const trimmed = line.replace(/^[\s\u0085]+/, '');
  if (trimmed.startsWith('::')) {
    const end = trimmed.indexOf('::', 2);
    if (end < 0) return undefined;
    const [name, ...rest] = trimmed.slice(2, end).split(' ');
    return { name: name.toLowerCase(), properties: rest.join(' ').split(',').map(unescape), data: unescape(trimmed.slice(end + 2)), line };
  }
  const start = line.indexOf('##[');
  const bracket = start < 0 ? -1 : line.indexOf(']', start);
  if (bracket < 0) return undefined;
  const [name, ...rest] = line.slice(start + 3, bracket).split(' ');
  return { name: name.toLowerCase(), properties: rest.join(' ').split(';').map(unescape), data: unescape(line.slice(bracket + 1)), line };
}

/** The commands the runner would act on, honouring `::stop-commands::TOKEN` ... `::TOKEN::` fences. */
function runnerCommands(output: string): { commands: Command[]; openFence?: string } {
  const commands: Command[] = [];
  let stopToken: string | undefined;
  for (const line of output.split(/\r\n|\r|\n/)) {
    const command = parseCommand(line);
    if (!command) continue;
    if (stopToken !== undefined) {
      if (command.name === stopToken.toLowerCase()) stopToken = undefined;
      continue;
    }
    if (!REGISTERED.includes(command.name)) continue;
    if (command.name === 'stop-commands') stopToken = command.data;
    else commands.push(command);
  }
  return { commands, openFence: stopToken };
}

// ---- each action's inputs, with valid values for the others

function stringInputs(action: ActionName): string[] {
  const manifest = parse(readFileSync(join(ROOT, 'actions', action, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
  return Object.keys(manifest.inputs);
}

let sim: Simulator;
let env: Record<string, string>;
const dir = mkdtempSync(join(tmpdir(), 'command-injection-'));
const noTools = join(dir, 'empty-path');
mkdirSync(noTools);
const context = join(dir, 'context');
mkdirSync(context);
writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\n');
const template = join(dir, 'taskdef.json');
writeFileSync(template, JSON.stringify(fargateTaskDefinition({ family: 'shop-api', image: 'shop:1' })));

/** Valid inputs per action; the injected input replaces (or joins) them. */
const BASE: Record<ActionName, Record<string, string>> = {
  'ecr-login': {},
  'build-push': { repository: 'shop', context, push: 'false', builder: 'docker' },
  'render-taskdef': { 'task-definition': template, image: 'shop:2' },
  'run-migration': { cluster: 'mig', 'task-definition': 'mig-task', subnets: 'subnet-0123abcd', timeout: '20s' },
  'deploy-service': { cluster: 'prod', service: 'web', 'task-definition-arn': 'web:1', wait: 'false' },
};

/** Inputs that only count beside others, and inputs that exclude the baseline's. */
function inputsFor(action: ActionName, input: string): Record<string, string> {
  const inputs: Record<string, string> = { ...BASE[action] };
  if (action === 'ecr-login' && ['repository', 'scan-on-push', 'image-tag-mutability', 'keep-last-images'].includes(input)) {
    Object.assign(inputs, { 'create-repository': 'true', repository: 'shop' });
  }
  if (action === 'render-taskdef' && input === 'images') delete inputs.image;
  if (action === 'render-taskdef' && input === 'revision') Object.assign(inputs, { family: 'shop-api' });
  if (action === 'deploy-service' && input === 'services') {
    delete inputs.service;
    delete inputs['task-definition-arn'];
  }
  if (action === 'deploy-service' && input === 'task-definition') delete inputs['task-definition-arn'];
  if (action === 'run-migration' && input === 'security-groups') delete inputs.subnets;
  inputs[input] = injected(input);
  return inputs;
}

beforeAll(async () => {
  sim = await startSimulator();
  env = simulatorEnv(sim);
  await createCluster(sim);
  await createService(sim, { service: 'web', image: 'shop:1', desiredCount: 1 });
  const world = awsWorld(sim);
  await createWorldCluster(world, 'mig');
  await registerFamily(world, fargateTaskDefinition({ family: 'mig-task', image: 'shop:1', container: { name: 'migrate' } }));
  setScenario(sim.world, { family: 'mig-task', outcome: 'exit', exitCode: 0, afterMs: 50 });
});
afterAll(() => sim?.stop());

const cases = ACTIONS.flatMap((action) => stringInputs(action).map((input) => [action, input] as const));

test('every action has string inputs to try', () => {
  for (const action of ACTIONS) expect(stringInputs(action).length).toBeGreaterThan(3);
});

test.each(cases)('%s: a workflow command in "%s" is never read as one', async (action, input) => {
  const run = await runAction(action, {
    inputs: inputsFor(action, input),
    // No docker or buildah on PATH: build-push fails at the builder instead of building.
    // The fixtures' directory is the workspace: files elsewhere are refused before other inputs are read.
    env: { ...env, GITHUB_WORKSPACE: dir, AWS_MAX_ATTEMPTS: '1', ...(action === 'build-push' ? { PATH: noTools } : {}) },
    // The workspace holds the build context and the template: files are read only inside it.
    cwd: dir,
    timeoutMs: 30_000,
  });
  expect(run.signal).toBeNull();
  const { commands, openFence } = runnerCommands(run.output);
  const forged = commands.filter((c) => [c.data, ...c.properties].some((text) => text.startsWith('INJECTED')));
  expect(forged.map((c) => c.line)).toEqual([]);
  // A fence left open would swallow the step's own commands (its error, its masks).
  expect(openFence).toBeUndefined();
});
