import { CloudWatchClient, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import {
  type Action,
  CreateListenerCommand,
  CreateRuleCommand,
  DescribeRulesCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
  type RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { simulatorClientConfig, simulatorEnv, startSimulator, type Simulator } from '../aws-sim/server.js';
import { seedAlb } from '../aws-sim/services/elbv2/seed.js';
import { oidcAuthenticate } from '../fixtures/elb-actions.js';
import { putCanaryAlarms } from './route-canary-alarms.js';
import { runAction, type ActionRun, type RunOptions } from './run-action.js';

/**
 * route-canary mode alb against the simulator: an application load balancer whose listener
 * forwards to `<name>-api` (stable) and `<name>-api-beta` (canary), two healthy targets in each,
 * and alarms (one metric, one composite) in OK.
 */

export interface CanaryAlb {
  name: string;
  listenerArn: string;
  stableArn: string;
  canaryArn: string;
  /** A metric alarm and a composite alarm, both OK. */
  alarms: [string, string];
}

let seeded = 0;

export function clients(sim: Simulator) {
  const config = simulatorClientConfig(sim);
  return { elbv2: new ElasticLoadBalancingV2Client(config), cloudwatch: new CloudWatchClient(config) };
}

export async function seedCanaryAlb(sim: Simulator, options: { targets?: boolean } = {}): Promise<CanaryAlb> {
  const name = `shop${++seeded}`;
  const alb = await seedAlb(sim.world, { name, targetGroups: ['api', 'api-beta'] });
  const [stableArn, canaryArn] = alb.targetGroupArns;
  const { elbv2 } = clients(sim);
  if (options.targets !== false) {
    for (const [index, arn] of alb.targetGroupArns.entries()) {
      const Targets = [1, 2].map((host) => ({ Id: `10.${seeded}.${index}.${host}`, Port: 8080 }));
      await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets }));
    }
  }
  const alarms = await putCanaryAlarms(sim, name);
  for (const alarm of alarms) await setAlarm(sim, alarm, 'OK', 'Threshold Crossed: no datapoints were above the threshold');
  return { name, listenerArn: alb.listenerArn, stableArn, canaryArn, alarms };
}

export async function setAlarm(sim: Simulator, name: string, state: 'OK' | 'ALARM', reason: string): Promise<void> {
  await clients(sim).cloudwatch.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: reason }));
}

/**
 * An HTTPS listener on the same load balancer whose rule authenticates (OIDC, with a client
 * secret) and forwards to the stable group under three conditions, as a team's console set it up.
 */
export async function seedRule(
  sim: Simulator,
  alb: CanaryAlb,
): Promise<{ ruleArn: string; listenerArn: string; conditions: RuleCondition[]; authenticate: Action }> {
  const { elbv2 } = clients(sim);
  const loadBalancerArn = alb.listenerArn.replace(':listener/', ':loadbalancer/').replace(/\/[0-9a-f]+$/, '');
  const listener = await elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: loadBalancerArn,
      Protocol: 'HTTPS',
      Port: 443,
      Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/1f9e2a3b-0000-4000-8000-00000000c0de' }],
      DefaultActions: [
        { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'no route' } },
      ],
    }),
  );
  const conditions: RuleCondition[] = [
    { Field: 'host-header', HostHeaderConfig: { Values: ['api.example.com', 'www.api.example.com'] } },
    { Field: 'path-pattern', PathPatternConfig: { Values: ['/v2/*'] } },
    { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Tenant', Values: ['acme'] } },
  ];
  const authenticate = oidcAuthenticate({
    ClientId: 'shop-web',
    ClientSecret: 'oidc-client-secret-7f3a',
    SessionCookieName: 'AWSELBAuthSessionCookie',
    Scope: 'openid email',
    SessionTimeout: 3600,
    AuthenticationRequestExtraParams: { prompt: 'login' },
    OnUnauthenticatedRequest: 'authenticate',
  });
  const listenerArn = listener.Listeners![0].ListenerArn!;
  const rule = await elbv2.send(
    new CreateRuleCommand({
      ListenerArn: listenerArn,
      Priority: 10,
      Conditions: conditions,
      Actions: [authenticate, { Type: 'forward', Order: 2, TargetGroupArn: alb.stableArn }],
    }),
  );
  return { ruleArn: rule.Rules![0].RuleArn!, listenerArn, conditions, authenticate };
}

export async function describeRule(sim: Simulator, ruleArn: string) {
  return (await clients(sim).elbv2.send(new DescribeRulesCommand({ RuleArns: [ruleArn] }))).Rules![0];
}

/** Mutating ELBv2 and CloudWatch calls (anything not Describe/List/Get) since the world began. */
export function mutatingCalls(sim: Simulator): Record<string, number> {
  return Object.fromEntries(
    Object.entries(sim.world.appliedCounts()).filter(
      ([key]) => /^(elasticloadbalancing|elbv2|monitoring|cloudwatch)\./.test(key) && !/\.(Describe|List|Get)/.test(key),
    ),
  );
}

export interface CanarySuite {
  readonly sim: Simulator;
  /** Runs the route-canary bundle in mode alb with small waits (bake 300ms, polls 100ms, timeout 60s). */
  canary(inputs: NonNullable<RunOptions['inputs']>, options?: Omit<RunOptions, 'inputs'>): Promise<ActionRun>;
}

export function canarySuite(): CanarySuite {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim?.stop());
  const suite: CanarySuite = {
    get sim() {
      if (!sim) throw new Error('the simulator starts in beforeAll');
      return sim;
    },
    canary: (inputs, options = {}) =>
      runAction('route-canary', {
        env: simulatorEnv(suite.sim),
        ...options,
        inputs: { mode: 'alb', 'bake-time': '300ms', 'poll-interval': '250ms', timeout: '60s', ...inputs },
      }),
  };
  return suite;
}
