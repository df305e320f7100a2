import * as core from './runner.js';
import { describeError } from '../errors.js';

/**
 * Runs an action's entry point, catches once and fails once: the step fails with one clean line;
 * the stack goes to debug output only (visible with ACTIONS_STEP_DEBUG).
 */
export async function run(entry: () => Promise<void>): Promise<void> {
  try {
    await entry();
  } catch (error) {
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(describeError(error));
  }
}

/**
 * A post step's entry. As in actions/checkout and gradle/actions, an error is a warning: the job's
 * verdict is the main step's, and a side job failing (a summary, a cache) must not change it. When
 * cleaning up is the post step's whole job (`cleanupIsTheJob`), a failure fails the step, so
 * what is left behind (credentials on disk, a task still running) is seen.
 */
export async function runPost(entry: () => Promise<void>, options: { cleanupIsTheJob: boolean }): Promise<void> {
  if (options.cleanupIsTheJob) return run(entry);
  try {
    await entry();
  } catch (error) {
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.warning(describeError(error));
  }
}
