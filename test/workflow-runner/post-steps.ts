import { evaluateCondition } from './expressions.js';
import { logLine, type JobScope } from './run-state.js';
import type { StepList } from './steps.js';

/** Post phases at job end, newest first, each under its post-if (default always()). */
export async function runPostSteps(scope: JobScope, list: StepList): Promise<void> {
  for (const post of [...scope.posts].reverse()) {
    const contexts = { ...scope.contexts, env: scope.env, steps: list.stepsContext };
    const status = { success: !scope.failed, cancelled: scope.cancelled };
    if (!evaluateCondition(post.condition, contexts, status)) continue;
    logLine(scope.frame.run, scope.path, `▶ ${post.name}`);
    const outcome = await post.run();
    post.step.post = outcome;
    if (outcome.conclusion === 'failure') scope.failed = true;
  }
}
