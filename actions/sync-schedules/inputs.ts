import { resolveRegion } from '../../src/aws/clients.js';
import { credentialInputs, type CredentialInputs } from '../../src/github/credentials.js';
import { booleanInput, optionalInput, requiredInput } from '../../src/github/inputs.js';
import { requireRegionPartition } from '../../src/inputs/arn.js';
import { parseClusterName, parseServiceName } from '../../src/inputs/ecs-names.js';
import { invalid } from '../../src/inputs/parse.js';
import { workspacePath, workspacePathRule } from '../../src/inputs/workspace-path.js';
import { readSchedulesFile } from '../../src/schedules/file.js';
import type { SyncOptions } from '../../src/schedules/sync.js';

export interface SyncSchedulesInputs {
  sync: SyncOptions;
  region: string;
  credentials: CredentialInputs;
}

const REVISION = /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/)?[A-Za-z0-9_-]{1,255}:\d+$/;
const GROUP = /^[0-9a-zA-Z._-]{1,64}$/;
const lastName = (nameOrArn: string) => nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1);

/** Every input of sync-schedules, and the whole schedules file, validated before anything calls AWS. */
export function readInputs(): SyncSchedulesInputs {
  const cluster = parseClusterName('cluster', requiredInput('cluster'));
  const service = parseServiceName('service', requiredInput('service'));
  const rule = workspacePathRule(process.env, booleanInput('allow-paths-outside-workspace', false));
  const source = requiredInput('schedules');
  const file = readSchedulesFile(workspacePath('schedules', source, rule), source);
  const taskDefinitionArn = optionalInput('task-definition-arn');
  if (taskDefinitionArn !== undefined && !REVISION.test(taskDefinitionArn)) {
    throw invalid(
      'task-definition-arn',
      taskDefinitionArn,
      "a task definition revision ARN or family:revision (deploy-service's task-definition-arn output)",
    );
  }
  const defaultGroup = `${lastName(cluster)}-${lastName(service)}`;
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
