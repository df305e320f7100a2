import { formatCommand } from './command.js';
import type { MigrationResult } from './run-migration.js';
import { escapeHtml, formatDuration } from '../format.js';

const SUMMARY_LINES = 20;

/** The job summary of a migration: what ran, how long, how it ended, and its last lines. */
export function migrationSummary(result: MigrationResult): {
  heading: string;
  table: { header: string[]; rows: string[][] };
  lines: string[];
  code?: { text: string };
} {
  const outcome = result.failure ? `❌ ${result.failure}` : '✅ succeeded';
  const rows: string[][] = [
    ['Command', result.command ? `<code>${escapeHtml(formatCommand(result.command))}</code>` : "the image's command"],
    ['Task definition', escapeHtml(`${result.taskDefinition} (container ${result.container})`)],
    ['Task', escapeHtml(result.taskArn)],
    ['Duration', formatDuration(result.durationMs)],
    ['Exit code', result.exitCode === undefined ? 'none' : String(result.exitCode)],
    ['Result', escapeHtml(outcome)],
  ];
  const lines = result.logUrl ? [`<a href="${escapeHtml(result.logUrl)}">Logs in CloudWatch</a>`] : [];
  const last = result.lastLines.slice(-SUMMARY_LINES);
  if (last.length) lines.push(`<p>Last ${last.length} log lines:</p>`);
  return {
    heading: `Migration ${result.failure ? 'failed' : 'succeeded'}`,
    table: { header: ['', ''], rows },
    lines,
    ...(last.length ? { code: { text: escapeHtml(last.join('\n')) } } : {}),
  };
}
