import type { Task } from '@aws-sdk/client-ecs';
import { stopCause } from '../ecs/task-report.js';
import { plural } from './names.js';

/** "3 tasks exited with code 1 (container web)"; different causes joined by "; ", most common first. */
export function summarizeTaskFailures(tasks: Task[]): string | undefined {
  if (!tasks.length) return undefined;
  const counts = new Map<string, number>();
  for (const task of tasks) counts.set(stopCause(task), (counts.get(stopCause(task)) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([what, count]) => `${plural(count, 'task')} ${what}`)
    .join('; ');
}
