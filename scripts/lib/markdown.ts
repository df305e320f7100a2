import { spawnSync } from 'node:child_process';

/**
 * Markdown to HTML as GitHub renders a job summary: cmark-gfm (GitHub's own renderer, a Debian
 * package that scripts/setup.sh installs) with its table, strikethrough and autolink extensions,
 * and raw HTML kept, as job summaries allow.
 */
export function renderMarkdown(markdown: string): string {
  if (!markdown) return '';
  const rendered = spawnSync('cmark-gfm', ['--unsafe', '--extension', 'table', '--extension', 'strikethrough', '--extension', 'autolink'], {
    input: markdown,
    encoding: 'utf8',
  });
  if (rendered.error || rendered.status !== 0) {
    throw new Error(
      `cmark-gfm could not render the job summary (install it: bash scripts/setup.sh): ${rendered.error?.message ?? rendered.stderr}`,
    );
  }
  return rendered.stdout;
}
