import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { invalidSetting } from '../../inputs/setting-error.js';
import { dropReadOnlyFields, unwrapDescribeOutput } from './normalize.js';
import { checkTaskDefinitionKeys } from './schema.js';

/** The task definition an action is given: a rendered file to register, or one already registered. */
export type TaskDefinitionChoice =
  { kind: 'file'; path: string; document: RegisterTaskDefinitionCommandInput } | { kind: 'reference'; reference: string };

/**
 * A rendered task definition file's JSON object (or DescribeTaskDefinition's output), made ready
 * for RegisterTaskDefinition: x- keys are dropped and keys ECS does not define refused, as
 * render-taskdef does. A document that is no task definition is the setting `taskDefinition`'s
 * fault; `source` says where the document came from in the other messages.
 */
export function registrableTaskDefinition(
  json: Record<string, unknown>,
  file: { path: string; source: string },
): RegisterTaskDefinitionCommandInput {
  // `aws ecs describe-task-definition` wraps the document; accept it as people save it. The tags
  // beside it stay out: registering with tags needs ecs:TagResource, which a deploy role may lack.
  const { document } = unwrapDescribeOutput(json, false);
  if (typeof document.family !== 'string' || !document.family) {
    throw invalidSetting('taskDefinition', file.path, 'a task definition JSON file with a "family"');
  }
  if (!Array.isArray(document.containerDefinitions) || !document.containerDefinitions.length) {
    throw invalidSetting('taskDefinition', file.path, 'a task definition JSON file with "containerDefinitions"');
  }
  dropReadOnlyFields(document);
  return checkTaskDefinitionKeys(document, file.source).document as unknown as RegisterTaskDefinitionCommandInput;
}
