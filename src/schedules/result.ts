import type { RuleRetarget } from './legacy-rules.js';
import type { PlanEntry } from './plan.js';

/** What a sync decided (and, unless a dry run, did). */
export interface SyncResult {
  group: string;
  taskDefinitionArn: string;
  entries: PlanEntry[];
  rules: RuleRetarget[];
  dryRun: boolean;
  /** Whether anything was (or, in a dry run, would be) changed. */
  changed: boolean;
}
