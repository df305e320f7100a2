import { ConfigurationError } from '../errors.js';
import { isObject, type TaskDefinition } from '../ecs/task-definition/model.js';
import { checkTaskRules } from './ecs-rules.js';
import { cpuUnits, describeFargateMemory, isFargateSize, memoryMiB } from './fargate.js';

/**
 * The checks ECS makes on RegisterTaskDefinition, run before anything is written so a bad
 * document fails in this step with the JSON path of each problem, not at register or deploy.
 */
export interface Problem {
  path: string;
  reason: string;
}

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const NETWORK_MODES = ['bridge', 'host', 'awsvpc', 'none'];
const LAUNCH_TYPES = ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'];
const MAX_CONTAINERS = 10;
const INTEGER_FIELDS = ['cpu', 'memory', 'memoryReservation', 'startTimeout', 'stopTimeout'];
const MAX_SHOWN = 5;

export function findProblems(document: TaskDefinition): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, reason: string) => problems.push({ path, reason });

  const family = document.family;
  if (typeof family !== 'string' || !family) add('family', 'missing (set it in the file or with the "family" input)');
  else if (!NAME.test(family)) add('family', `"${family}" has characters ECS rejects (letters, digits, - and _ only, up to 255)`);

  const compatibilities = document.requiresCompatibilities ?? [];
  if (!Array.isArray(compatibilities)) add('requiresCompatibilities', 'expected a list such as ["FARGATE"]');
  else
    compatibilities.forEach(
      (c, i) => LAUNCH_TYPES.includes(c) || add(`requiresCompatibilities[${i}]`, `"${c}" is not one of ${LAUNCH_TYPES.join(', ')}`),
    );
  const networkMode = document.networkMode;
  if (networkMode !== undefined && !NETWORK_MODES.includes(networkMode)) {
    add('networkMode', `"${networkMode}" is not one of ${NETWORK_MODES.join(', ')}`);
  }

  const cpu = cpuUnits(document.cpu);
  const memory = memoryMiB(document.memory);
  if (cpu !== undefined && (Number.isNaN(cpu) || cpu < 128 || cpu > 196608)) {
    add('cpu', `"${document.cpu}" is not a task cpu (units such as "256", or "1 vCPU")`);
  }
  if (memory !== undefined && (Number.isNaN(memory) || memory < 128)) {
    add('memory', `"${document.memory}" is not a task memory (MiB such as "512", or "1GB")`);
  }

  const containers = document.containerDefinitions;
  if (!Array.isArray(containers) || !containers.length) {
    add('containerDefinitions', 'expected a list of at least one container');
    return problems;
  }
  if (containers.length > MAX_CONTAINERS) add('containerDefinitions', `${containers.length} containers; ECS allows ${MAX_CONTAINERS}`);

  const fargate = Array.isArray(compatibilities) && compatibilities.includes('FARGATE');
  if (fargate) {
    if (networkMode !== 'awsvpc')
      add('networkMode', `Fargate needs "awsvpc", got ${networkMode === undefined ? 'none' : `"${networkMode}"`}`);
    if (cpu === undefined) add('cpu', 'Fargate needs a task-level cpu');
    if (memory === undefined) add('memory', 'Fargate needs a task-level memory');
    if (cpu !== undefined && memory !== undefined && !Number.isNaN(cpu) && !Number.isNaN(memory) && !isFargateSize(cpu, memory)) {
      add('memory', `cpu ${document.cpu} with memory ${document.memory} is not a Fargate size: ${describeFargateMemory(cpu)}`);
    }
    if (document.ipcMode) add('ipcMode', 'Fargate does not support ipcMode');
    if (document.pidMode && document.pidMode !== 'task') add('pidMode', 'Fargate supports only pidMode "task"');
  }

  const names = new Map<string, number>();
  containers.forEach((container: unknown, index: number) => {
    const at = `containerDefinitions[${index}]`;
    if (!isObject(container)) return add(at, 'expected an object');
    checkContainer(container, at, { networkMode, taskMemory: memory, add });
    const name = container.name;
    if (typeof name === 'string' && names.has(name))
      add(`${at}.name`, `"${name}" is also the name of containerDefinitions[${names.get(name)}]`);
    else if (typeof name === 'string') names.set(name, index);
  });
  if (!containers.some((c: any) => isObject(c) && c.essential !== false)) {
    add('containerDefinitions', 'no essential container (at least one must not have "essential": false)');
  }
  containers.forEach((container: any, index: number) => {
    (Array.isArray(container?.dependsOn) ? container.dependsOn : []).forEach((d: any, i: number) => {
      if (!names.has(d?.containerName))
        add(
          `containerDefinitions[${index}].dependsOn[${i}].containerName`,
          `"${d?.containerName}" is not a container of this task definition`,
        );
    });
  });
  if (fargate && !document.executionRoleArn && containers.some((c: any) => c?.logConfiguration?.logDriver === 'awslogs')) {
    add('executionRoleArn', 'Fargate needs an execution role for the awslogs log driver (set "execution-role-arn")');
  }
  checkTaskRules(document, add);
  return problems;
}

function checkContainer(
  container: Record<string, any>,
  at: string,
  task: { networkMode?: string; taskMemory?: number; add: (path: string, reason: string) => void },
): void {
  const { add } = task;
  const name = container.name;
  if (typeof name !== 'string' || !name) add(`${at}.name`, 'missing');
  else if (!NAME.test(name)) add(`${at}.name`, `"${name}" has characters ECS rejects (letters, digits, - and _ only)`);
  if (typeof container.image !== 'string' || !container.image.trim()) {
    add(`${at}.image`, `${container.image === undefined ? 'missing' : 'empty'} (set it with the "image" or "images" input)`);
  }
  for (const field of INTEGER_FIELDS) {
    const value = container[field];
    if (value !== undefined && (!Number.isInteger(value) || value < 0))
      add(`${at}.${field}`, `expected a whole number, got ${JSON.stringify(value)}`);
  }
  if (container.essential !== undefined && typeof container.essential !== 'boolean') {
    add(`${at}.essential`, `expected true or false, got ${JSON.stringify(container.essential)}`);
  }
  const { memory, memoryReservation } = container;
  if (task.taskMemory === undefined && !memory && !memoryReservation) {
    add(at, 'needs "memory" or "memoryReservation" when the task has no task-level memory');
  }
  if (Number.isInteger(memory) && memory < 6) add(`${at}.memory`, `${memory} MiB is below ECS's minimum of 6`);
  if (Number.isInteger(memory) && Number.isInteger(memoryReservation) && memoryReservation > memory) {
    add(`${at}.memoryReservation`, `${memoryReservation} is more than memory ${memory}`);
  }
  if (task.taskMemory !== undefined && Number.isInteger(memory) && memory > task.taskMemory) {
    add(`${at}.memory`, `${memory} MiB is more than the task's ${task.taskMemory}`);
  }
  const portMappings = container.portMappings ?? [];
  if (!Array.isArray(portMappings)) add(`${at}.portMappings`, 'expected a list');
  else {
    portMappings.forEach((m: any, i: number) => {
      const path = `${at}.portMappings[${i}]`;
      for (const field of ['containerPort', 'hostPort']) {
        if (m?.[field] !== undefined && !Number.isInteger(m[field]))
          add(`${path}.${field}`, `expected a port number, got ${JSON.stringify(m[field])}`);
      }
      if (task.networkMode === 'awsvpc' && m?.hostPort !== undefined && m?.containerPort !== undefined && m.hostPort !== m.containerPort) {
        add(`${path}.hostPort`, `must equal containerPort (${m.containerPort}) with networkMode awsvpc`);
      }
    });
  }
  if (task.networkMode === 'awsvpc') {
    if (container.hostname) add(`${at}.hostname`, 'not supported with networkMode awsvpc');
    if (Array.isArray(container.links) && container.links.length) add(`${at}.links`, 'not supported with networkMode awsvpc');
  }
  (Array.isArray(container.environment) ? container.environment : []).forEach((e: any, i: number) => {
    if (!e?.name) add(`${at}.environment[${i}].name`, 'missing');
    if (e?.value !== undefined && typeof e.value !== 'string')
      add(`${at}.environment[${i}].value`, `expected a string, got ${JSON.stringify(e.value)}`);
  });
  (Array.isArray(container.secrets) ? container.secrets : []).forEach((s: any, i: number) => {
    if (!s?.name) add(`${at}.secrets[${i}].name`, 'missing');
    if (!s?.valueFrom) add(`${at}.secrets[${i}].valueFrom`, 'missing');
  });
}

/** Throws one line naming every problem (the first few), or returns. */
export function assertRegistrable(document: TaskDefinition, source: string): void {
  const problems = findProblems(document);
  if (!problems.length) return;
  const shown = problems.slice(0, MAX_SHOWN).map((p) => `${p.path}: ${p.reason}`);
  const more = problems.length > MAX_SHOWN ? `; and ${problems.length - MAX_SHOWN} more` : '';
  throw new ConfigurationError(`${source} is not a valid task definition: ${shown.join('; ')}${more}.`);
}
