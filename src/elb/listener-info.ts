import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { isElbError } from './error-code.js';
import { ActionFailure } from '../errors.js';

type Elb = Pick<ElasticLoadBalancingV2Client, 'send'>;

export interface ListenerInfo {
  listenerArn: string;
  loadBalancerArn: string;
  /** HTTPS, HTTP... */
  protocol: string;
  port?: number;
  /** The load balancer's VPC: where target groups for it are created. */
  vpcId: string;
  loadBalancerDns?: string;
}

/** A listener with what a rule and a target group behind it need: its load balancer's VPC and its protocol. */
export async function describeListenerInfo(elb: Elb, listenerArn: string): Promise<ListenerInfo> {
  const listener = await elb
    .send(new DescribeListenersCommand({ ListenerArns: [listenerArn] }))
    .then((answer) => answer.Listeners?.[0])
    .catch((error) => {
      if (isElbError(error, 'ListenerNotFound')) return undefined;
      throw error;
    });
  if (!listener?.LoadBalancerArn) throw new ActionFailure(`Listener ${listenerArn} was not found`);
  const answer = await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [listener.LoadBalancerArn] }));
  const balancer = answer.LoadBalancers?.[0];
  if (!balancer?.VpcId) throw new ActionFailure(`Load balancer ${listener.LoadBalancerArn} of listener ${listenerArn} has no VPC`);
  return {
    listenerArn,
    loadBalancerArn: listener.LoadBalancerArn,
    protocol: listener.Protocol ?? 'HTTP',
    port: listener.Port,
    vpcId: balancer.VpcId,
    loadBalancerDns: balancer.DNSName,
  };
}
