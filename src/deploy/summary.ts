import { escapeHtml, formatDuration } from '../format.js';
import { familyRevision, revLabel } from './names.js';
import type { ServiceResult } from './types.js';

/** The job summary of a deploy: a row per service, then the cause of each failure. */

const RESULT_TEXT: Record<ServiceResult['result'], string> = {
  succeeded: '✅ deployed',
  failed: '❌ failed',
  unchanged: '➖ unchanged',
  started: '▶️ started (not waited for)',
};

export function summaryTable(results: ServiceResult[]): { header: string[]; rows: string[][] } {
  return {
    header: ['Service', 'Revision', 'Image', 'Duration', 'Result', 'Deployment'],
    rows: results.map((r) => [
      r.service,
      revisionCell(r),
      r.imageChanges.length ? r.imageChanges.map(escapeHtml).join('<br>') : 'no change',
      formatDuration(r.durationMs),
      RESULT_TEXT[r.result],
      `<a href="${r.consoleUrl}">${r.deploymentId ? escapeHtml(r.deploymentId) : 'console'}</a>`,
    ]),
  };
}

function revisionCell(r: ServiceResult): string {
  const before = r.previousTaskDefinitionArn ? familyRevision(r.previousTaskDefinitionArn) : 'none';
  if (!r.taskDefinitionArn) return before;
  if (r.taskDefinitionArn === r.previousTaskDefinitionArn) return `${before} (unchanged)`;
  return `${before} → ${revLabel(r.taskDefinitionArn)}${r.registered ? ' (registered)' : ''}`;
}

export function summaryLines(results: ServiceResult[]): string[] {
  return (
    results
      .filter((r) => r.result === 'failed')
      // The cause already starts with the service's name ("api: rev 43 failed: ...").
      .map((r) => `<p>${escapeHtml(r.cause ?? `${r.service}: failed`)}${r.rollback ? `; ${escapeHtml(r.rollback)}` : ''}</p>`)
  );
}

/** The `services` output: one object per service, stable field names. */
export function servicesOutput(results: ServiceResult[]): string {
  return JSON.stringify(
    results.map((r) => ({
      service: r.service,
      cluster: r.cluster,
      result: r.result,
      taskDefinitionArn: r.taskDefinitionArn ?? null,
      previousTaskDefinitionArn: r.previousTaskDefinitionArn ?? null,
      registered: r.registered,
      deploymentId: r.deploymentId ?? null,
      imageChanges: r.imageChanges,
      durationSeconds: Math.round(r.durationMs / 100) / 10,
      cause: r.cause ?? null,
      rollback: r.rollback ?? null,
      consoleUrl: r.consoleUrl,
    })),
  );
}
