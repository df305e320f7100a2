/**
 * Turns a job summary (the HTML that core.summary writes, mixed with raw markdown lines) into text
 * a terminal shows well: headings underlined, tables as aligned columns, code indented, links as
 * "text (url)". Only the shapes job summaries use; anything else loses its tags and keeps its text.
 */

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  apos: "'",
  nbsp: ' ',
  rarr: '→',
  larr: '←',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  middot: '·',
  times: '×',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return ENTITIES[name] ?? (Number.isFinite(code) ? String.fromCodePoint(code) : whole);
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Inline markup to plain text: links keep their target, emphasis and tags go. */
function inline(text: string): string {
  return decodeEntities(
    text
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<a\s[^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gis, (_, href: string, label: string) =>
        label.trim() && label.trim() !== href ? `${label} (${href})` : href,
      )
      .replace(/<img\s[^>]*alt="([^"]*)"[^>]*>/gi, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, href: string) => (label === href ? href : `${label} (${href})`))
      .replace(/\*\*(.+?)\*\*/g, '$1')
      .replace(/__(.+?)__/g, '$1')
      .replace(/(^|\s)[*_](\S[^*_]*?)[*_](?=\s|$|[.,;:])/g, '$1$2'),
  );
}

function alignRows(all: string[][]): string[] {
  // A header row of empty cells (a key/value table) is no header.
  const rows = all.length > 1 && all[0].every((cell) => !cell) ? all.slice(1) : all;
  const header = rows !== all ? false : rows.length > 1;
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const lines = rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
  if (header) lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines;
}

function htmlTable(html: string): string[] {
  const rows: string[][] = [];
  for (const [, row] of html.matchAll(/<tr[^>]*>(.*?)<\/tr>/gis)) {
    rows.push(
      [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gis)].map(([, cell]) =>
        inline(cell)
          .replace(/\s*\n\s*/g, ' ')
          .trim(),
      ),
    );
  }
  return alignRows(rows);
}

function markdownTable(lines: string[]): string[] {
  const rows = lines
    .filter((line) => !/^\s*\|?\s*:?-{2,}/.test(line))
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => inline(cell.trim())),
    );
  return alignRows(rows);
}

const underline = (text: string, level: number) => [text, (level <= 2 ? '=' : '-').repeat(Math.max(3, text.length))];

/** Splits HTML block elements onto their own lines so the line-based pass below can see them. */
function blocks(summary: string): string[] {
  const out: string[] = [];
  // Tables and code blocks are kept whole (one placeholder line each).
  const kept: string[] = [];
  const text = summary
    .replace(/<table[^>]*>.*?<\/table>/gis, (table) => `\uE000${kept.push(table) - 1}\uE000`)
    .replace(/<pre[^>]*>.*?<\/pre>/gis, (pre) => `\uE000${kept.push(pre) - 1}\uE000`)
    .replace(/<(h[1-6]|p|div|ul|ol|li|details|summary|hr)\b/gi, '\n<$1')
    .replace(/<\/(h[1-6]|p|div|ul|ol|li|details|summary)>/gi, '</$1>\n')
    .replace(/\uE000(\d+)\uE000/g, (_, i: string) => `\n\uE000${i}\uE000\n`);
  for (const line of text.split('\n')) {
    const placeholder = /^\uE000(\d+)\uE000$/.exec(line);
    out.push(placeholder ? `\uE000${kept[Number(placeholder[1])]}` : line);
  }
  return out;
}

export function summaryToText(summary: string): string {
  const out: string[] = [];
  const lines = blocks(summary);
  let fence: string[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence) {
      if (/^\s*```/.test(line)) {
        out.push(...fence.map((l) => `    ${l}`));
        fence = undefined;
      } else fence.push(line);
      continue;
    }
    if (/^\s*```/.test(line)) {
      fence = [];
      continue;
    }
    if (line.startsWith('\uE000')) {
      const html = line.slice(1);
      if (/^<table/i.test(html)) out.push(...htmlTable(html));
      else
        out.push(
          ...decodeEntities(html.replace(/<[^>]+>/g, ''))
            .replace(/\n$/, '')
            .split('\n')
            .map((l) => `    ${l}`),
        );
      continue;
    }
    const heading = /^\s*<h([1-6])[^>]*>(.*?)<\/h\1>\s*$/is.exec(line) ?? /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1].startsWith('#') ? heading[1].length : Number(heading[1]);
      if (out.length) out.push('');
      out.push(...underline(inline(heading[2]).trim(), level));
      continue;
    }
    if (/^\s*\|.*\|\s*$/.test(line)) {
      const table = [line];
      while (i + 1 < lines.length && /^\s*\|.*\|\s*$/.test(lines[i + 1])) table.push(lines[++i]);
      out.push(...markdownTable(table));
      continue;
    }
    if (/^\s*<hr/i.test(line) || /^\s*(-{3,}|\*{3,})\s*$/.test(line)) {
      out.push('---');
      continue;
    }
    const item = /^\s*<li[^>]*>/i.test(line);
    const summaryLine = /^\s*<summary[^>]*>/i.test(line);
    const text = inline(line);
    for (const part of text.split('\n')) {
      if (!part.trim()) continue;
      out.push(item ? `- ${part.trim()}` : summaryLine ? `${part.trim()}:` : part.trimEnd());
    }
  }
  if (fence) out.push(...fence.map((l) => `    ${l}`));
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
