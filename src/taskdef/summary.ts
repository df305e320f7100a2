import { escapeHtml, htmlCode } from '../format.js';
import type { Rendered } from './render.js';

/**
 * The job summary of a render, as data for src/github/summary.ts: the change table and a few
 * lines, all as escaped HTML (values come from the user's file: `<NAME>` must show, not vanish).
 */
export function renderSummary(rendered: Rendered): {
  heading: string;
  table?: { header: string[]; rows: string[][] };
  lines: string[];
} {
  const { live } = rendered;
  const against = !live
    ? 'No live revision of this family yet: this will be its first.'
    : live.changes.length
      ? `Changes against the live revision ${live.arn}.`
      : `No change against the live revision ${live.arn}.`;
  return {
    heading: `Task definition ${rendered.family}`,
    table: live?.changes.length
      ? { header: ['Container', 'Field', 'Change'], rows: live.changes.map((c) => [c.container, c.field, c.change].map(escapeHtml)) }
      : undefined,
    lines: [
      escapeHtml(against),
      `Images: ${Object.entries(rendered.images)
        .map(([container, image]) => `${escapeHtml(container)}: ${htmlCode(image)}`)
        .join(', ')}`,
      ...rendered.warnings.map((warning) => `⚠️ ${escapeHtml(warning)}`),
    ],
  };
}
