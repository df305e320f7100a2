import * as core from '@actions/core';
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
