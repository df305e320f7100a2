import * as core from '../../src/github/runner.js';
import type { SavedMigration } from '../../src/migration/cleanup.js';
import type { TaskFinder } from '../../src/migration/find-task.js';
import { OUTCOMES, type MigrationOutcome, type MigrationRecord } from '../../src/migration/outcome.js';

/** Every key main saves for the post step (core.saveState writes GITHUB_STATE at once). */
const KEY = { outcome: 'outcome', cluster: 'cluster', region: 'region', taskArn: 'task-arn', finder: 'finder' } as const;

/** Saves what the post step needs to know about the migration, each time it changes. */
export function saveMigrationState(record: MigrationRecord, region: string): void {
  core.saveState(KEY.region, region);
  core.saveState(KEY.cluster, record.cluster);
  if (record.finder) core.saveState(KEY.finder, JSON.stringify(record.finder));
  if (record.taskArn) core.saveState(KEY.taskArn, record.taskArn);
  core.saveState(KEY.outcome, record.outcome);
}

export function readMigrationState(): SavedMigration & { region?: string } {
  const outcome = core.getState(KEY.outcome) as MigrationOutcome;
  return {
    outcome: OUTCOMES.includes(outcome) ? outcome : undefined,
    cluster: core.getState(KEY.cluster) || undefined,
    region: core.getState(KEY.region) || undefined,
    taskArn: core.getState(KEY.taskArn) || undefined,
    finder: parseFinder(core.getState(KEY.finder)),
  };
}

function parseFinder(saved: string): TaskFinder | undefined {
  try {
    return saved ? (JSON.parse(saved) as TaskFinder) : undefined;
  } catch {
    return undefined;
  }
}
