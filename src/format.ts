/** Texts shared by the actions' log lines, errors and summaries. */

/** 1.5s below ten seconds, then 45s, 1m35s, 10m, 1h30m. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${Math.round(ms / 100) / 10}s`;
  const total = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  return [h && `${h}h`, m && `${m}m`, s && `${s}s`].filter(Boolean).join('') || '0s';
}

/** Line breaks the runner or a browser shows as one (\r alone included). */
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/;

/** Text on one line: each line trimmed, blank ones dropped, the rest joined by a space. */
export function oneLine(text: string): string {
  return text
    .split(LINE_BREAKS)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

/** Table cells are HTML in the job summary: text goes in escaped, and code as <code>. */
export const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const htmlCode = (text: string) => `<code>${escapeHtml(text)}</code>`;
