import * as core from './runner.js';
import { escapeHtml } from '../format.js';

/** Job summary helpers: a summary is written only where the runner provides one. */

export type Cell = string | number;

export function summaryAvailable(): boolean {
  return Boolean(process.env.GITHUB_STEP_SUMMARY);
}

/**
 * Adds a heading, an optional table and optional detail lines, then writes, in one go. The heading
 * and the table's header are text (escaped here); cells and lines are HTML their builders escaped.
 */
export async function writeSummary(section: {
  heading: string;
  table?: { header: string[]; rows: Cell[][] };
  lines?: string[];
  code?: { text: string; lang?: string };
}): Promise<void> {
  if (!summaryAvailable()) return;
  const summary = core.summary.addHeading(escapeHtml(section.heading), 3);
  if (section.table) {
    summary.addTable([
      section.table.header.map((data) => ({ data: escapeHtml(data), header: true })),
      ...section.table.rows.map((row) => row.map((cell) => String(cell))),
    ]);
  }
  // A blank line before each line ends any HTML block above it (a table, a <p>), so Markdown in
  // the line is rendered, not shown literally, and each line is its own paragraph.
  for (const line of section.lines ?? []) summary.addEOL().addRaw(line, true);
  if (section.code) summary.addCodeBlock(section.code.text, section.code.lang);
  await summary.write();
}
