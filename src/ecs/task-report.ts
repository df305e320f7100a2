import type { Container, Task } from '@aws-sdk/client-ecs';

/**
 * Describes a stopped task in words, for error lines and reports: what a person would otherwise
 * dig out of DescribeTasks (stop code, stopped reason, each container's exit code and reason).
 * A container without an exit code (undefined or null) never ran or its exit is unknown: that is
 * neither a failure by exit code nor "exit code 0", and no line prints it as a number.
 */

/** The container's exit code when ECS knows it. */
export function exitCodeOf(container: Container | undefined): number | undefined {
  return typeof container?.exitCode === 'number' ? container.exitCode : undefined;
}

const exitedNonZero = (container: Container) => (exitCodeOf(container) ?? 0) !== 0;

/** The container a report is about: the named one, else one that exited non-zero, else one with a reason, else the first. */
export function pickContainer(task: Task, name?: string): Container | undefined {
  const containers = task.containers ?? [];
  if (name) return containers.find((c) => c.name === name);
  return containers.find(exitedNonZero) ?? containers.find((c) => c.reason) ?? containers[0];
}

export function isOutOfMemory(container: Container | undefined): boolean {
  return /OutOfMemory/i.test(container?.reason ?? '');
}

const isPullError = (text: string) => /CannotPullContainer/i.test(text);
const startVerb = (task: Task) => (task.stopCode === 'TaskFailedToStart' ? 'failed to start' : 'stopped');

/**
 * "exited with code 3 (container migrate)"; "ran out of memory (container migrate, exit code 137):
 * OutOfMemoryError: Container killed due to memory usage"; "failed to start (TaskFailedToStart):
 * CannotPullContainerError: ... (container migrate)".
 */
export function describeStoppedTask(task: Task, containerName?: string): string {
  const container = pickContainer(task, containerName);
  const name = container?.name ?? containerName;
  const where = name ? `container ${name}` : 'no container';
  const exitCode = exitCodeOf(container);
  if (isOutOfMemory(container)) {
    const code = exitCode !== undefined ? `, exit code ${exitCode}` : '';
    return `ran out of memory (${where}${code}): ${container?.reason}`;
  }
  if (exitCode !== undefined) return `exited with code ${exitCode} (${where})`;
  // The container's reason often repeats the task's (pull errors); add it only when it says more.
  const extra = container?.reason && !task.stoppedReason?.includes(container.reason) ? `: ${container.reason}` : '';
  return `${describeStop(task)} (${where}${extra})`;
}

/** "failed to start (TaskFailedToStart): CannotPullContainerError: ..." or "stopped (UserInitiated): ...". */
export function describeStop(task: Task): string {
  const code = task.stopCode ? ` (${task.stopCode})` : '';
  return `${startVerb(task)}${code}${task.stoppedReason ? `: ${task.stoppedReason}` : ''}`;
}

/**
 * The cause alone, short and the same for every task that failed alike, so that failures can be
 * counted ("3 tasks exited with code 1 (container web)"): "exited with code 1 (container web)",
 * "could not pull image repo/app:bad (container web)", "ran out of memory (container web)",
 * "failed health checks (container web)".
 */
export function stopCause(task: Task): string {
  const container = pickContainer(task);
  const where = container?.name ? ` (container ${container.name})` : '';
  const reason = `${task.stoppedReason ?? ''} ${container?.reason ?? ''}`;
  if (isPullError(reason)) return `could not pull image ${container?.image ?? 'unknown'}${where}`;
  if (/OutOfMemory/i.test(reason)) return `ran out of memory${where}`;
  if (container && exitedNonZero(container)) return `exited with code ${exitCodeOf(container)}${where}`;
  if (/health check/i.test(reason)) return `failed health checks${where}`;
  const said = task.stopCode === 'TaskFailedToStart' ? (task.stoppedReason ?? container?.reason) : task.stoppedReason;
  return `${startVerb(task)}${where}: ${firstLine(said ?? 'no reason given')}`;
}

const firstLine = (text: string) => text.split('\n')[0].slice(0, 300);

/** One line per container, for a group of detail under a failure. */
export function containerLines(task: Task): string[] {
  return (task.containers ?? []).map((c) => {
    const code = exitCodeOf(c);
    const exit = code !== undefined ? `exit code ${code}` : 'no exit code';
    return `${c.name}: ${c.lastStatus ?? 'unknown'}, ${exit}${c.reason ? `, ${c.reason}` : ''}${c.image ? ` (image ${c.image})` : ''}`;
  });
}
