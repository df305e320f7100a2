import type { CapacityProviderStrategyItem, LaunchType } from '@aws-sdk/client-ecs';
import type { TaskDefinitionChoice } from '../ecs/task-definition/file.js';

/** Where the task runs: copied from a service, overridden field by field by explicit values. */
export interface NetworkSettings {
  service?: string;
  subnets: string[];
  securityGroups: string[];
  assignPublicIp?: 'ENABLED' | 'DISABLED';
  launchType?: LaunchType;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  platformVersion?: string;
}

/** Everything run-migration needs, validated (actions/run-migration/inputs.ts builds it). */
export interface MigrationSettings {
  cluster: string;
  taskDefinition: TaskDefinitionChoice;
  /** Default: the first essential container. */
  container?: string;
  command?: string[];
  environment: Array<[string, string]>;
  network: NetworkSettings;
  timeoutMs: number;
  /** How long AWS may go without answering while the task is followed (default 5m). */
  unreachableTimeoutMs?: number;
  startedBy: string;
  tags: Array<[string, string]>;
}
