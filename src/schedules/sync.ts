import type { ECSClient } from '@aws-sdk/client-ecs';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import { ActionFailure } from '../errors.js';
import { shortName } from '../ecs/names.js';
import type { Logger } from '../logger.js';
import { createOwnedGroup, findOwnedGroup } from '../scheduler/group.js';
import { createSchedule, deleteSchedule, readGroupSchedules, replaceSchedule } from '../scheduler/schedules.js';
import { desiredSchedule } from './desired.js';
import { jobError } from './file-errors.js';
import type { SchedulesFile } from './job.js';
import { applyLegacyRules, planLegacyRules } from './legacy-rules.js';
import { planLines } from './plan-lines.js';
import { planSchedules, type PlanEntry } from './plan.js';
import type { SyncResult } from './result.js';
import { serviceSettings, taskDefinitionContainers } from './service.js';

export interface SyncOptions {
  cluster: string;
  service: string;
  file: SchedulesFile;
  /** The revision just deployed; default the revision the service runs now. */
  taskDefinitionArn?: string;
  group: string;
  dryRun: boolean;
}

export interface SyncClients {
  ecs: ECSClient;
  scheduler: SchedulerClient;
  events: EventBridgeClient;
  logger: Logger;
}

/** Owner tags of the group: the toolkit, and the service it belongs to. */
export const ownerTags = (cluster: string, service: string) => ({
  'ecs-ship:managed-by': 'ecs-ship',
  'ecs-ship:service': `${cluster}/${service}`,
});

/**
 * Brings the service's schedule group in line with the schedules file: reads everything first
 * (service, task definitions, the group's schedules, legacy rules), prints the plan, then applies
 * it unless this is a dry run.
 */
export async function syncSchedules(options: SyncOptions, clients: SyncClients): Promise<SyncResult> {
  const { file, group } = options;
  const { ecs, scheduler, events, logger } = clients;
  const settings = await serviceSettings(ecs, options.cluster, options.service);
  const deployed = await taskDefinitionContainers(ecs, options.taskDefinitionArn ?? settings.taskDefinitionArn);
  const revisions = await jobRevisions(ecs, file, deployed);
  const owner = ownerTags(options.cluster, options.service);
  const groupState = await findOwnedGroup(scheduler, group, owner);
  const current = groupState === 'exists' ? await readGroupSchedules(scheduler, group) : [];
  const desired = file.jobs.map((job) =>
    desiredSchedule(job, { group, taskDefinitionArn: revisions.get(job.taskDefinitionFamily)!.arn, run: settings.run }),
  );
  const entries = planSchedules(desired, current);
  const rules = await planLegacyRules(events, file.legacyRules, deployed.arn);
  const result: SyncResult = {
    group,
    taskDefinitionArn: deployed.arn,
    entries,
    rules,
    dryRun: options.dryRun,
    changed: rules.length > 0 || entries.some((e) => e.action === 'create' || e.action === 'update' || e.action === 'delete'),
  };
  for (const line of planLines(result)) logger.info(line);
  if (options.dryRun || !result.changed) return result;
  if (groupState === 'missing' && entries.some((e) => e.action === 'create')) await createOwnedGroup(scheduler, group, owner);
  for (const entry of entries) await apply(scheduler, entry, logger);
  await applyLegacyRules(events, rules);
  for (const rule of rules) logger.info(`Retargeted rule ${rule.rule}, target ${rule.targetId}.`);
  return result;
}

type Revision = { arn: string; containers: string[] };

/**
 * The revision each job runs (keyed by its task-definition family; undefined: the deployed one),
 * each job's container checked against it before anything changes.
 */
async function jobRevisions(ecs: ECSClient, file: SchedulesFile, deployed: Revision): Promise<Map<string | undefined, Revision>> {
  const revisions = new Map<string | undefined, Revision>([[undefined, deployed]]);
  for (const job of file.jobs) {
    const family = job.taskDefinitionFamily;
    if (!revisions.has(family)) revisions.set(family, await taskDefinitionContainers(ecs, family!));
    const { arn, containers } = revisions.get(family)!;
    if (!containers.includes(job.container)) {
      throw jobError(
        file.source,
        job.name,
        'container',
        `"${job.container}" is not a container of ${shortName(arn)} (its containers: ${containers.join(', ')})`,
      );
    }
  }
  return revisions;
}

async function apply(scheduler: SchedulerClient, entry: PlanEntry, logger: Logger): Promise<void> {
  try {
    if (entry.action === 'create') await createSchedule(scheduler, entry.desired);
    else if (entry.action === 'update') await replaceSchedule(scheduler, entry.request);
    else if (entry.action === 'delete') await deleteSchedule(scheduler, entry.current.GroupName!, entry.name);
    else return;
  } catch (error) {
    throw new ActionFailure(`Could not ${entry.action} schedule ${entry.name}: ${(error as Error).name}: ${(error as Error).message}`);
  }
  logger.info(`${entry.action === 'create' ? 'Created' : entry.action === 'update' ? 'Updated' : 'Deleted'} schedule ${entry.name}.`);
}
