import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplate, parseTemplate } from '../../../src/taskdef/load.js';

const source = 'Input "task-definition" ("t.json")';

test('JSON with a byte-order mark parses', () => {
  expect(parseTemplate('\uFEFF{"family":"a","containerDefinitions":[]}', { source })).toEqual({ family: 'a', containerDefinitions: [] });
});

test('a JSON error names the line and column', () => {
  expect(() => parseTemplate('{\n  "family": "a",\n  "x": [1 2]\n}', { source })).toThrow(
    /^Input "task-definition" \("t\.json"\): JSON error at line 3, column \d+: /,
  );
});

test('truncated JSON names the end of the file', () => {
  expect(() => parseTemplate('{\n  "family": "a",\n', { source })).toThrow(/JSON error at line 3, column 1: /);
});

test('YAML by extension, with its error position', () => {
  const dir = mkdtempSync(join(tmpdir(), 'load-'));
  const good = join(dir, 'td.yml');
  writeFileSync(good, 'family: a\ncontainerDefinitions:\n  - name: web\n    image: "${IMAGE}"\n');
  expect(loadTemplate(good)).toEqual({ family: 'a', containerDefinitions: [{ name: 'web', image: '${IMAGE}' }] });
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'family: a\ncontainerDefinitions:\n  - name: web\n   image: x\n');
  expect(() => loadTemplate(bad)).toThrow(/YAML error at line 4, column \d+/);
});

test('duplicate YAML keys are an error, not a silent overwrite', () => {
  expect(() => parseTemplate('family: a\nfamily: b\n', { source, yaml: true })).toThrow(/YAML error at line 2/);
});

test('not an object, empty, or unreadable', () => {
  expect(() => parseTemplate('[1, 2]', { source, yaml: false })).toThrow('expected an object with containerDefinitions, got a list');
  expect(() => parseTemplate('  \n', { source })).toThrow('the file is empty');
  expect(() => loadTemplate('/no/such/file.json', source)).toThrow(`${source}: cannot read the file (no such file).`);
});
