import type { EcsParameters, GetScheduleCommandOutput, UpdateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import { ActionFailure } from '../errors.js';
import { isManaged, type DesiredSchedule } from './desired.js';
import { changedFields } from './view.js';

/**
 * What a sync does, decided before it does anything: create what is new, update what changed,
 * delete what left the file, leave what is equal alone. Schedules the toolkit did not create
 * (no mark in their description) are never updated or deleted.
 */
export type PlanEntry =
  | { action: 'create'; name: string; desired: DesiredSchedule }
  | {
      action: 'update';
      name: string;
      desired: DesiredSchedule;
      changes: string[];
      request: UpdateScheduleCommandInput;
      current: GetScheduleCommandOutput;
    }
  | { action: 'unchanged'; name: string; desired: DesiredSchedule; current: GetScheduleCommandOutput }
  | { action: 'delete'; name: string; current: GetScheduleCommandOutput }
  | { action: 'foreign'; name: string; current: GetScheduleCommandOutput };

export class PlanConflict extends ActionFailure {}

export function planSchedules(desired: DesiredSchedule[], current: GetScheduleCommandOutput[]): PlanEntry[] {
  const byName = new Map(current.map((schedule) => [schedule.Name!, schedule]));
  const entries: PlanEntry[] = desired.map((schedule): PlanEntry => {
    const existing = byName.get(schedule.Name);
    if (!existing) return { action: 'create', name: schedule.Name, desired: schedule };
    if (!isManaged(existing.Description)) {
      throw new PlanConflict(
        `schedule "${schedule.Name}" already exists in group "${schedule.GroupName}" and was not created by ecs-ship: it is left alone; rename the job or delete that schedule`,
      );
    }
    const changes = changedFields(existing, schedule);
    if (!changes.length) return { action: 'unchanged', name: schedule.Name, desired: schedule, current: existing };
    return {
      action: 'update',
      name: schedule.Name,
      desired: schedule,
      changes,
      current: existing,
      request: updateRequest(existing, schedule),
    };
  });
  const wanted = new Set(desired.map((schedule) => schedule.Name));
  for (const schedule of current) {
    if (wanted.has(schedule.Name!)) continue;
    entries.push(
      isManaged(schedule.Description)
        ? { action: 'delete', name: schedule.Name!, current: schedule }
        : { action: 'foreign', name: schedule.Name!, current: schedule },
    );
  }
  return entries;
}

/**
 * The whole desired schedule, plus what the file does not manage taken from the current one
 * (a KMS key, start and end dates, placement, ECS Exec...): UpdateSchedule resets anything omitted.
 */
export function updateRequest(current: GetScheduleCommandOutput, desired: DesiredSchedule): UpdateScheduleCommandInput {
  const kept: Partial<EcsParameters> = current.Target?.EcsParameters ?? {};
  return {
    ...desired,
    ...(current.KmsKeyArn ? { KmsKeyArn: current.KmsKeyArn } : {}),
    ...(current.StartDate ? { StartDate: current.StartDate } : {}),
    ...(current.EndDate ? { EndDate: current.EndDate } : {}),
    Target: {
      ...desired.Target,
      EcsParameters: {
        ...(kept.PlacementConstraints ? { PlacementConstraints: kept.PlacementConstraints } : {}),
        ...(kept.PlacementStrategy ? { PlacementStrategy: kept.PlacementStrategy } : {}),
        ...(kept.EnableExecuteCommand !== undefined ? { EnableExecuteCommand: kept.EnableExecuteCommand } : {}),
        ...(kept.Group ? { Group: kept.Group } : {}),
        ...(kept.ReferenceId ? { ReferenceId: kept.ReferenceId } : {}),
        ...(kept.Tags ? { Tags: kept.Tags } : {}),
        ...desired.Target.EcsParameters!,
      },
    },
  };
}
