import { escapeHtml, htmlCode } from '../format.js';

/** What the pull request's comment says about a preview. */
export interface PreviewReport {
  pr: number;
  baseService: string;
  state: 'deploying' | 'ready' | 'failed' | 'removed';
  url?: string;
  image?: string;
  headSha?: string;
  service?: string;
  /** Why it failed, or why it was removed. */
  detail?: string;
  at: Date;
}

/** The hidden marker the comment is found by; the second line tells previews of two base services apart. */
export const COMMENT_MARKER = '<!-- ecs-ship-preview -->';
export const serviceMarker = (baseService: string) => `<!-- ecs-ship-preview-of: ${baseService.replace(/--/g, '-')} -->`;

const STATE_TEXT: Record<PreviewReport['state'], string> = {
  deploying: '⏳ deploying',
  ready: '✅ ready',
  failed: '❌ failed',
  removed: '🗑️ removed',
};

/** The comment's body (its markers go before it): HTML table cells, every value escaped. */
export function commentBody(report: PreviewReport): string {
  const rows: Array<[string, string]> = [['State', escapeHtml(STATE_TEXT[report.state])]];
  if (report.url && report.state !== 'removed') rows.push(['URL', `<a href="${escapeHtml(report.url)}">${escapeHtml(report.url)}</a>`]);
  if (report.image) rows.push(['Image', htmlCode(report.image)]);
  if (report.headSha) rows.push(['Commit', htmlCode(report.headSha.slice(0, 12))]);
  if (report.service) rows.push(['ECS service', htmlCode(report.service)]);
  rows.push([
    report.state === 'removed' ? 'Removed' : 'Last deploy',
    escapeHtml(
      report.at
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC'),
    ),
  ]);
  if (report.detail) rows.push([report.state === 'failed' ? 'Why' : 'Note', escapeHtml(report.detail)]);
  const table = ['<table>', ...rows.map(([name, value]) => `<tr><th align="left">${name}</th><td>${value}</td></tr>`), '</table>'];
  return [`### Preview of ${escapeHtml(report.baseService)}`, '', ...table].join('\n');
}
