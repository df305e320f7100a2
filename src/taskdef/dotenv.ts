import { ConfigurationError } from '../errors.js';

/**
 * A dotenv file: KEY=value lines, optional `export `, # comments, single quotes (literal) and
 * double quotes (with \n, \t, \" and \\ escapes), an unquoted value ends at " #".
 */
export function parseDotenv(text: string, source: string): Array<[string, string]> {
  const pairs = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    // The line is not quoted: an env file holds values that may be secrets.
    if (!match) throw new ConfigurationError(`${source} line ${index + 1}: expected KEY=value (${describeBadLine(line)}).`);
    pairs.set(match[1], unquote(match[2], `${source} line ${index + 1}`));
  });
  return [...pairs];
}

function describeBadLine(line: string): string {
  const equals = line.indexOf('=');
  if (equals < 0) return 'no "=" on the line';
  return equals === 0 ? 'no name before "="' : 'the name before "=" must be letters, digits, _ . or - and not start with a digit';
}

function unquote(value: string, where: string): string {
  const quote = value[0];
  if (quote === '"' || quote === "'") {
    const end = value.indexOf(quote, 1);
    let close = end;
    if (quote === '"') {
      close = -1;
      for (let i = 1; i < value.length; i++) {
        if (value[i] === '\\') i++;
        else if (value[i] === '"') {
          close = i;
          break;
        }
      }
    }
    if (close < 0) throw new ConfigurationError(`${where}: unclosed ${quote}.`);
    const inner = value.slice(1, close);
    if (quote === "'") return inner;
    return inner.replace(/\\(.)/g, (_, ch: string) => ({ n: '\n', t: '\t', r: '\r' })[ch as 'n'] ?? ch);
  }
  return value.replace(/\s+#.*$/, '').trim();
}
