import { randomBytes, randomUUID } from 'node:crypto';
import type { World } from '../../world.js';
import type { Scenario } from './scenarios.js';

/** Clusters, services (with deployments and events) and tasks, as ECS holds them. */

export interface ClusterRecord {
  arn: string;
  name: string;
  region: string;
  status: 'ACTIVE' | 'INACTIVE';
  createdAt: number;
  tags: Array<{ key: string; value: string }>;
  settings: Array<{ name: string; value: string }>;
  capacityProviders: string[];
  defaultCapacityProviderStrategy: Array<Record<string, unknown>>;
  configuration?: Record<string, unknown>;
}

export type TaskStatus = 'PROVISIONING' | 'PENDING' | 'ACTIVATING' | 'RUNNING' | 'DEACTIVATING' | 'STOPPING' | 'DEPROVISIONING' | 'STOPPED';
export type HealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';

export interface LogTarget {
  group: string;
  stream: string;
  createGroup: boolean;
}

export interface ContainerRecord {
  arn: string;
  name: string;
  image: string;
  essential: boolean;
  hasHealthCheck: boolean;
  lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED';
  exitCode?: number;
  reason?: string;
  healthStatus: HealthStatus;
  scenario: Scenario;
  log?: LogTarget;
  cpu?: number;
  memory?: number;
  runtimeId?: string;
}

export interface TaskRecord {
  arn: string;
  id: string;
  region: string;
  clusterArn: string;
  taskDefinitionArn: string;
  family: string;
  lastStatus: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  launchType?: string;
  capacityProviderName?: string;
  platformVersion?: string;
  group: string;
  startedBy?: string;
  tags: Array<{ key: string; value: string }>;
  overrides: Record<string, any>;
  networkConfiguration?: Record<string, any>;
  cpu?: string;
  memory?: string;
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  connectivityAt?: number;
  stoppingAt?: number;
  executionStoppedAt?: number;
  stoppedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  healthStatus: HealthStatus;
  containers: ContainerRecord[];
  version: number;
  /** The service and deployment that started this task, if any. */
  serviceArn?: string;
  deploymentId?: string;
  /** Whether this stop counts as a failed task of its deployment (not a scale-in or a user's StopTask). */
  failed: boolean;
}

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface DeploymentRecord {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  taskDefinitionArn: string;
  desiredCount: number;
  failedTasks: number;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  createdAt: number;
  updatedAt: number;
  launchType?: string;
  capacityProviderStrategy?: Array<Record<string, unknown>>;
  platformVersion?: string;
  networkConfiguration?: Record<string, any>;
  /** Volumes configured at launch: each deployment keeps those it started with. */
  volumeConfigurations?: unknown[];
  serviceRevisionArn: string;
  /** The service deployment (ListServiceDeployments) this deployment belongs to. */
  serviceDeploymentArn: string;
  /** Set when the circuit breaker made this deployment PRIMARY again: the service deployment rolled back. */
  rollbackFor?: string;
  /** "is unable to consistently start tasks" was written for this deployment. */
  impairedReported?: boolean;
}

export interface ServiceEventRecord {
  id: string;
  createdAt: number;
  message: string;
}

export type ServiceDeploymentStatus =
  | 'PENDING'
  | 'IN_PROGRESS'
  | 'SUCCESSFUL'
  | 'STOPPED'
  | 'STOP_REQUESTED'
  | 'ROLLBACK_REQUESTED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_SUCCESSFUL'
  | 'ROLLBACK_FAILED';

export interface ServiceDeploymentRecord {
  arn: string;
  serviceArn: string;
  clusterArn: string;
  createdAt: number;
  startedAt: number;
  finishedAt?: number;
  stoppedAt?: number;
  updatedAt: number;
  sourceRevisionArns: string[];
  targetRevisionArn: string;
  status: ServiceDeploymentStatus;
  statusReason?: string;
  deploymentConfiguration: Record<string, any>;
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string };
  circuitBreaker: { status: 'TRIGGERED' | 'MONITORING' | 'MONITORING_COMPLETE' | 'DISABLED'; failureCount: number; threshold: number };
}

export interface ServiceRevisionRecord {
  arn: string;
  serviceArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  createdAt: number;
  launchType?: string;
  capacityProviderStrategy?: Array<Record<string, unknown>>;
  platformVersion?: string;
  networkConfiguration?: Record<string, any>;
}

/** DeploymentCircuitBreaker.thresholdConfiguration (API_ThresholdConfiguration). */
export interface ThresholdConfiguration {
  type: 'COUNT' | 'BOUNDED_PERCENT' | 'UNBOUNDED_PERCENT';
  value: number;
}

export interface ServiceRecord {
  arn: string;
  name: string;
  region: string;
  clusterArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  taskDefinitionArn: string;
  launchType?: string;
  capacityProviderStrategy?: Array<Record<string, unknown>>;
  platformVersion?: string;
  platformFamily?: string;
  networkConfiguration?: Record<string, any>;
  deploymentConfiguration: {
    maximumPercent: number;
    minimumHealthyPercent: number;
    deploymentCircuitBreaker: {
      enable: boolean;
      rollback: boolean;
      resetOnHealthyTask?: boolean;
      thresholdConfiguration?: ThresholdConfiguration;
    };
    [key: string]: unknown;
  };
  /** Current deployments, PRIMARY first; drained ones are removed (INACTIVE). */
  deployments: DeploymentRecord[];
  /** Newest first, as DescribeServices returns them. */
  events: ServiceEventRecord[];
  serviceDeployments: ServiceDeploymentRecord[];
  revisions: ServiceRevisionRecord[];
  createdAt: number;
  createdBy?: string;
  tags: Array<{ key: string; value: string }>;
  /** Everything else CreateService accepted, echoed back by DescribeServices. */
  extra: Record<string, unknown>;
  /** Whether "has reached a steady state." has been written since the last change. */
  steady: boolean;
  /** A scheduler pass is already scheduled. */
  kicked: boolean;
}

export interface EcsState {
  clusters: Map<string, ClusterRecord>;
  /** By service ARN. */
  services: Map<string, ServiceRecord>;
  /** By task ARN, in creation order. */
  tasks: Map<string, TaskRecord>;
  /** RunTask clientToken -> the task ARNs it started, the request it came with, and when. */
  clientTokens: Map<string, { taskArns: string[]; failures: unknown[]; request: string; at: number }>;
}

export const ecsState = (world: World): EcsState =>
  world.stateOf('ecs.engine', () => ({ clusters: new Map(), services: new Map(), tasks: new Map(), clientTokens: new Map() }));

/** Epoch seconds with milliseconds: the JSON 1.1 timestamp format. */
export const now = (): number => Date.now() / 1000;

export const hexId = (): string => randomBytes(16).toString('hex');
export const deploymentId = (): string => `ecs-svc/${randomDigits(19)}`;
export const containerArnFor = (task: TaskRecord, accountId: string): string =>
  `arn:aws:ecs:${task.region}:${accountId}:container/${clusterName(task.clusterArn)}/${task.id}/${randomUUID()}`;

export function randomDigits(count: number): string {
  let digits = String(1 + Math.floor(Math.random() * 9));
  while (digits.length < count) digits += String(Math.floor(Math.random() * 10));
  return digits;
}

export function randomToken(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}

export const clusterName = (arn: string): string => arn.split(':cluster/')[1] ?? arn;
export const taskIdOf = (arn: string): string => arn.split('/').at(-1)!;
