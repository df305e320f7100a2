import type { Task } from '@aws-sdk/client-ecs';
import { pickContainer } from '../ecs/task-report.js';
import { plural } from './names.js';

/**
 * What went wrong with a stopped task, in the words of an error line: "exited with code 1
 * (container web)", "could not pull image repo/app:bad (container web)", "ran out of memory
 * (container web)", "failed health checks (container web)".
 */
export function taskFailure(task: Task): string {
  const container = pickFailedContainer(task);
  const where = container?.name ? ` (container ${container.name})` : '';
  const reason = `${task.stoppedReason ?? ''} ${container?.reason ?? ''}`;
  if (/CannotPullContainer/i.test(reason)) return `could not pull image ${container?.image ?? 'unknown'}${where}`;
  if (/OutOfMemory/i.test(reason)) return `ran out of memory${where}`;
  if (container?.exitCode !== undefined && container.exitCode !== null && container.exitCode !== 0) {
    return `exited with code ${container.exitCode}${where}`;
  }
  if (/health check/i.test(reason)) return `failed health checks${where}`;
  if (task.stopCode === 'TaskFailedToStart') return `failed to start${where}: ${firstLine(task.stoppedReason ?? container?.reason ?? 'no reason given')}`;
  return `stopped${where}: ${firstLine(task.stoppedReason ?? 'no reason given')}`;
}

/** The container a failure is about: one that exited non-zero or has a reason, else the first. */
export function pickFailedContainer(task: Task) {
  const containers = task.containers ?? [];
  return (
    containers.find((c) => c.exitCode !== undefined && c.exitCode !== null && c.exitCode !== 0) ??
    containers.find((c) => c.reason) ??
    pickContainer(task)
  );
}

const firstLine = (text: string) => text.split('\n')[0].slice(0, 300);

/** "3 tasks exited with code 1 (container web)"; different causes joined by "; ", most common first. */
export function summarizeTaskFailures(tasks: Task[]): string | undefined {
  if (!tasks.length) return undefined;
  const counts = new Map<string, number>();
  for (const task of tasks) counts.set(taskFailure(task), (counts.get(taskFailure(task)) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([what, count]) => `${plural(count, 'task')} ${what}`)
    .join('; ');
}
