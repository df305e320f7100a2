import type { RegisterTaskDefinitionCommandInput, TaskDefinition } from '@aws-sdk/client-ecs';
import { READ_ONLY_FIELDS } from './task-definition-file.js';
import { modelledFields } from './task-definition-schema.js';

/**
 * Compares task definitions the way a person means "the same": the rendered file and the
 * service's current revision differ in fields ECS adds (ARN, revision, status, registeredAt...),
 * in defaults ECS fills in (essential, protocol, cpu 0, empty lists), in the order of keys and of
 * environment entries, and in numbers written as strings. None of that is a change, and neither
 * is a key the SDK drops before sending (the comparison is of what ECS stores).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The definition from a file: `aws ecs describe-task-definition` output is accepted as-is. */
export function unwrapTaskDefinition(document: Record<string, any>): Record<string, any> {
  return document.taskDefinition && typeof document.taskDefinition === 'object' ? document.taskDefinition : document;
}

/** What RegisterTaskDefinition accepts: read-only fields dropped; `tags` kept (passed separately). */
export function registrationInput(document: Record<string, any>): RegisterTaskDefinitionCommandInput {
  const definition = { ...unwrapTaskDefinition(document) };
  for (const field of READ_ONLY_FIELDS) delete definition[field];
  const tags = document.tags ?? definition.tags;
  delete definition.tags;
  return { ...definition, ...(Array.isArray(tags) && tags.length ? { tags } : {}) } as RegisterTaskDefinitionCommandInput;
}

/** A canonical JSON text of a definition: equal texts mean ECS would run the same thing. */
export function canonicalTaskDefinition(document: Record<string, any> | TaskDefinition): string {
  // Only what the SDK sends and ECS stores: keys outside the request model (x- notes, typos,
  // read-only fields of describe output) are dropped by the SDK, so they are no change.
  const definition: Record<string, any> = modelledFields({ ...unwrapTaskDefinition(document as Record<string, any>) });
  for (const field of READ_ONLY_FIELDS) delete definition[field];
  delete definition.tags;
  for (const field of ['cpu', 'memory']) {
    if (typeof definition[field] === 'number') definition[field] = String(definition[field]);
  }
  if (definition.networkMode === 'bridge') delete definition.networkMode; // ECS's default on EC2
  definition.containerDefinitions = (definition.containerDefinitions ?? []).map((c: Record<string, any>) =>
    normalizeContainer(c, definition.networkMode),
  );
  return stableStringify(prune(definition as Json));
}

function normalizeContainer(container: Record<string, any>, networkMode: string | undefined): Record<string, any> {
  const c = { ...container };
  if (c.essential === true) delete c.essential; // true is the default
  if (c.cpu === 0) delete c.cpu;
  for (const field of ['environment', 'secrets']) {
    if (Array.isArray(c[field])) c[field] = [...c[field]].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  }
  if (Array.isArray(c.portMappings)) {
    c.portMappings = c.portMappings.map((p: Record<string, any>) => {
      const mapping = { ...p };
      if (mapping.protocol === 'tcp') delete mapping.protocol;
      // awsvpc: ECS sets hostPort to the containerPort.
      if (networkMode === 'awsvpc' && mapping.hostPort === mapping.containerPort) delete mapping.hostPort;
      return mapping;
    });
  }
  return c;
}

/** Drops null, empty lists and empty objects (ECS returns `mountPoints: []` for an unset field). */
function prune(value: Json): Json | undefined {
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((v): v is Json => v !== undefined);
    return items.length ? items : undefined;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, prune(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length ? (Object.fromEntries(entries) as Json) : undefined;
  }
  return value === null ? undefined : value;
}

function stableStringify(value: Json | undefined): string {
  if (value === undefined) return '{}';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Top-level fields (and container names) whose content differs, for "registering: image, cpu changed". */
export function changedFields(a: Record<string, any>, b: Record<string, any>): string[] {
  const left = JSON.parse(canonicalTaskDefinition(a));
  const right = JSON.parse(canonicalTaskDefinition(b));
  const changed: string[] = [];
  for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
    if (key === 'containerDefinitions') continue;
    if (JSON.stringify(left[key]) !== JSON.stringify(right[key])) changed.push(key);
  }
  const containers = (d: any) => new Map<string, any>((d.containerDefinitions ?? []).map((c: any) => [c.name, c]));
  const [lc, rc] = [containers(left), containers(right)];
  for (const name of new Set([...lc.keys(), ...rc.keys()])) {
    const [x, y] = [lc.get(name), rc.get(name)];
    if (!x || !y) changed.push(`container ${name} ${x ? 'removed' : 'added'}`);
    else {
      const fields = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter(
        (k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]),
      );
      if (fields.length) changed.push(`container ${name} (${fields.join(', ')})`);
    }
  }
  return changed;
}
