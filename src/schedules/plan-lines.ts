import { shortName } from '../ecs/names.js';
import type { SyncResult } from './result.js';

/** The plan as printed, before anything is applied (and alone in a dry run). */
export function planLines(result: Pick<SyncResult, 'group' | 'entries' | 'rules' | 'dryRun' | 'changed' | 'taskDefinitionArn'>): string[] {
  const lines = [
    `Schedules in group ${result.group}, targeting ${shortName(result.taskDefinitionArn)}${result.dryRun ? ' (dry run: nothing is changed)' : ''}:`,
  ];
  for (const entry of result.entries) {
    if (entry.action === 'create')
      lines.push(`  create     ${entry.name}: ${entry.desired.ScheduleExpression} (${entry.desired.ScheduleExpressionTimezone})`);
    if (entry.action === 'update') lines.push(`  update     ${entry.name}: ${entry.changes.join(', ')}`);
    if (entry.action === 'unchanged') lines.push(`  unchanged  ${entry.name}`);
    if (entry.action === 'delete') lines.push(`  delete     ${entry.name} (no longer in the file)`);
    if (entry.action === 'foreign') lines.push(`  left alone ${entry.name} (not created by ecs-ship)`);
  }
  for (const rule of result.rules)
    lines.push(`  retarget   rule ${rule.rule}, target ${rule.targetId}: ${shortName(rule.from)} -> ${shortName(rule.to)}`);
  if (!result.changed) lines.push('Nothing to change: every schedule already matches the file.');
  return lines;
}
