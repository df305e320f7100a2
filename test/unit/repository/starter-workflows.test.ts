import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './workflow-files.js';

/**
 * The starter workflows in workflows-templates/ are what GitHub reads from an organisation's
 * `.github` repository (workflow-templates/): each `<name>.yml` beside a `<name>.properties.json`
 * (name, description, iconName, categories), and the icon `<iconName>.svg` in the same folder.
 */
const DIR = join(ROOT, 'workflows-templates');
const templates = readdirSync(DIR)
  .filter((file) => file.endsWith('.yml'))
  .map((file) => file.replace(/\.yml$/, ''));

test('there are starter workflows', () => {
  expect(templates.sort()).toEqual(['cleanup-previews', 'ecs-ship-deploy', 'ecs-ship-manual-deploy', 'preview']);
});

test.each(templates)('%s has its properties and its icon', (name) => {
  const properties = JSON.parse(readFileSync(join(DIR, `${name}.properties.json`), 'utf8'));
  expect(
    Object.keys(properties).filter(
      (key) => !['name', 'description', 'iconName', 'categories', 'filePatterns', 'creator', 'labels'].includes(key),
    ),
  ).toEqual([]);
  expect(properties).toMatchObject({
    name: expect.any(String),
    description: expect.any(String),
    iconName: expect.stringMatching(/^[a-z0-9-]+$/),
  });
  expect(properties.categories.length).toBeGreaterThan(0);
  const icon = join(DIR, `${properties.iconName}.svg`);
  expect(existsSync(icon)).toBe(true);
  expect(readFileSync(icon, 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>\s*$/);
});

test('every file in the folder belongs to a starter workflow', () => {
  const icons = new Set(templates.map((name) => `${JSON.parse(readFileSync(join(DIR, `${name}.properties.json`), 'utf8')).iconName}.svg`));
  const expected = new Set([...templates.flatMap((name) => [`${name}.yml`, `${name}.properties.json`]), ...icons]);
  expect(readdirSync(DIR).filter((file) => !expected.has(file))).toEqual([]);
});
