import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  type Service,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { simulatorClientConfig, type Simulator } from '../../test/aws-sim/server.js';
import type { Call } from './measure.js';

/**
 * How the benchmarks look at the simulated account: through its public API, as a person with the
 * AWS console would, never through the simulator's internal state. Its calls carry their own user
 * agent, so that `actionCalls` leaves them out of what the actions are measured by.
 */
export const OBSERVER_AGENT = 'ecs-ship-bench-observer';

export const actionCalls = <C extends Call & { userAgent?: string }>(log: readonly C[]): C[] =>
  log.filter((c) => !c.userAgent?.includes(OBSERVER_AGENT));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Observer {
  private readonly ecs: ECSClient;
  private readonly logs: CloudWatchLogsClient;

  constructor(
    sim: Pick<Simulator, 'url'>,
    private readonly cluster: string,
  ) {
    // Retries: the observer must not fail where the harsher modes throttle.
    const config = { ...simulatorClientConfig(sim), maxAttempts: 10, customUserAgent: OBSERVER_AGENT };
    this.ecs = new ECSClient(config);
    this.logs = new CloudWatchLogsClient(config);
  }

  /** The service if it exists and is ACTIVE. */
  async service(name: string): Promise<Service | undefined> {
    const { services } = await this.ecs.send(new DescribeServicesCommand({ cluster: this.cluster, services: [name] }));
    return services?.find((s) => s.status === 'ACTIVE');
  }

  /** Waits until the service runs one COMPLETED deployment. */
  async steady(name: string, timeoutMs = 120_000): Promise<Service> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.service(name);
      if (s?.deployments?.length === 1 && s.deployments[0].rolloutState === 'COMPLETED') return s;
      if (Date.now() > deadline) throw new Error(`service ${name} did not settle`);
      await sleep(100);
    }
  }

  /** The service deployment created at or after `since` (epoch ms): the one a step started. */
  async deploymentSince(name: string, since: number): Promise<ServiceDeployment | undefined> {
    const { serviceDeployments } = await this.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: this.cluster, service: name, createdAt: { after: new Date(since - 1) } }),
    );
    const arn = serviceDeployments?.sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime())[0]?.serviceDeploymentArn;
    if (!arn) return undefined;
    const described = await this.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
    return described.serviceDeployments?.[0];
  }

  /** Log lines of a group containing `text`, with the time CloudWatch ingested each. */
  async logLines(group: string, text: string): Promise<Array<{ message: string; at: number }>> {
    const lines: Array<{ message: string; at: number }> = [];
    let nextToken: string | undefined;
    do {
      const page = await this.logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: `"${text}"`, nextToken }));
      lines.push(...(page.events ?? []).map((e) => ({ message: e.message!, at: e.ingestionTime! })));
      nextToken = page.nextToken;
    } while (nextToken);
    return lines.sort((a, b) => a.at - b.at);
  }
}
