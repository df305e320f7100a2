import { ConfigurationError } from '../errors.js';
import { invalid } from '../inputs/parse.js';
import { containerNames, containersOf, type ContainerDefinition, type TaskDefinition } from '../ecs/task-definition/model.js';

/**
 * The container an input applies to: the one named by the `container` input, or the only one.
 * `inputName` is the input that needs a container (image, environment...), for the message.
 */
export function targetContainer(document: TaskDefinition, name: string | undefined, inputName: string): ContainerDefinition {
  const containers = containersOf(document);
  const names = containerNames(document);
  if (name !== undefined) {
    const found = containers.find((c) => c.name === name);
    if (!found) throw invalid('container', name, `the name of a container in the task definition: ${names.join(', ') || '(none)'}`);
    return found;
  }
  if (containers.length === 1) return containers[0];
  throw new ConfigurationError(
    `Input "${inputName}" applies to one container but the task definition has ${containers.length} (${names.join(', ')}): set "container" to one of them.`,
  );
}

/** The container of an `images` line (`name=image`), or an error quoting the line and listing the containers. */
export function imagesLineContainer(document: TaskDefinition, name: string, image: string): ContainerDefinition {
  const found = containersOf(document).find((c) => c.name === name);
  if (!found) {
    throw invalid(
      'images',
      `${name}=${image}`,
      `container=image lines naming containers of the task definition: ${containerNames(document).join(', ')}`,
    );
  }
  return found;
}
