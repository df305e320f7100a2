import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { compactSortedJson } from './json.js';
import type { TaskDefinition } from './model.js';
import { cpuMemoryAsStrings, dropReadOnlyFields, unwrapDescribeOutput } from './normalize.js';
import { modelledFields } from './schema.js';

/**
 * Compares task definitions the way a person means "the same": the rendered file and the
 * service's current revision differ in fields ECS adds (ARN, revision, status, registeredAt...),
 * in defaults ECS fills in (essential, protocol, cpu 0, empty lists), in the order of keys and of
 * environment entries, and in numbers written as strings. None of that is a change, and neither
 * is a key the SDK drops before sending (the comparison is of what ECS stores).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What RegisterTaskDefinition accepts: read-only fields dropped; `tags` kept (passed separately). */
export function registrationInput(document: TaskDefinition): RegisterTaskDefinitionCommandInput {
  const { document: definition } = unwrapDescribeOutput(document);
  dropReadOnlyFields(definition);
  const tags = definition.tags;
  delete definition.tags;
  return { ...definition, ...(Array.isArray(tags) && tags.length ? { tags } : {}) } as RegisterTaskDefinitionCommandInput;
}

/** The definition as ECS stores it, defaults and empty values left out: equal values mean ECS would run the same thing. */
export function canonicalForm(document: TaskDefinition): TaskDefinition {
  // Only what the SDK sends and ECS stores: keys outside the request model (x- notes, typos,
  // read-only fields of describe output) are dropped by the SDK, so they are no change.
  const definition: TaskDefinition = modelledFields(unwrapDescribeOutput(document).document);
  dropReadOnlyFields(definition);
  delete definition.tags;
  cpuMemoryAsStrings(definition);
  if (definition.networkMode === 'bridge') delete definition.networkMode; // ECS's default on EC2
  definition.containerDefinitions = (definition.containerDefinitions ?? []).map((c: Record<string, any>) =>
    normalizeContainer(c, definition.networkMode),
  );
  return (prune(definition as Json) ?? {}) as TaskDefinition;
}

/** A canonical JSON text of a definition: equal texts mean ECS would run the same thing. */
export function canonicalTaskDefinition(document: TaskDefinition): string {
  return compactSortedJson(canonicalForm(document));
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
