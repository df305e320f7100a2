import { resolveRegion } from '../../src/aws/clients.js';
import type { DeployOptions, ServiceTarget } from '../../src/deploy/types.js';
import { ConfigurationError } from '../../src/errors.js';
import { credentialInputs, type CredentialInputs } from '../../src/github/credentials.js';
import { booleanInput, durationInput, integerInput, multilineInput, optionalInput, requiredInput } from '../../src/github/inputs.js';
import { requireRegionPartition } from '../../src/inputs/arn.js';
import { parseClusterName, parseServiceName, SERVICE_NAME_OR_ARN } from '../../src/inputs/ecs-names.js';
import { AT_LEAST_ONE_SECOND, invalid, parseKeyValueLines, parseLines } from '../../src/inputs/parse.js';
import { parseTaskDefinitionReference } from '../../src/inputs/task-definition-reference.js';
import { registrableTaskDefinition } from '../../src/ecs/task-definition/file.js';
import { parseTaskDefinitionInput } from '../../src/inputs/task-definition-file.js';
import { workspacePathRule } from '../../src/inputs/workspace-path.js';
import { shortName as serviceName } from '../../src/ecs/names.js';

export interface DeployServiceInputs {
  deploy: DeployOptions;
  region: string;
  credentials: CredentialInputs;
}

/** Every input of deploy-service, read and validated before anything calls AWS. */
export function readInputs(): DeployServiceInputs {
  const cluster = parseClusterName('cluster', requiredInput('cluster'));
  const targets = readTargets();
  const timeoutMs = durationInput('timeout', '30m', AT_LEAST_ONE_SECOND);
  const unreachableTimeoutMs = durationInput('unreachable-timeout', '5m', AT_LEAST_ONE_SECOND);
  const pollIntervalMs = durationInput('poll-interval', '3s', { min: 250, max: 300_000, example: '3s' });
  const region = resolveRegion(optionalInput('aws-region'));
  requireRegionPartition('cluster', cluster, region);
  const listed = optionalInput('services') !== undefined;
  for (const { service, source } of targets) {
    requireRegionPartition(listed ? 'services' : 'service', service, region);
    if (source.kind === 'reference') requireRegionPartition(listed ? 'services' : 'task-definition-arn', source.reference, region);
  }
  return {
    deploy: {
      cluster,
      targets,
      desiredCount: integerInput('desired-count', { min: 0, max: 5000 }),
      forceNewDeployment: booleanInput('force-new-deployment', false),
      wait: booleanInput('wait', true),
      timeoutMs,
      unreachableTimeoutMs,
      pollIntervalMs,
      rollbackOnFailure: booleanInput('rollback-on-failure', false),
    },
    region,
    credentials: credentialInputs('ecs-ship-deploy-service'),
  };
}

/** `service` with `task-definition` or `task-definition-arn`, or `services` lines: exactly one way. */
function readTargets(): ServiceTarget[] {
  const paths = workspacePathRule(process.env, booleanInput('allow-paths-outside-workspace', false));
  const service = optionalInput('service');
  const file = optionalInput('task-definition');
  const arn = optionalInput('task-definition-arn');
  // Line by line: a shared KEY=value reader keeps only the last of a repeated key.
  const lines = parseLines(multilineInput('services') ?? '').flatMap((line) => parseKeyValueLines('services', line));
  if (lines.length) {
    const clash = ['service', 'task-definition', 'task-definition-arn'].find((name) => optionalInput(name) !== undefined);
    if (clash) throw new ConfigurationError(`Inputs "services" and "${clash}" exclude each other: list every service in "services".`);
    lines.forEach(([name, definition], index) => {
      if (!SERVICE_NAME_OR_ARN.test(name))
        throw invalid('services', `${name}=${definition}`, 'service=task-definition lines with a service name');
      if (!definition) throw invalid('services', `${name}=`, 'service=task-definition lines (a file, ARN or family:revision after "=")');
      const first = lines.findIndex(([other]) => serviceName(other) === serviceName(name));
      if (first < index) {
        throw invalid('services', `${name}=${definition}`, `each service on one line only (${serviceName(name)} is listed twice)`);
      }
    });
    return lines.map(([name, definition]) => ({
      service: name,
      source: parseTaskDefinitionInput('services', definition, registrableTaskDefinition, paths),
    }));
  }
  if (service === undefined) {
    throw new ConfigurationError('Input required and not supplied: service (or "services" with service=task-definition lines)');
  }
  parseServiceName('service', service);
  if (file !== undefined && arn !== undefined) {
    throw new ConfigurationError('Inputs "task-definition" and "task-definition-arn" exclude each other: set one of them.');
  }
  if (arn !== undefined) {
    return [{ service, source: { kind: 'reference', reference: parseTaskDefinitionReference('task-definition-arn', arn) } }];
  }
  if (file === undefined) {
    throw new ConfigurationError('Input required and not supplied: task-definition (a rendered file) or task-definition-arn');
  }
  return [{ service, source: parseTaskDefinitionInput('task-definition', file, registrableTaskDefinition, paths) }];
}
