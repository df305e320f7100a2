import { escapeHtml } from '../format.js';
import type { CanaryOutcome, TimelineEntry } from './outcome.js';

/**
 * The outputs and the job summary of route-canary, the same for every mode: where traffic was
 * left, whether it rolled back and why, then a timeline of traffic, health and alarm states.
 */

/** "canary 25%, stable 75%": the canary first, as that is what the walk moves. */
export function trafficText(traffic: Record<string, number>): string {
  const sides = Object.keys(traffic).sort((a, b) => (a === 'canary' ? -1 : b === 'canary' ? 1 : a.localeCompare(b)));
  return sides.map((side) => `${side} ${formatPercent(traffic[side])}`).join(', ');
}

export function formatPercent(value: number): string {
  return `${Math.round(value * 10) / 10}%`;
}

/** The action's outputs, by name, as strings. */
export function canaryOutputs(outcome: CanaryOutcome): Record<string, string> {
  const canary = outcome.finalTraffic?.canary;
  return {
    final: outcome.final,
    'rolled-back': String(outcome.rolledBack),
    reason: outcome.reason ?? '',
    ...(canary === undefined ? {} : { 'canary-weight': String(Math.round(canary * 10) / 10) }),
  };
}

const MODE_TITLE: Record<CanaryOutcome['mode'], string> = { alb: 'ALB', cloudfront: 'CloudFront', ecs: 'ECS' };

/** A section for writeSummary: heading, the timeline table, then the verdict in words. */
export function canarySummary(
  outcome: CanaryOutcome,
  subject?: string,
): {
  heading: string;
  table: { header: string[]; rows: string[][] };
  lines: string[];
} {
  const start = outcome.timeline[0]?.at.getTime();
  return {
    heading: `Canary (${MODE_TITLE[outcome.mode]})${subject ? `: ${subject}` : ''}`,
    table: {
      header: ['Time', 'Event', 'Traffic', 'Health', 'Alarms'],
      rows: outcome.timeline.map((entry) => timelineRow(entry, start)),
    },
    lines: verdictLines(outcome),
  };
}

function timelineRow(entry: TimelineEntry, start: number | undefined): string[] {
  return [
    elapsed(entry.at.getTime() - (start ?? entry.at.getTime())),
    escapeHtml(entry.event),
    entry.traffic ? escapeHtml(trafficText(entry.traffic)) : NOT_CHECKED,
    entry.health ? escapeHtml(entry.health) : NOT_CHECKED,
    entry.alarms ? escapeHtml(entry.alarms) : NOT_CHECKED,
  ];
}

/** An empty cell would be written as a lone <td> (the summary writer leaves empty elements open). */
const NOT_CHECKED = '–';

/** +0:00, +1:30, +1:02:03: time since the first entry, which reads better than clock times. */
function elapsed(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const mmss = `${h ? `${String(m).padStart(2, '0')}` : m}:${String(s).padStart(2, '0')}`;
  return `+${h ? `${h}:` : ''}${mmss}`;
}

function verdictLines(outcome: CanaryOutcome): string[] {
  const lines = [`<p>Traffic left at: <strong>${escapeHtml(outcome.final)}</strong></p>`];
  if (outcome.rolledBack) lines.push(`<p>Rolled back: ${escapeHtml(outcome.reason ?? 'the canary was sent back to 0%')}</p>`);
  else if (outcome.reason) lines.push(`<p>Stopped: ${escapeHtml(outcome.reason)}</p>`);
  if (outcome.failure && outcome.failure !== outcome.reason) lines.push(`<p>${escapeHtml(outcome.failure)}</p>`);
  return lines;
}

/** The line the step fails with, or undefined when it succeeded (an abort that did its job included). */
export function canaryFailure(outcome: CanaryOutcome, action: 'walk' | 'promote' | 'abort'): string | undefined {
  if (outcome.failure) return outcome.failure;
  if (outcome.rolledBack && action !== 'abort') return outcome.reason ?? `The canary was rolled back (${outcome.final})`;
  return undefined;
}
