import type { ContainerDefinition } from '../ecs/task-definition/model.js';

/**
 * Sets and removes environment variables of one container, keeping the order of the others
 * (a changed variable stays where it was; a new one is appended).
 */
export function applyEnvironment(container: ContainerDefinition, changes: { set: Array<[string, string]>; remove: string[] }): void {
  if (!changes.set.length && !changes.remove.length) return;
  let environment: Array<{ name: string; value: string }> = Array.isArray(container.environment) ? [...container.environment] : [];
  for (const [name, value] of changes.set) {
    const at = environment.findIndex((e) => e?.name === name);
    if (at >= 0) environment[at] = { ...environment[at], name, value };
    else environment.push({ name, value });
  }
  const removed = new Set(changes.remove);
  environment = environment.filter((e) => !removed.has(e?.name));
  container.environment = environment;
}

/** Adds or replaces docker labels of one container. */
export function applyDockerLabels(container: ContainerDefinition, labels: Array<[string, string]>): void {
  if (!labels.length) return;
  container.dockerLabels = { ...(container.dockerLabels ?? {}), ...Object.fromEntries(labels) };
}
