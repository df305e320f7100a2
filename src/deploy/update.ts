import type { UpdateServiceCommandInput } from '@aws-sdk/client-ecs';

/**
 * UpdateService with only what the user asked to change. Everything else (network
 * configuration, capacity providers, volumeConfigurations, load balancers) is left as the
 * service has it: sending an empty list would wipe settings managed elsewhere.
 */
export function updateServiceInput(options: {
  cluster: string;
  service: string;
  taskDefinitionArn: string;
  desiredCount?: number;
  forceNewDeployment?: boolean;
}): UpdateServiceCommandInput {
  return {
    cluster: options.cluster,
    service: options.service,
    taskDefinition: options.taskDefinitionArn,
    ...(options.desiredCount !== undefined ? { desiredCount: options.desiredCount } : {}),
    ...(options.forceNewDeployment ? { forceNewDeployment: true } : {}),
  };
}
