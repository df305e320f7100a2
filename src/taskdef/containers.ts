import { invalidSetting, SettingError } from '../inputs/setting-error.js';
import { containerNames, containersOf, type ContainerDefinition, type TaskDefinition } from '../ecs/task-definition/model.js';

/**
 * The container a setting applies to: the one named by the `container` setting, or the only one.
 * `setting` is the setting that needs a container (image, environment...), for the message; the
 * action's input layer names its input.
 */
export function targetContainer(document: TaskDefinition, name: string | undefined, setting: string): ContainerDefinition {
  const containers = containersOf(document);
  const names = containerNames(document);
  if (name !== undefined) {
    const found = containers.find((c) => c.name === name);
    if (!found) throw invalidSetting('container', name, `the name of a container in the task definition: ${names.join(', ') || '(none)'}`);
    return found;
  }
  if (containers.length === 1) return containers[0];
  throw new SettingError(
    setting,
    (input) =>
      `Input "${input}" applies to one container but the task definition has ${containers.length} (${names.join(', ')}): set "container" to one of them.`,
  );
}

/** The container of an `images` line (`name=image`), or an error quoting the line and listing the containers. */
export function imagesLineContainer(document: TaskDefinition, name: string, image: string): ContainerDefinition {
  const found = containersOf(document).find((c) => c.name === name);
  if (!found) {
    throw invalidSetting(
      'images',
      `${name}=${image}`,
      `container=image lines naming containers of the task definition: ${containerNames(document).join(', ')}`,
    );
  }
  return found;
}
