import type { ECSClient, TaskDefinition } from '@aws-sdk/client-ecs';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { Logger } from '../logger.js';

/** What one service is deployed with: a rendered definition (parsed file) or an existing revision. */
export type { TaskDefinitionChoice } from '../ecs/task-definition/file.js';
import type { TaskDefinitionChoice } from '../ecs/task-definition/file.js';

export interface ServiceTarget {
  service: string;
  source: TaskDefinitionChoice;
}

export interface DeployOptions {
  cluster: string;
  targets: ServiceTarget[];
  desiredCount?: number;
  forceNewDeployment: boolean;
  wait: boolean;
  timeoutMs: number;
  /** How long a wait goes on while AWS does not answer at all (default 5m). */
  unreachableTimeoutMs?: number;
  pollIntervalMs: number;
  rollbackOnFailure: boolean;
}

export type Ecs = Pick<ECSClient, 'send'>;
export type Logs = Pick<CloudWatchLogsClient, 'send'>;

export interface DeployDeps {
  ecs: Ecs;
  /** CloudWatch Logs client for a region (awslogs-region may differ from the cluster's). */
  logs(region: string): Logs;
  logger: Logger;
  region: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type ServiceOutcome = 'succeeded' | 'failed' | 'unchanged' | 'started';

/** One service's result: the `services` output and a summary row. */
export interface ServiceResult {
  service: string;
  cluster: string;
  result: ServiceOutcome;
  taskDefinitionArn?: string;
  previousTaskDefinitionArn?: string;
  /** True when a new revision was registered, false when an identical one was reused. */
  registered: boolean;
  deploymentId?: string;
  /** "web: app:1.2 -> app:1.3", one entry per container whose image changed. */
  imageChanges: string[];
  durationMs: number;
  /** The one-line cause of a failure. */
  cause?: string;
  /** What rollback-on-failure did, if anything. */
  rollback?: string;
  consoleUrl: string;
}

export interface ResolvedTaskDefinition {
  arn: string;
  definition: TaskDefinition;
  registered: boolean;
}
