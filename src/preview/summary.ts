import { escapeHtml, htmlCode } from '../format.js';
import type { SweepResult } from './sweep.js';
import type { RemovedPreview, UpResult } from './types.js';

/** Job summaries of the three commands: cells and lines are HTML, every value escaped. */

export function upSummary(result: UpResult, pr: number) {
  return {
    heading: `Preview of pull request #${pr}`,
    table: {
      header: ['URL', 'Service', 'Task definition', 'Rule priority', 'State'],
      rows: [
        [
          `<a href="${escapeHtml(result.url)}">${escapeHtml(result.url)}</a>`,
          htmlCode(result.service) + (result.created ? ' (created)' : ' (updated)'),
          htmlCode(result.taskDefinitionArn.split('/').at(-1) ?? ''),
          String(result.rulePriority),
          escapeHtml(result.state === 'completed' ? 'running' : 'deployment started'),
        ],
      ],
    },
    lines: [`Image ${htmlCode(result.image)}.`],
  };
}

export const REMOVED_HEADER = ['Pull request', 'Service', 'Reason', 'Removed'];

export function removedRows(removed: RemovedPreview[]): string[][] {
  return removed.map((r) => [`#${r.pr}`, htmlCode(r.service), escapeHtml(r.reason), escapeHtml(r.resources.join(', ') || 'nothing left')]);
}

export function downSummary(removed: RemovedPreview[], pr: number) {
  return removed.length
    ? { heading: `Preview of pull request #${pr} removed`, table: { header: REMOVED_HEADER, rows: removedRows(removed) } }
    : { heading: `Preview of pull request #${pr}`, lines: ['Nothing tagged as this pull request&#39;s preview was left to remove.'] };
}

export function sweepSummary(result: SweepResult) {
  const kept = result.kept.map((k) => `#${k.pr} ${htmlCode(k.service)} (${escapeHtml(k.age)} old)`);
  return {
    heading: `Preview sweep: ${result.removed.length} removed, ${result.kept.length} kept`,
    ...(result.removed.length ? { table: { header: REMOVED_HEADER, rows: removedRows(result.removed) } } : {}),
    lines: [kept.length ? `Kept: ${kept.join(', ')}.` : 'No preview left running.'],
  };
}

/** The removed output: one object per preview removed. */
export const removedOutput = (removed: RemovedPreview[]) =>
  JSON.stringify(removed.map((r) => ({ 'pull-request': r.pr, service: r.service, reason: r.reason })));
export const keptOutput = (result: SweepResult) => JSON.stringify(result.kept.map((k) => ({ 'pull-request': k.pr, service: k.service })));
