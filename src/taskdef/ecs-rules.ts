import { containersOf, type TaskDefinition } from '../ecs/task-definition/model.js';
import { ROLE_ARN } from '../inputs/arn.js';
import { cpuUnits, memoryMiB } from './fargate.js';

/**
 * ECS's registration rules that span the whole document, each refused by RegisterTaskDefinition
 * with a ClientException (the message is quoted beside each rule; the simulator gives the same).
 * Only what ECS refuses at registration is here: nothing ECS accepts is refused.
 */

type Add = (path: string, reason: string) => void;

/** The request limit: "Task definition size" is 64 KiB in the ECS service quotas. */
export const MAX_DOCUMENT_BYTES = 65536;

/** A role name, or an IAM role ARN with a 12-digit account (ECS: "Role is not valid"). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export function checkTaskRules(document: TaskDefinition, add: Add): void {
  const containers = containersOf(document);
  const size = Buffer.byteLength(JSON.stringify(document));
  if (size > MAX_DOCUMENT_BYTES) add('(document)', `${size} bytes as JSON; ECS takes at most ${MAX_DOCUMENT_BYTES} (64 KiB)`);

  // "The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'."
  const cpu = cpuUnits(document.cpu);
  const cpuSum = sum(containers.map((c) => c.cpu));
  if (cpu !== undefined && !Number.isNaN(cpu) && cpuSum > cpu) {
    add('containerDefinitions[].cpu', `the containers' cpu adds up to ${cpuSum}, more than the task's cpu ${document.cpu}`);
  }
  // "The sum of all container 'memoryReservation' values cannot be greater than the value of the task
  // 'memory'." What a container reserves is its memoryReservation, else its memory (hard limit).
  const memory = memoryMiB(document.memory);
  const reserved = sum(containers.map((c) => (Number.isInteger(c.memoryReservation) ? c.memoryReservation : c.memory)));
  if (memory !== undefined && !Number.isNaN(memory) && reserved > memory) {
    const field = containers.some((c) => Number.isInteger(c.memoryReservation)) ? 'memoryReservation' : 'memory';
    add(
      `containerDefinitions[].${field}`,
      `the containers' ${field} adds up to ${reserved} MiB, more than the task's memory ${document.memory}`,
    );
  }

  for (const field of ['taskRoleArn', 'executionRoleArn']) {
    const role = document[field];
    // An empty string reads as unset (what `aws ecs register-task-definition --generate-cli-skeleton` writes).
    if (role !== undefined && role !== '' && (typeof role !== 'string' || !(ROLE_NAME.test(role) || ROLE_ARN.test(role)))) {
      add(field, `${JSON.stringify(role)} is not an IAM role name or role ARN (arn:aws:iam::<12-digit account>:role/<name>)`);
    }
  }

  if (!document.executionRoleArn) {
    // "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'."
    // "Private repository authentication requires that the task definition specify a value for executionRoleArn."
    containers.forEach((c, i) => {
      if (Array.isArray(c.secrets) && c.secrets.length) {
        add('executionRoleArn', `missing; containerDefinitions[${i}].secrets need an execution role to be read (set "execution-role-arn")`);
      }
      if (c.repositoryCredentials) {
        add(
          'executionRoleArn',
          `missing; containerDefinitions[${i}].repositoryCredentials need an execution role (set "execution-role-arn")`,
        );
      }
    });
  }

  // "Fargate requires log configuration options to include awslogs-stream-prefix to support log driver awslogs."
  const fargate = Array.isArray(document.requiresCompatibilities) && document.requiresCompatibilities.includes('FARGATE');
  if (fargate) {
    containers.forEach((c, i) => {
      if (c.logConfiguration?.logDriver === 'awslogs' && !c.logConfiguration.options?.['awslogs-stream-prefix']) {
        add(`containerDefinitions[${i}].logConfiguration.options`, 'Fargate needs "awslogs-stream-prefix" for the awslogs log driver');
      }
    });
  }
}

/**
 * What ECS registers but a task cannot start with: warnings, since the document is valid to ECS.
 * The awslogs driver refuses to start a container without a log group.
 */
export function findStartWarnings(document: TaskDefinition): string[] {
  const warnings: string[] = [];
  containersOf(document).forEach((c, i) => {
    if (c.logConfiguration?.logDriver === 'awslogs' && !c.logConfiguration.options?.['awslogs-group']) {
      warnings.push(
        `containerDefinitions[${i}].logConfiguration.options has no "awslogs-group": ECS registers it, but the container will not start (the awslogs driver needs a log group).`,
      );
    }
  });
  return warnings;
}

const sum = (values: unknown[]) => values.reduce<number>((total, v) => total + (Number.isInteger(v) ? (v as number) : 0), 0);
