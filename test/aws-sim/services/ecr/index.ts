import type { ServiceDefinition } from '../../types.js';
import { getAuthorizationToken } from './auth.js';
import { batchDeleteImage, batchGetImage, describeImages, listImages, putImage } from './image-handlers.js';
import { createRepository, deleteRepository, describeRepositories, getLifecyclePolicy, putLifecyclePolicy } from './repositories.js';

export { ecrState, ensureRepository } from './state.js';

/**
 * ECR. Repositories live in the simulator's state; images live in the real registry when the
 * simulator was started with one (startSimulator({ registry })), else in memory.
 */
export const ecr: ServiceDefinition = {
  signingName: 'ecr',
  protocol: 'json',
  targetPrefix: 'AmazonEC2ContainerRegistry_V20150921',
  handlers: {
    GetAuthorizationToken: getAuthorizationToken,
    CreateRepository: createRepository,
    DescribeRepositories: describeRepositories,
    DeleteRepository: deleteRepository,
    PutLifecyclePolicy: putLifecyclePolicy,
    GetLifecyclePolicy: getLifecyclePolicy,
    DescribeImages: describeImages,
    ListImages: listImages,
    BatchGetImage: batchGetImage,
    PutImage: putImage,
    BatchDeleteImage: batchDeleteImage,
  },
};
