import { containersOf, type TaskDefinition } from '../ecs/task-definition/model.js';

/**
 * awslogs for every container that has no log configuration: group /ecs/<family>, the region,
 * stream prefix "ecs" (what the ECS console writes). Returns the names of the containers changed.
 */
export function applyDefaultLogging(document: TaskDefinition, region: string): string[] {
  const changed: string[] = [];
  for (const container of containersOf(document)) {
    if (container.logConfiguration) continue;
    container.logConfiguration = {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': `/ecs/${document.family}`,
        'awslogs-region': region,
        'awslogs-stream-prefix': 'ecs',
      },
    };
    changed.push(String(container.name));
  }
  return changed;
}
