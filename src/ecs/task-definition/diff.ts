import { canonicalForm } from './canonical.js';
import { compactSortedJson } from './json.js';
import { containersOf, type TaskDefinition } from './model.js';

/** How two definitions differ in what ECS stores (see canonical.ts): the one comparison, several views. */
export interface Differences {
  /** Top-level fields whose content differs. */
  fields: string[];
  /** Containers by name, in the order of `before` then the new ones of `after`. */
  containers: Array<{ name: string; change: 'added' | 'removed' | 'changed'; fields: string[] }>;
}

const same = (a: unknown, b: unknown) => compactSortedJson(a) === compactSortedJson(b);

export function compareTaskDefinitions(before: TaskDefinition, after: TaskDefinition): Differences {
  const left = canonicalForm(before);
  const right = canonicalForm(after);
  const fields = [...new Set([...Object.keys(left), ...Object.keys(right)])].filter(
    (key) => key !== 'containerDefinitions' && !same(left[key], right[key]),
  );
  const byName = (d: TaskDefinition) => new Map<string, any>((d.containerDefinitions ?? []).map((c: any) => [c.name, c]));
  const [lc, rc] = [byName(left), byName(right)];
  const containers: Differences['containers'] = [];
  for (const name of new Set([...lc.keys(), ...rc.keys()])) {
    const [x, y] = [lc.get(name), rc.get(name)];
    if (!x || !y) {
      containers.push({ name, change: x ? 'removed' : 'added', fields: [] });
      continue;
    }
    const changed = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => !same(x[k], y[k]));
    if (changed.length) containers.push({ name, change: 'changed', fields: changed });
  }
  return { fields, containers };
}

/** Top-level fields (and container names) whose content differs, for "registering: image, cpu changed". */
export function changedFields(before: TaskDefinition, after: TaskDefinition): string[] {
  const { fields, containers } = compareTaskDefinitions(before, after);
  return [
    ...fields,
    ...containers.map(({ name, change, fields: changed }) =>
      change === 'changed' ? `container ${name} (${changed.join(', ')})` : `container ${name} ${change}`,
    ),
  ];
}

/** One line of the job summary's change table. Values of variables and secrets never appear. */
export interface Change {
  container: string;
  field: string;
  change: string;
}

const TASK = '(task)';
const TASK_FIELDS = ['cpu', 'memory', 'taskRoleArn', 'executionRoleArn'];
const CONTAINER_SIZES = ['cpu', 'memory', 'memoryReservation'];

/** What changes between the live revision and the rendered document, as a person reviews it. */
export function diffTaskDefinitions(live: TaskDefinition, rendered: TaskDefinition): Change[] {
  const { fields, containers } = compareTaskDefinitions(live, rendered);
  const changes: Change[] = TASK_FIELDS.filter((field) => fields.includes(field)).map((field) => ({
    container: TASK,
    field,
    change: `${show(live[field])} → ${show(rendered[field])}`,
  }));
  const liveContainers = new Map(containersOf(live).map((c) => [String(c.name), c]));
  const changeOf = new Map(containers.map((c) => [c.name, c]));
  for (const container of containersOf(rendered)) {
    const name = String(container.name);
    const found = changeOf.get(name);
    if (found?.change === 'added') changes.push({ container: name, field: 'container', change: `added (image ${show(container.image)})` });
    if (found?.change === 'changed') changes.push(...containerChanges(name, liveContainers.get(name)!, container, found.fields));
  }
  for (const { name, change } of containers) {
    if (change === 'removed') changes.push({ container: name, field: 'container', change: 'removed' });
  }
  return changes;
}

function containerChanges(name: string, before: TaskDefinition, after: TaskDefinition, changed: string[]): Change[] {
  const rows: Change[] = [];
  const row = (field: string, change: string) => change && rows.push({ container: name, field, change });
  if (changed.includes('image')) row('image', `${show(before.image)} → ${show(after.image)}`);
  if (changed.includes('environment')) row('environment', keyChanges(before.environment, after.environment, 'value'));
  if (changed.includes('secrets')) row('secrets', keyChanges(before.secrets, after.secrets, 'valueFrom'));
  if (changed.includes('command')) row('command', 'changed');
  for (const field of CONTAINER_SIZES.filter((f) => changed.includes(f))) row(field, `${show(before[field])} → ${show(after[field])}`);
  return rows;
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
