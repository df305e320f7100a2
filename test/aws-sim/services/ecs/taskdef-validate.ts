import { AwsError } from '../../errors.js';

/**
 * The checks ECS makes on RegisterTaskDefinition, with the ClientException texts ECS gives (as
 * seen in public bug reports). The simulator keeps its own copy of these rules, apart from the
 * action's validator in src/taskdef/, because it stands in for AWS: the action is tested against
 * it, not against itself. ECS stops at the first problem, and so does this.
 */

const clientError = (message: string) => new AwsError('ClientException', message);
const TROUBLESHOOTING = 'For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.';

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const NETWORK_MODES = ['bridge', 'host', 'awsvpc', 'none'];
const COMPATIBILITIES = ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'];
const MAX_CONTAINERS = 10;
const MIN_CONTAINER_MEMORY_MIB = 6;

/** Fargate's task sizes: cpu units -> allowed memory (MiB). */
const FARGATE_SIZES: Record<number, number[]> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

/** Task-level cpu: "256", 256 or "1 vCPU" -> units; undefined when unset; NaN when unreadable. */
export function taskCpuUnits(value: unknown): number | undefined {
  return parseSize(value, /^(\d+(?:\.\d+)?)\s*vcpu$/i);
}

/** Task-level memory: "512", 512 or "1GB" -> MiB. */
export function taskMemoryMiB(value: unknown): number | undefined {
  return parseSize(value, /^(\d+(?:\.\d+)?)\s*gb$/i);
}

function parseSize(value: unknown, scaled: RegExp): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text);
  const match = scaled.exec(text);
  return match ? Math.round(Number(match[1]) * 1024) : NaN;
}

/** Container members the API types as Integer or Boolean: ECS refuses other JSON types before any rule. */
const INTEGER_MEMBERS = ['cpu', 'memory', 'memoryReservation', 'startTimeout', 'stopTimeout'];
const PORT_MEMBERS = ['containerPort', 'hostPort'];

function jsonKind(value: unknown): string {
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'boolean') return 'BOOLEAN_VALUE';
  if (typeof value === 'number') return 'NUMBER_VALUE';
  return Array.isArray(value) ? 'START_ARRAY' : 'START_OBJECT';
}

/** The service's deserializer: a member of the wrong JSON type is a SerializationException (e.g. containerPort "3000"). */
function checkMemberTypes(containers: unknown[]): void {
  const wrong = (value: unknown, type: 'Integer' | 'Boolean') =>
    new AwsError('SerializationException', `${jsonKind(value)} cannot be converted to ${type}`);
  for (const container of containers as Array<Record<string, any> | null>) {
    if (!container || typeof container !== 'object') continue;
    for (const field of INTEGER_MEMBERS) {
      const value = container[field];
      if (value !== undefined && value !== null && typeof value !== 'number') throw wrong(value, 'Integer');
    }
    for (const mapping of Array.isArray(container.portMappings) ? container.portMappings : []) {
      for (const field of PORT_MEMBERS) {
        const value = mapping?.[field];
        if (value !== undefined && value !== null && typeof value !== 'number') throw wrong(value, 'Integer');
      }
    }
    const essential = container.essential;
    if (essential !== undefined && essential !== null && typeof essential !== 'boolean') throw wrong(essential, 'Boolean');
  }
}

export function validateRegistration(input: Record<string, any>): void {
  validateSize(input);
  if (Array.isArray(input.containerDefinitions)) checkMemberTypes(input.containerDefinitions);
  const family = input.family;
  if (typeof family !== 'string' || !family) throw clientError('Family can not be blank.');
  if (!NAME.test(family)) throw clientError('Family contains invalid characters.');

  const containers = input.containerDefinitions;
  if (!Array.isArray(containers) || !containers.length) {
    throw clientError('Container list cannot be empty.');
  }
  if (containers.length > MAX_CONTAINERS) throw clientError('Too many containers.');

  const compatibilities: string[] = input.requiresCompatibilities ?? [];
  for (const c of compatibilities) {
    if (!COMPATIBILITIES.includes(c)) throw clientError(`Invalid launch type: ${c}.`);
  }
  const networkMode = input.networkMode;
  if (networkMode !== undefined && !NETWORK_MODES.includes(networkMode)) {
    throw clientError(`Invalid network mode: ${networkMode}.`);
  }

  const cpu = taskCpuUnits(input.cpu);
  const memory = taskMemoryMiB(input.memory);
  if (cpu !== undefined && (Number.isNaN(cpu) || cpu < 128 || cpu > 196608)) {
    throw clientError(`Invalid 'cpu' setting for task. ${TROUBLESHOOTING}`);
  }
  if (memory !== undefined && (Number.isNaN(memory) || memory < 128 || memory > 1_048_576)) {
    throw clientError(`Invalid 'memory' setting for task. ${TROUBLESHOOTING}`);
  }

  const fargate = compatibilities.includes('FARGATE');
  if (fargate) validateFargate(input, cpu, memory);

  const names = new Set<string>();
  for (const container of containers) {
    validateContainer(container ?? {}, { networkMode, memory });
    if (names.has(container.name)) throw clientError('Container names must be unique within a Task Definition.');
    names.add(container.name);
  }
  if (!containers.some((c: any) => c.essential !== false)) {
    throw clientError("Task definition doesn't have any essential container.");
  }
  for (const container of containers) {
    for (const dependency of container.dependsOn ?? []) {
      if (!names.has(dependency?.containerName)) {
        throw clientError(
          `Container '${container.name}' depends on container '${dependency?.containerName}', which is not in the task definition.`,
        );
      }
    }
  }
  if (fargate && !input.executionRoleArn) {
    const awslogs = containers.some((c: any) => c.logConfiguration?.logDriver === 'awslogs');
    if (awslogs) throw clientError('Fargate requires task definition to have execution role ARN to support log driver awslogs.');
  }
  validateTaskWide(input, { cpu, memory, fargate });
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const integer = (value: unknown) => (Number.isInteger(value) ? (value as number) : 0);

/**
 * Rules over the whole definition, with the ClientException texts ECS gives (public bug reports:
 * aws-cdk#24629, cloudnativedaysjp/dreamkast-infra#4766, fabfuel/ecs-deploy#87,
 * sil-org/ecs-deploy#188, aws-samples/aws-modern-application-workshop#9, aws-cdk#1422).
 */
function validateTaskWide(input: Record<string, any>, task: { cpu?: number; memory?: number; fargate: boolean }): void {
  const containers: Array<Record<string, any>> = input.containerDefinitions;
  if (task.cpu !== undefined && containers.reduce((sum, c) => sum + integer(c.cpu), 0) > task.cpu) {
    throw clientError("The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'.");
  }
  if (task.memory !== undefined) {
    const reserved = containers.reduce(
      (sum, c) => sum + (Number.isInteger(c.memoryReservation) ? c.memoryReservation : integer(c.memory)),
      0,
    );
    const field = containers.some((c) => Number.isInteger(c.memoryReservation)) ? 'memoryReservation' : 'memory';
    if (reserved > task.memory)
      throw clientError(`The sum of all container '${field}' values cannot be greater than the value of the task 'memory'.`);
  }
  if (!input.executionRoleArn && containers.some((c) => c.secrets?.length)) {
    throw clientError("When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.");
  }
  if (!input.executionRoleArn && containers.some((c) => c.repositoryCredentials)) {
    throw clientError('Private repository authentication requires that the task definition specify a value for executionRoleArn.');
  }
  for (const role of [input.taskRoleArn, input.executionRoleArn]) {
    if (role !== undefined && role !== null && role !== '' && !(ROLE_NAME.test(String(role)) || ROLE_ARN.test(String(role))))
      throw clientError('Role is not valid');
  }
  if (
    task.fargate &&
    containers.some((c) => c.logConfiguration?.logDriver === 'awslogs' && !c.logConfiguration.options?.['awslogs-stream-prefix'])
  ) {
    throw clientError('Fargate requires log configuration options to include awslogs-stream-prefix to support log driver awslogs.');
  }
}

/** "Task definition size" is 64 KiB in the ECS service quotas. (ECS's exact message for it is not documented.) */
const MAX_DOCUMENT_BYTES = 65536;

function validateSize(input: Record<string, any>): void {
  const size = Buffer.byteLength(JSON.stringify(input));
  if (size > MAX_DOCUMENT_BYTES) {
    throw clientError(`Actual length: '${size}' bytes. Max allowed length is '${MAX_DOCUMENT_BYTES}' bytes.`);
  }
}

function validateFargate(input: Record<string, any>, cpu: number | undefined, memory: number | undefined): void {
  if (input.networkMode !== 'awsvpc') throw clientError('Fargate only supports network mode ‘awsvpc’.');
  if (cpu === undefined) throw clientError("Fargate requires that 'cpu' be defined at the task level.");
  if (memory === undefined) throw clientError("Fargate requires that 'memory' be defined at the task level.");
  if (!FARGATE_SIZES[cpu]?.includes(memory)) {
    throw clientError(
      `No Fargate configuration exists for given values: ${input.cpu} CPU, ${input.memory} memory. See the Amazon ECS documentation for the valid values.`,
    );
  }
  if (input.ipcMode) throw clientError('Tasks using the Fargate launch type do not support ipcMode.');
  if (input.pidMode && input.pidMode !== 'task') throw clientError('Tasks using the Fargate launch type do not support pidMode host.');
}

function validateContainer(container: Record<string, any>, task: { networkMode?: string; memory?: number }): void {
  const name = container.name;
  if (typeof name !== 'string' || !name) throw clientError('Container.name should not be null or empty.');
  if (!NAME.test(name)) throw clientError('Container.name contains invalid characters.');
  if (typeof container.image !== 'string' || !container.image.trim()) {
    throw clientError('Container.image should not be null or empty.');
  }
  for (const field of ['cpu', 'memory', 'memoryReservation'] as const) {
    const value = container[field];
    if (value !== undefined && value !== null && (!Number.isInteger(value) || value < 0)) {
      throw clientError(`Invalid '${field}' setting for container '${name}'.`);
    }
  }
  const { memory, memoryReservation } = container;
  if (task.memory === undefined && !memory && !memoryReservation) {
    throw clientError(`Invalid setting for container '${name}'. At least one of 'memory' or 'memoryReservation' must be specified.`);
  }
  if (memory !== undefined && memory !== null && memory < MIN_CONTAINER_MEMORY_MIB) {
    throw clientError(`Invalid 'memory' setting for container '${name}'. The minimum is ${MIN_CONTAINER_MEMORY_MIB} MiB.`);
  }
  if (memory && memoryReservation && memoryReservation > memory) {
    throw clientError(`Invalid setting for container '${name}'. 'memoryReservation' must be less than or equal to 'memory'.`);
  }
  if (task.memory !== undefined && memory && memory > task.memory) {
    throw clientError(`The 'memory' setting for container '${name}' is greater than for the task.`);
  }
  if (task.networkMode === 'awsvpc') {
    if (container.hostname) throw clientError('hostname is not supported on container when networkMode=awsvpc.');
    if (container.links?.length) throw clientError('links are not supported when networkMode=awsvpc.');
    for (const mapping of container.portMappings ?? []) {
      if (mapping?.hostPort !== undefined && mapping?.containerPort !== undefined && mapping.hostPort !== mapping.containerPort) {
        throw clientError('When networkMode=awsvpc, the host ports and container ports in port mappings must match.');
      }
    }
  }
  for (const entry of container.environment ?? []) {
    if (!entry?.name) throw clientError(`Environment variable name in container '${name}' should not be null or empty.`);
  }
  for (const secret of container.secrets ?? []) {
    if (!secret?.name || !secret?.valueFrom) {
      throw clientError(`Secret name and valueFrom in container '${name}' should not be null or empty.`);
    }
  }
}

/** What ECS lists in `compatibilities`: the launch types the definition can run on. */
export function computeCompatibilities(input: Record<string, any>): string[] {
  const requested: string[] = input.requiresCompatibilities ?? [];
  const result = ['EC2'];
  const cpu = taskCpuUnits(input.cpu);
  const memory = taskMemoryMiB(input.memory);
  if (input.networkMode === 'awsvpc' && cpu !== undefined && memory !== undefined && FARGATE_SIZES[cpu]?.includes(memory)) {
    result.push('FARGATE');
  }
  if (requested.includes('EXTERNAL')) result.push('EXTERNAL');
  if (requested.includes('MANAGED_INSTANCES')) result.push('MANAGED_INSTANCES');
  return result;
}

/** The agent capabilities ECS derives from the definition (`requiresAttributes`). */
export function computeRequiredAttributes(input: Record<string, any>): Array<{ name: string }> {
  const names = new Set<string>();
  const containers: any[] = input.containerDefinitions ?? [];
  if (input.taskRoleArn) names.add('com.amazonaws.ecs.capability.task-iam-role');
  if (input.networkMode === 'awsvpc') names.add('ecs.capability.task-eni');
  for (const c of containers) {
    const driver = c.logConfiguration?.logDriver;
    if (driver === 'awslogs') {
      names.add('com.amazonaws.ecs.capability.logging-driver.awslogs');
      names.add('com.amazonaws.ecs.capability.docker-remote-api.1.19');
      if (input.executionRoleArn) names.add('ecs.capability.execution-role-awslogs');
    } else if (driver) {
      names.add(`com.amazonaws.ecs.capability.logging-driver.${driver}`);
    }
    if (/\.dkr\.ecr\.[^/]+\.amazonaws\.com\//.test(c.image ?? '')) {
      names.add('com.amazonaws.ecs.capability.ecr-auth');
      if (input.executionRoleArn) names.add('ecs.capability.execution-role-ecr-pull');
    }
    for (const s of c.secrets ?? []) {
      names.add(
        String(s.valueFrom).startsWith('arn:aws:secretsmanager:')
          ? 'ecs.capability.secrets.asm.environment-variables'
          : 'ecs.capability.secrets.ssm.environment-variables',
      );
    }
    if (c.healthCheck) names.add('ecs.capability.container-health-check');
    if (c.dependsOn?.length) names.add('ecs.capability.container-ordering');
    if (c.environmentFiles?.length) names.add('ecs.capability.env-files.s3');
    if (c.firelensConfiguration) names.add(`ecs.capability.firelens.${c.firelensConfiguration.type}`);
  }
  return [...names].sort().map((name) => ({ name }));
}
