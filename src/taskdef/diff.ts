import { containersOf, type TaskDefinition } from './document.js';

/** One line of the job summary's change table. Values of variables and secrets never appear. */
export interface Change {
  container: string;
  field: string;
  change: string;
}

const TASK = '(task)';

/** What changes between the live revision and the rendered document, as a person reviews it. */
export function diffTaskDefinitions(live: TaskDefinition, rendered: TaskDefinition): Change[] {
  const changes: Change[] = [];
  for (const field of ['cpu', 'memory', 'taskRoleArn', 'executionRoleArn']) {
    const before = live[field];
    const after = rendered[field];
    if (String(before ?? '') !== String(after ?? '')) changes.push({ container: TASK, field, change: `${show(before)} → ${show(after)}` });
  }
  const liveContainers = new Map(containersOf(live).map((c) => [String(c.name), c]));
  const renderedNames = new Set<string>();
  for (const container of containersOf(rendered)) {
    const name = String(container.name);
    renderedNames.add(name);
    const before = liveContainers.get(name);
    if (!before) {
      changes.push({ container: name, field: 'container', change: `added (image ${show(container.image)})` });
      continue;
    }
    if (before.image !== container.image) changes.push({ container: name, field: 'image', change: `${show(before.image)} → ${show(container.image)}` });
    const env = keyChanges(before.environment, container.environment, 'value');
    if (env) changes.push({ container: name, field: 'environment', change: env });
    const secrets = keyChanges(before.secrets, container.secrets, 'valueFrom');
    if (secrets) changes.push({ container: name, field: 'secrets', change: secrets });
    if (JSON.stringify(before.command ?? null) !== JSON.stringify(container.command ?? null)) {
      changes.push({ container: name, field: 'command', change: 'changed' });
    }
    for (const field of ['cpu', 'memory', 'memoryReservation']) {
      if ((before[field] ?? 0) !== (container[field] ?? 0)) {
        changes.push({ container: name, field, change: `${show(before[field])} → ${show(container[field])}` });
      }
    }
  }
  for (const name of liveContainers.keys()) {
    if (!renderedNames.has(name)) changes.push({ container: name, field: 'container', change: 'removed' });
  }
  return changes;
}

/** "added A, B; removed C; changed D": names only. */
function keyChanges(before: unknown, after: unknown, valueField: string): string {
  const asMap = (list: unknown) =>
    new Map((Array.isArray(list) ? list : []).map((e: any) => [String(e?.name), JSON.stringify(e?.[valueField] ?? null)]));
  const a = asMap(before);
  const b = asMap(after);
  const added = [...b.keys()].filter((k) => !a.has(k));
  const removed = [...a.keys()].filter((k) => !b.has(k));
  const changed = [...b.keys()].filter((k) => a.has(k) && a.get(k) !== b.get(k));
  return [
    added.length ? `added ${added.join(', ')}` : '',
    removed.length ? `removed ${removed.join(', ')}` : '',
    changed.length ? `changed ${changed.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

const show = (value: unknown) => (value === undefined || value === null || value === '' ? '(none)' : String(value));
