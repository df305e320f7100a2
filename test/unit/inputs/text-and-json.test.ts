import { parseJsonDocument } from '../../../src/inputs/json-document.js';
import { decodeText } from '../../../src/inputs/text-file.js';

const S = 'Input "x" ("f.json")';

test.each([
  ['{\n  "a": [1,\n  2,]\n}', 'line 3, column 4: a trailing comma (JSON allows none)'],
  ['{"a": 1,}', 'line 1, column 8: a trailing comma (JSON allows none)'],
  ['{"a" 1}', 'line 1, column 6: expected ":" after the key'],
  ['{"a": 1 "b": 2}', 'line 1, column 9: expected "," or "}"'],
  ["{'a': 1}", 'line 1, column 2: expected a quoted key'],
  ['{"a": "x\n"}', 'line 1, column 9: a line break inside a string'],
  ['{"a": 1}}', 'line 1, column 9: unexpected "}" after the end of the document'],
  ['{"a": tru}', 'line 1, column 7: expected a value'],
  ['{"a": "\\q"}', 'line 1, column 8: an unknown escape'],
])('JSON error in %j is located', (text, where) => {
  expect(() => parseJsonDocument(text, S)).toThrow(`${S}: JSON error at ${where}`);
});

test('a JSON error never quotes the text around it', () => {
  expect(() => parseJsonDocument('{"password": "hunter2-very-secret", oops}', S)).toThrow(/^(?!.*hunter2).*$/);
});

test('UTF-8 with or without a BOM and UTF-16 with one are read; other bytes name the encoding problem', () => {
  const text = '{"a": "é"}';
  expect(decodeText(Buffer.from(text), S)).toBe(text);
  expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), S)).toBe(text);
  expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), S)).toBe(text);
  const be = Buffer.from(text, 'utf16le').swap16();
  expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), S)).toBe(text);
  expect(() => decodeText(Buffer.from([0x7b, 0x0a, 0x22, 0xe9, 0x22]), S)).toThrow(
    `${S}: is not UTF-8 text (byte 0xE9 at line 2, column 2): save it as UTF-8.`,
  );
  expect(() => decodeText(Buffer.from('{"family": "x"}', 'utf16le'), S)).toThrow('looks like UTF-16 without a byte-order mark');
});
