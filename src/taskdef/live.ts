import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import type { AwsContext } from '../aws/clients.js';
import { errorName } from '../aws/error-kind.js';
import type { TaskDefinition } from '../ecs/task-definition/model.js';

/** Reads a family's revision from ECS: the template source, and the "before" of the summary. */
export interface TaskDefinitionLookup {
  /** The revision (latest ACTIVE when none given) with its tags, or undefined when there is none. */
  describe(family: string, revision?: number): Promise<TaskDefinition | undefined>;
}

export function ecsTaskDefinitionLookup(aws: AwsContext): TaskDefinitionLookup {
  return {
    async describe(family, revision) {
      const reference = revision === undefined ? family : `${family}:${revision}`;
      try {
        const answer = await aws
          .client(ECSClient)
          .send(new DescribeTaskDefinitionCommand({ taskDefinition: reference, include: ['TAGS'] }));
        if (!answer.taskDefinition) return undefined;
        return { ...answer.taskDefinition, ...(answer.tags?.length ? { tags: answer.tags } : {}) } as TaskDefinition;
      } catch (error) {
        // ECS answers an unknown family or revision with ClientException "Unable to describe task definition."
        if (errorName(error) === 'ClientException') return undefined;
        throw error;
      }
    },
  };
}
