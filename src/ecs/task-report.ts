import type { Container, Task } from '@aws-sdk/client-ecs';

/**
 * Describes a stopped task in words, for error lines and reports: what a person would otherwise
 * dig out of DescribeTasks (stop code, stopped reason, each container's exit code and reason).
 */

/** The container a report is about: the named one, else the first that failed, else the first. */
export function pickContainer(task: Task, name?: string): Container | undefined {
  const containers = task.containers ?? [];
  if (name) return containers.find((c) => c.name === name);
  return containers.find((c) => c.exitCode !== undefined && c.exitCode !== 0) ?? containers[0];
}

export function isOutOfMemory(container: Container | undefined): boolean {
  return /OutOfMemory/i.test(container?.reason ?? '');
}

/**
 * "exited with code 3 (container migrate)"; "ran out of memory (container migrate, exit code 137):
 * OutOfMemoryError: Container killed due to memory usage"; "failed to start (TaskFailedToStart):
 * CannotPullContainerError: ... (container migrate)".
 */
export function describeStoppedTask(task: Task, containerName?: string): string {
  const container = pickContainer(task, containerName);
  const name = container?.name ?? containerName;
  const where = name ? `container ${name}` : 'no container';
  if (isOutOfMemory(container)) {
    const code = container?.exitCode !== undefined ? `, exit code ${container.exitCode}` : '';
    return `ran out of memory (${where}${code}): ${container?.reason}`;
  }
  if (container?.exitCode !== undefined && container.exitCode !== null) {
    return `exited with code ${container.exitCode} (${where})`;
  }
  // The container's reason often repeats the task's (pull errors); add it only when it says more.
  const extra = container?.reason && !task.stoppedReason?.includes(container.reason) ? `: ${container.reason}` : '';
  return `${describeStop(task)} (${where}${extra})`;
}

/** "failed to start (TaskFailedToStart): CannotPullContainerError: ..." or "stopped (UserInitiated): ...". */
export function describeStop(task: Task): string {
  const verb = task.stopCode === 'TaskFailedToStart' ? 'failed to start' : 'stopped';
  const code = task.stopCode ? ` (${task.stopCode})` : '';
  return `${verb}${code}${task.stoppedReason ? `: ${task.stoppedReason}` : ''}`;
}

/** One line per container, for a group of detail under a failure. */
export function containerLines(task: Task): string[] {
  return (task.containers ?? []).map((c) => {
    const exit = c.exitCode !== undefined && c.exitCode !== null ? `exit code ${c.exitCode}` : 'no exit code';
    return `${c.name}: ${c.lastStatus ?? 'unknown'}, ${exit}${c.reason ? `, ${c.reason}` : ''}${c.image ? ` (image ${c.image})` : ''}`;
  });
}
