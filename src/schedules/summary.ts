import { escapeHtml, htmlCode } from '../format.js';
import { parseExpression, nextFireTimes } from './expression.js';
import type { PlanEntry } from './plan.js';
import type { SyncResult } from './result.js';
import { shortName } from '../ecs/names.js';
import { formatInZone } from './time-zone.js';

/** The job summary: each schedule with its next three fire times in its own time zone, and what changed. */

const CHANGE: Record<PlanEntry['action'], string> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  delete: 'deleted',
  foreign: 'left alone (not created by ecs-ship)',
};

export const SUMMARY_HEADER = ['Schedule', 'Change', 'Expression', 'Time zone', 'Next runs (its time zone)'];

export function summaryRows(result: SyncResult, now = Date.now()): string[][] {
  return result.entries.map((entry) => {
    const schedule = entry.action === 'create' || entry.action === 'update' || entry.action === 'unchanged' ? entry.desired : entry.current;
    const zone = schedule.ScheduleExpressionTimezone ?? 'UTC';
    const change =
      result.dryRun && entry.action !== 'unchanged' && entry.action !== 'foreign'
        ? `would be ${CHANGE[entry.action]}`
        : CHANGE[entry.action];
    const changes = entry.action === 'update' ? `: ${entry.changes.join(', ')}` : '';
    const next =
      entry.action === 'delete' || entry.action === 'foreign' ? '' : nextRuns(schedule.ScheduleExpression ?? '', zone, since(entry), now);
    return [htmlCode(entry.name), escapeHtml(change + changes), htmlCode(schedule.ScheduleExpression ?? ''), escapeHtml(zone), next];
  });
}

const since = (entry: PlanEntry) =>
  entry.action === 'update' || entry.action === 'unchanged' ? entry.current?.CreationDate?.getTime() : undefined;

function nextRuns(expression: string, zone: string, created: number | undefined, now: number): string {
  try {
    const times = nextFireTimes(parseExpression(expression), { zone, after: now, count: 3, since: created });
    return times.length ? times.map((t) => escapeHtml(formatInZone(t, zone))).join('<br>') : 'none ahead';
  } catch {
    return 'unknown';
  }
}

export function summaryLines(result: SyncResult): string[] {
  const lines = [`Group ${htmlCode(result.group)}, tasks run ${htmlCode(shortName(result.taskDefinitionArn))}.`];
  for (const rule of result.rules) {
    lines.push(
      `Rule ${htmlCode(rule.rule)} target ${htmlCode(rule.targetId)}: ${htmlCode(shortName(rule.from))} → ${htmlCode(shortName(rule.to))}${result.dryRun ? ' (dry run)' : ''}.`,
    );
  }
  if (!result.changed) lines.push('Nothing changed: every schedule already matched the file.');
  else if (result.dryRun) lines.push('Dry run: nothing was changed.');
  return lines;
}

/** The schedules output: one object per schedule. */
export function schedulesOutput(result: SyncResult): string {
  return JSON.stringify(
    result.entries.map((entry) => ({
      name: entry.name,
      action: entry.action,
      ...(entry.action === 'update' ? { changes: entry.changes } : {}),
    })),
  );
}
