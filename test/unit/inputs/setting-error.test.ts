import { ConfigurationError } from '../../../src/errors.js';
import { invalidSetting, nameInputs, SettingError } from '../../../src/inputs/setting-error.js';

/**
 * Issue 8 item 3: the core names the setting it found wrong; the action's input layer names the
 * input, so the user reads the same one line as for any bad input.
 */

test('a setting error is named after the input the action maps it to', async () => {
  const work = Promise.reject(invalidSetting('taskDefinition', 'shop:9', 'a registered task definition'));
  await expect(work.catch(nameInputs({ taskDefinition: 'task-definition-arn' }))).rejects.toThrow(
    new ConfigurationError('Input "task-definition-arn" has value "shop:9": expected a registered task definition.'),
  );
});

test('a setting error of its own shape keeps it, with the input name in its place', async () => {
  const error = new SettingError('builder', (input) => `Input "${input}" is "docker", but no Docker engine answers here.`);
  await expect(Promise.reject(error).catch(nameInputs({ builder: 'builder' }))).rejects.toThrow(
    'Input "builder" is "docker", but no Docker engine answers here.',
  );
});

test('other errors, and settings the action does not map, pass through unchanged', async () => {
  const other = new Error('ThrottlingException');
  await expect(Promise.reject(other).catch(nameInputs({ cluster: 'cluster' }))).rejects.toBe(other);
  const unmapped = invalidSetting('container', 'web', 'a container of the task definition');
  await expect(Promise.reject(unmapped).catch(nameInputs({}))).rejects.toBe(unmapped);
  expect(unmapped).toBeInstanceOf(ConfigurationError);
});
