import { renderMarkdown } from '../../scripts/lib/markdown.js';

/**
 * A job summary as a reader sees it on GitHub: rendered by cmark-gfm (GitHub's own Markdown
 * renderer, with its table extension and raw HTML allowed, as GitHub allows it in summaries), then
 * reduced to visible text. Markdown that GitHub would show literally (backticks or asterisks
 * inside an HTML block, a table row swallowed by a preceding HTML element) shows up in that text.
 */
export function renderSummary(markdown: string): { html: string; text: string } {
  const html = renderMarkdown(markdown);
  return { html, text: visibleText(html) };
}

/** The text of rendered HTML: code contents kept, tags dropped, entities decoded, spaces collapsed. */
export function visibleText(html: string): string {
  const withoutCode = html.replace(/<code>[\s\S]*?<\/code>/g, (code) => code.replace(/[`*|]/g, ' '));
  return withoutCode
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t\r\n]+/g, ' ')
    .trim();
}

/** Markdown left visible after rendering: what a reader would see as stray markup. */
export function literalMarkup(text: string): string[] {
  const found: string[] = [];
  for (const pattern of [/`[^`\s][^`]*`/g, /\*\*[^*]+\*\*/g, /\|\s*-{3,}\s*\|/g, /^#{1,6} /gm]) {
    for (const match of text.matchAll(pattern)) found.push(match[0]);
  }
  return found;
}
