/** Short names people read, taken from ECS ARNs. */

/** The last part of an ARN or the name itself ("arn:...:service/prod/api" -> "api"). */
export function shortName(nameOrArn: string): string {
  return nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1);
}

/** The family of a task definition ARN or family:revision ("arn:...:task-definition/api:7" -> "api"). */
export const familyOf = (taskDefinition: string): string => shortName(taskDefinition).split(':')[0];

/** The ID of a task, as the console and the awslogs stream show it (arn:aws:ecs:region:account:task/cluster/id -> id). */
export const taskId = (taskArn: string): string => shortName(taskArn);
