import { resolveRegion } from '../../src/aws/clients.js';
import { shortName } from '../../src/ecs/names.js';
import { credentialInputs, type CredentialInputs } from '../../src/github/credentials.js';
import { booleanInput, optionalInput, requiredInput } from '../../src/github/inputs.js';
import { requireRegionPartition } from '../../src/inputs/arn.js';
import { parseClusterName, parseServiceName } from '../../src/inputs/ecs-names.js';
import { invalid } from '../../src/inputs/parse.js';
import { parseTaskDefinitionReference } from '../../src/inputs/task-definition-reference.js';
import { workspacePath, workspacePathRule } from '../../src/inputs/workspace-path.js';
import { readSchedulesFile } from '../../src/schedules/file.js';
import type { SyncOptions } from '../../src/schedules/sync.js';

export interface SyncSchedulesInputs {
  sync: SyncOptions;
  region: string;
  credentials: CredentialInputs;
}

const GROUP = /^[0-9a-zA-Z._-]{1,64}$/;

/** Every input of sync-schedules, and the whole schedules file, validated before anything calls AWS. */
export function readInputs(): SyncSchedulesInputs {
  const cluster = parseClusterName('cluster', requiredInput('cluster'));
  const service = parseServiceName('service', requiredInput('service'));
  const rule = workspacePathRule(process.env, booleanInput('allow-paths-outside-workspace', false));
  const source = requiredInput('schedules');
  const file = readSchedulesFile(workspacePath('schedules', source, rule), source);
  const revision = optionalInput('task-definition-arn');
  const taskDefinitionArn =
    revision === undefined
      ? undefined
      : parseTaskDefinitionReference('task-definition-arn', revision, {
          revision: true,
          expected: "a task definition revision ARN or family:revision (deploy-service's task-definition-arn output)",
        });
  const defaultGroup = `${shortName(cluster)}-${shortName(service)}`;
  const group = optionalInput('schedule-group') ?? defaultGroup;
  if (!GROUP.test(group)) {
    const name = optionalInput('schedule-group') === undefined ? 'schedule-group (default cluster-service)' : 'schedule-group';
    throw invalid(name, group, 'a schedule group name of 1 to 64 letters, digits, dots, hyphens or underscores');
  }
  const region = resolveRegion(optionalInput('aws-region'));
  requireRegionPartition('cluster', cluster, region);
  requireRegionPartition('service', service, region);
  requireRegionPartition('task-definition-arn', taskDefinitionArn, region);
  return {
    sync: { cluster, service, file, taskDefinitionArn, group, dryRun: booleanInput('dry-run', false) },
    region,
    credentials: credentialInputs('ecs-ship-sync-schedules'),
  };
}
