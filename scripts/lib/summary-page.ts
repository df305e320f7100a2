import { escapeHtml as escape } from '../../src/format.js';
import { renderMarkdown } from './markdown.js';
import type { StepResult } from './job.js';

/** Enough of GitHub's look that a person reads the summaries as they will on a workflow run. */
const STYLE = `
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
section { border: 1px solid #d1d9e0; border-radius: 6px; padding: 0 1rem 1rem; margin: 1.5rem 0; }
h2 { font-size: 1rem; border-bottom: 1px solid #d1d9e0; padding: .5rem 0; }
table { border-collapse: collapse; } th, td { border: 1px solid #d1d9e0; padding: 4px 10px; text-align: left; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa; border-radius: 4px; padding: .1rem .3rem; }
pre { padding: .6rem; overflow-x: auto; }`;

/**
 * One HTML page with every step's job summary rendered as GitHub renders it, in step order, for
 * the demo: open it in a browser to see what a person sees on the run's summary page.
 */
export function summaryPage(options: { title: string; steps: StepResult[] }): string {
  const sections = options.steps
    .filter((step) => step.summary.trim())
    .map(
      (step, index) =>
        `<section id="step-${index + 1}" data-action="${escape(step.action)}">\n<h2>${escape(step.name)} <small>(${escape(step.action)}, ${escape(step.status)})</small></h2>\n${renderMarkdown(step.summary)}</section>`,
    );
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escape(options.title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${escape(options.title)}</h1>`,
    ...sections,
    '</body></html>',
    '',
  ].join('\n');
}
