import type { Expression } from './expression.js';

/** One scheduled job of the schedules file, validated. */
export interface Job {
  name: string;
  expression: string;
  parsed: Expression;
  timezone: string;
  /** Minutes; undefined: fire at the exact time (Scheduler's flexible window OFF). */
  flexibleWindowMinutes?: number;
  container: string;
  command?: string[];
  /** Task-level cpu and memory overrides, as ECS takes them ("512", "1024"). */
  cpu?: string;
  memory?: string;
  environment: Array<{ name: string; value: string }>;
  taskCount: number;
  retries: number;
  maxEventAgeSeconds: number;
  deadLetterQueue?: string;
  enabled: boolean;
  /** The IAM role Scheduler assumes to call RunTask. */
  role: string;
  /** Another task definition family (its latest ACTIVE revision) instead of the service's revision. */
  taskDefinitionFamily?: string;
  /** Network settings of the job's tasks; default the service's. */
  network?: { subnets: string[]; securityGroups: string[]; assignPublicIp: boolean };
  description?: string;
}

export interface SchedulesFile {
  /** Where it was read from, for messages. */
  source: string;
  jobs: Job[];
  /** EventBridge rules (name, or bus/name) whose ECS targets follow the deployed revision. */
  legacyRules: string[];
}

/** Defaults the file does not have to repeat: retries and event age bounded, unlike Scheduler's 185 and 24h. */
export const JOB_DEFAULTS = { timezone: 'UTC', taskCount: 1, retries: 2, maxEventAgeSeconds: 3600, enabled: true };
