import type { CapacityProviderStrategyItem, CreateServiceCommandInput, Service } from '@aws-sdk/client-ecs';

const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];
export const SPOT: CapacityProviderStrategyItem[] = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }];

/** Whether the base service runs on Fargate (by launch type or a strategy of Fargate providers only). */
export function runsOnFargate(base: Service): boolean {
  if (base.capacityProviderStrategy?.length)
    return base.capacityProviderStrategy.every((i) => FARGATE_PROVIDERS.includes(i.capacityProvider ?? ''));
  return base.launchType === 'FARGATE';
}

/** How the preview is placed: Fargate Spot when asked and possible, else as the base service is. */
export function previewPlacement(
  base: Service,
  options: { capacity: 'spot' | 'base'; spotAvailable: boolean },
): Pick<CreateServiceCommandInput, 'launchType' | 'capacityProviderStrategy' | 'platformVersion'> & { spot: boolean } {
  const fargate = runsOnFargate(base);
  const platformVersion = fargate ? base.platformVersion : undefined;
  if (options.capacity === 'spot' && fargate && options.spotAvailable)
    return { capacityProviderStrategy: SPOT, platformVersion, spot: true };
  if (base.capacityProviderStrategy?.length) {
    return {
      capacityProviderStrategy: base.capacityProviderStrategy.map(({ capacityProvider, weight, base: b }) => ({
        capacityProvider,
        weight,
        base: b,
      })),
      platformVersion,
      spot: false,
    };
  }
  return { launchType: base.launchType, platformVersion, spot: false };
}

/**
 * A preview service: one task, the base service's network configuration, the preview's target
 * group, tags from creation (propagated to its tasks). A preview is cheap and short-lived, so a
 * push replaces its task (minimum healthy 0) and the circuit breaker ends a crash loop without
 * rolling back to a revision of an older push.
 */
export function previewServiceInput(options: {
  cluster: string;
  name: string;
  base: Service;
  taskDefinitionArn: string;
  targetGroupArn: string;
  containerName: string;
  containerPort: number;
  placement: ReturnType<typeof previewPlacement>;
  tags: Array<{ key: string; value: string }>;
}): CreateServiceCommandInput {
  const { spot: _spot, ...placement } = options.placement;
  return {
    cluster: options.cluster,
    serviceName: options.name,
    taskDefinition: options.taskDefinitionArn,
    desiredCount: 1,
    ...placement,
    networkConfiguration: options.base.networkConfiguration,
    loadBalancers: [{ targetGroupArn: options.targetGroupArn, containerName: options.containerName, containerPort: options.containerPort }],
    healthCheckGracePeriodSeconds: options.base.healthCheckGracePeriodSeconds,
    deploymentConfiguration: {
      minimumHealthyPercent: 0,
      maximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: false },
    },
    enableECSManagedTags: true,
    propagateTags: 'SERVICE',
    tags: options.tags,
  };
}
