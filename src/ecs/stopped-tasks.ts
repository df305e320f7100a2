import { DescribeTasksCommand, ListTasksCommand, type ECSClient, type ListTasksCommandInput, type Task } from '@aws-sdk/client-ecs';

type Ecs = Pick<ECSClient, 'send'>;

/**
 * ListTasks answers at most 100 tasks a page, and ECS keeps stopped tasks listed for about an
 * hour in no promised order: a busy service fills the first page with older tasks. At most this
 * many pages are read per listing, so one look costs a bounded number of calls.
 */
export const MAX_LIST_PAGES = 5;
/** ListTasks's page size and DescribeTasks's limit. */
const PAGE_SIZE = 100;

/**
 * A service's stopped tasks of one revision, newest first. With `deploymentId`, only the tasks
 * that deployment started (ECS sets a service task's startedBy to its deployment's ID): the
 * failing deployment's own tasks, however many others stopped. With `skip`, tasks described
 * before are not described again and are added to it.
 */
export async function stoppedTasks(options: {
  ecs: Ecs;
  cluster: string;
  service: string;
  taskDefinitionArn: string;
  deploymentId?: string;
  skip?: Set<string>;
}): Promise<Task[]> {
  const { ecs, cluster } = options;
  const listed = await listStopped(
    ecs,
    options.deploymentId ? { cluster, startedBy: options.deploymentId } : { cluster, serviceName: options.service },
  );
  const arns = listed.filter((arn) => !options.skip?.has(arn));
  const tasks: Task[] = [];
  for (let at = 0; at < arns.length; at += PAGE_SIZE) {
    const chunk = arns.slice(at, at + PAGE_SIZE);
    const described = await ecs.send(new DescribeTasksCommand({ cluster, tasks: chunk }));
    tasks.push(...(described.tasks ?? []));
    for (const arn of chunk) options.skip?.add(arn);
  }
  return tasks
    .filter((t) => t.taskDefinitionArn === options.taskDefinitionArn)
    .sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0));
}

/** The ARNs of stopped tasks matching one filter, over at most MAX_LIST_PAGES pages. */
async function listStopped(ecs: Ecs, filter: Pick<ListTasksCommandInput, 'cluster' | 'serviceName' | 'startedBy'>): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const answer = await ecs.send(new ListTasksCommand({ ...filter, desiredStatus: 'STOPPED', maxResults: PAGE_SIZE, nextToken }));
    arns.push(...(answer.taskArns ?? []));
    nextToken = answer.nextToken;
    if (!nextToken) break;
  }
  return arns;
}
