import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  type Action,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { simulatorClientConfig, startSimulator, type Simulator } from '../../server.js';
import { weightedForward } from '../../../fixtures/elb-actions.js';

/** Shared setup for the ELBv2 tests: a simulator and the real SDK client over HTTP. */

export interface ElbHarness {
  sim: Simulator;
  elb: ElasticLoadBalancingV2Client;
}

export async function startElbHarness(): Promise<ElbHarness> {
  const sim = await startSimulator({ harsh: false });
  return { sim, elb: new ElasticLoadBalancingV2Client(simulatorClientConfig(sim)) };
}

export async function createAlb(h: ElbHarness, name = 'web', scheme: 'internet-facing' | 'internal' = 'internet-facing') {
  const { LoadBalancers } = await h.elb.send(
    new CreateLoadBalancerCommand({ Name: name, Subnets: ['subnet-0a', 'subnet-0b'], Scheme: scheme }),
  );
  return LoadBalancers![0];
}

export async function createTargetGroup(h: ElbHarness, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { TargetGroups } = await h.elb.send(
    new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 8080, VpcId: 'vpc-0a1b2c3d4e5f60718', TargetType: 'ip', ...extra }),
  );
  return TargetGroups![0].TargetGroupArn!;
}

export const forwardTo = (weights: Array<[string, number]>): Action[] => [weightedForward(weights)];

/** An ALB with an HTTP:80 listener forwarding everything to `blue` (weight 1) and `green` (weight 0). */
export async function albWithTwoGroups(h: ElbHarness, name = 'web') {
  const lb = await createAlb(h, name);
  const blue = await createTargetGroup(h, `${name}-blue`);
  const green = await createTargetGroup(h, `${name}-green`);
  const { Listeners } = await h.elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: lb.LoadBalancerArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: forwardTo([
        [blue, 1],
        [green, 0],
      ]),
    }),
  );
  return { lb, blue, green, listenerArn: Listeners![0].ListenerArn! };
}

/** The error an SDK call rejects with (the test fails if it resolves). */
export async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail, it succeeded');
}
