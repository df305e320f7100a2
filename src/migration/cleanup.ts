import { DescribeTasksCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { Logger } from '../logger.js';
import { taskId } from '../ecs/awslogs.js';
import { stopTask } from './watch.js';

/**
 * The post step's half of cancellation: a migration the main step started and did not see to its
 * end (the job was cancelled, the process killed) is stopped, so none runs on unattended.
 */
export async function stopUnfinishedMigration(options: {
  ecs: Pick<ECSClient, 'send'>;
  cluster: string;
  taskArn: string;
  logger: Logger;
}): Promise<'stopped' | 'already-stopped'> {
  const { ecs, cluster, taskArn, logger } = options;
  const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }));
  const status = tasks?.[0]?.lastStatus;
  if (status === 'STOPPED' || tasks?.[0]?.desiredStatus === 'STOPPED') {
    logger.info(`Migration task ${taskId(taskArn)} is already ${status === 'STOPPED' ? 'stopped' : 'stopping'}`);
    return 'already-stopped';
  }
  await stopTask({ ecs, cluster, taskArn, reason: 'Stopped by ecs-ship: the job ended before the migration finished' });
  logger.warning(`Stopped migration task ${taskId(taskArn)} (${status ?? 'unknown'}): the job ended before it finished`);
  return 'stopped';
}
