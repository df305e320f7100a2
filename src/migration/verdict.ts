import type { Task } from '@aws-sdk/client-ecs';
import { describeStoppedTask, isOutOfMemory, pickContainer } from '../ecs/task-report.js';
import { taskId } from '../ecs/names.js';
import type { WatchEnd } from './watch.js';

/** How many of the last lines go into the one-line error (all of them are printed above it). */
const LINES_IN_ERROR = 3;
const MAX_LINE_IN_ERROR = 160;

export interface Verdict {
  exitCode?: number;
  /** Undefined when the migration succeeded: otherwise the one line the step fails with. */
  failure?: string;
}

/**
 * What the end of a migration means. Exit code 0 is success; a non-zero code fails with the
 * code and the last lines; no exit code (pull error, resource initialisation error) fails with the
 * stop code and reason; out of memory says so; a timeout or a cancelled job says what was done.
 */
export function migrationVerdict(options: {
  task: Task;
  container: string;
  end: WatchEnd;
  lastLines: string[];
  timeout?: string;
}): Verdict {
  const { task, container, end } = options;
  const exitCode = pickContainer(task, container)?.exitCode ?? undefined;
  const id = taskId(task.taskArn ?? '');
  const tail = lastLinesText(options.lastLines);
  if (end === 'timeout') {
    return { exitCode, failure: `migration timed out after ${options.timeout}: stopped task ${id}${tail}` };
  }
  if (end === 'cancelled') {
    return { exitCode, failure: `migration cancelled with the job: stopped task ${id}` };
  }
  if (exitCode === 0 && !isOutOfMemory(pickContainer(task, container))) return { exitCode };
  const what = describeStoppedTask(task, container);
  // Only an exit code says the container itself ran; otherwise its logs have nothing to add.
  return { exitCode, failure: `migration ${what}${exitCode !== undefined ? tail : ''}` };
}

/** "; last lines: a | b | c", each line cut short, or "" when there are none. */
export function lastLinesText(lines: string[]): string {
  const shown = lines
    .slice(-LINES_IN_ERROR)
    .map((line) => line.trim())
    .map((line) => (line.length > MAX_LINE_IN_ERROR ? `${line.slice(0, MAX_LINE_IN_ERROR - 3)}...` : line));
  return shown.length ? `; last lines: ${shown.join(' | ')}` : '';
}
