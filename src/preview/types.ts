import type { ECSClient, RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { PriorityBand } from '../elb/preview-rules.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../wait/clock.js';
import type { PreviewGitHub } from './github-side.js';

export type Ecs = Pick<ECSClient, 'send'>;
export type Elb = Pick<ElasticLoadBalancingV2Client, 'send'>;

export interface PreviewDeps {
  ecs: Ecs;
  elb: Elb;
  logger: Logger;
  /** The pull request's comment and deployment, and pull request states; absent: GitHub is left alone. */
  github?: PreviewGitHub;
  now?: Clock['now'];
  sleep?: Clock['sleep'];
  signal?: AbortSignal;
}

/** Where previews live: one cluster, one shared listener. */
export interface PreviewPlace {
  cluster: string;
  listenerArn: string;
  /** owner/repo: whose previews these are (tagged on every resource). */
  repository: string;
}

export interface UpOptions extends PreviewPlace {
  baseService: string;
  pr: number;
  headSha: string;
  /** The rendered task definition; its family becomes `<family>-pr-<n>`. */
  taskDefinition: RegisterTaskDefinitionCommandInput;
  domain: string;
  containerName?: string;
  containerPort?: number;
  healthCheckPath: string;
  band: PriorityBand;
  maxPreviews: number;
  capacity: 'spot' | 'base';
  wait: boolean;
  timeoutMs: number;
  pollIntervalMs: number;
}

export interface UpResult {
  url: string;
  service: string;
  serviceArn: string;
  taskDefinitionArn: string;
  targetGroupArn: string;
  rulePriority: number;
  created: boolean;
  image: string;
  /** completed (waited), started (wait false) */
  state: 'completed' | 'started';
}

export interface DownOptions extends PreviewPlace {
  pr: number;
  /** Only this base service's preview; default every preview of the pull request. */
  baseService?: string;
  timeoutMs: number;
  pollIntervalMs: number;
}

export interface SweepOptions extends PreviewPlace {
  baseService?: string;
  ttlMs: number;
  timeoutMs: number;
  pollIntervalMs: number;
}

export interface RemovedPreview {
  pr: number;
  service: string;
  reason: 'down' | 'closed' | 'expired';
  /** What was deleted, for the log and summary: "service api-pr-3", "rule 20000"... */
  resources: string[];
}

export interface KeptPreview {
  pr: number;
  service: string;
  age: string;
}
