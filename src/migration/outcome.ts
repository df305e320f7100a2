import type { TaskFinder } from './find-task.js';

/**
 * How far the main step got with its task, saved for the post step as it changes:
 * - starting:  RunTask sent, no answer yet (the finder says how to find the task);
 * - watching:  following the task;
 * - cancelled: the job was cancelled, main is stopping the task;
 * - timeout:   the action's timeout passed, main is stopping the task;
 * - finished:  the task stopped (or none started): nothing left to do;
 * - gave-up:   main stopped following a task that may still run (a monitoring failure).
 * The post step stops a task only for starting and watching (main was killed mid-way), cancelled
 * and timeout; a monitoring failure never stops a migration.
 */
export type MigrationOutcome = 'starting' | 'watching' | 'cancelled' | 'timeout' | 'finished' | 'gave-up';

export const OUTCOMES: readonly MigrationOutcome[] = ['starting', 'watching', 'cancelled', 'timeout', 'finished', 'gave-up'];

/** What main saves each time the outcome changes. */
export interface MigrationRecord {
  outcome: MigrationOutcome;
  cluster: string;
  taskArn?: string;
  finder?: TaskFinder;
}
