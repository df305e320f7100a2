import { readFileSync } from 'node:fs';
import { ConfigurationError } from '../errors.js';

/**
 * Reads a text file a user committed: UTF-8 with or without a byte-order mark, or UTF-16 with
 * one (what PowerShell's Out-File and `>` write). Anything else is refused naming the encoding
 * problem and where it starts, never quoting the file's content. `source` names the input and path.
 */
export function readTextFile(path: string, source: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? 'unreadable');
    throw new ConfigurationError(`${source}: cannot read the file (${reason}).`);
  }
  return decodeText(bytes, source);
}

export function decodeText(bytes: Buffer, source: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (looksLikeUtf16WithoutMark(body)) {
    throw new ConfigurationError(
      `${source}: looks like UTF-16 without a byte-order mark: save it as UTF-8 (or UTF-16 with a byte-order mark).`,
    );
  }
  const bad = firstInvalidUtf8(body);
  if (bad !== undefined) {
    const { line, column } = positionOfByte(body, bad);
    const byte = body[bad].toString(16).toUpperCase().padStart(2, '0');
    throw new ConfigurationError(`${source}: is not UTF-8 text (byte 0x${byte} at line ${line}, column ${column}): save it as UTF-8.`);
  }
  return body.toString('utf8');
}

/** ASCII text saved as UTF-16 has a NUL beside every character. */
function looksLikeUtf16WithoutMark(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 64);
  if (sample.length < 4) return false;
  let nuls = 0;
  for (const byte of sample) if (byte === 0) nuls++;
  return nuls >= sample.length / 4;
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i];
    const length =
      byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (!length) return i;
    for (let k = 1; k < length; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(i, i + length));
    if (decoded.includes('\uFFFD')) return i; // overlong forms and surrogates
    i += length;
  }
  return undefined;
}

/** Line and column (in characters) of a byte offset in valid UTF-8 before it. */
function positionOfByte(bytes: Buffer, offset: number): { line: number; column: number } {
  const before = bytes.subarray(0, offset).toString('utf8').split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
