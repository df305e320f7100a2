import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';

/**
 * The container and port the load balancer sends the preview's traffic to: the one named (its
 * first port mapping unless a port is given), or the only container with a port mapping.
 * Returns what is wrong, in words, when there is no such container.
 */
export function trafficContainer(
  definition: RegisterTaskDefinitionCommandInput,
  wanted: { name?: string; port?: number },
): { name: string; port: number } | { problem: string } {
  const containers = definition.containerDefinitions ?? [];
  const withPorts = containers.filter((c) => c.portMappings?.some((m) => m.containerPort !== undefined));
  const chosen = wanted.name ? containers.find((c) => c.name === wanted.name) : withPorts.length === 1 ? withPorts[0] : undefined;
  if (!chosen) {
    if (wanted.name)
      return { problem: `no container named "${wanted.name}" in the task definition (it has ${containers.map((c) => c.name).join(', ')})` };
    return {
      problem: withPorts.length
        ? `several containers with port mappings (${withPorts.map((c) => c.name).join(', ')}): name one`
        : 'no container with a port mapping in the task definition',
    };
  }
  const port = wanted.port ?? chosen.portMappings?.find((m) => m.containerPort !== undefined)?.containerPort;
  if (port === undefined) return { problem: `container "${chosen.name}" has no port mapping: give the port` };
  if (wanted.port !== undefined && !chosen.portMappings?.some((m) => m.containerPort === wanted.port)) {
    return { problem: `container "${chosen.name}" maps no port ${wanted.port}` };
  }
  return { name: chosen.name!, port };
}
