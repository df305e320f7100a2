import {
  CreateListenerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyRuleCommand,
  ModifyTargetGroupAttributesCommand,
  type Action,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { setFaults, setModes } from '../../control.js';
import { HARSH_MODES } from '../../modes.js';
import { simulatorClientConfig } from '../../server.js';
import { elbState } from '../../services/elbv2/state.js';
import { weightedForward } from '../../../fixtures/elb-actions.js';
import { waitFor } from '../ecs/helpers.js';
import { albWithTwoGroups, createAlb, createTargetGroup, errorOf, forwardTo, startElbHarness, type ElbHarness } from './helpers.js';

let h: ElbHarness;
beforeEach(async () => {
  h = await startElbHarness();
});
afterEach(() => h.sim.stop());

const OIDC = {
  Issuer: 'https://idp.example.com',
  AuthorizationEndpoint: 'https://idp.example.com/authorize',
  TokenEndpoint: 'https://idp.example.com/token',
  UserInfoEndpoint: 'https://idp.example.com/userinfo',
  ClientId: 'client-1',
};

test('CreateLoadBalancer makes internet-facing and internal ALBs with their DNS names; DescribeLoadBalancers finds them', async () => {
  const web = await createAlb(h, 'web');
  const internal = await createAlb(h, 'api', 'internal');
  expect(web).toMatchObject({ LoadBalancerName: 'web', Scheme: 'internet-facing', Type: 'application', State: { Code: 'provisioning' } });
  expect(web.LoadBalancerArn).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/web\/[0-9a-f]{16}$/);
  expect(web.DNSName).toMatch(/^web-\d+\.us-east-1\.elb\.amazonaws\.com$/);
  expect(internal.DNSName).toMatch(/^internal-api-\d+\.us-east-1\.elb\.amazonaws\.com$/);
  const byName = await h.elb.send(new DescribeLoadBalancersCommand({ Names: ['api'] }));
  expect(byName.LoadBalancers!.map((lb) => lb.LoadBalancerArn)).toEqual([internal.LoadBalancerArn]);
  const all = await h.elb.send(new DescribeLoadBalancersCommand({}));
  expect(all.LoadBalancers).toHaveLength(2);
  expect(await errorOf(h.elb.send(new DescribeLoadBalancersCommand({ Names: ['nope'] })))).toMatchObject({
    name: 'LoadBalancerNotFoundException',
    status: 400,
  });
  expect(await errorOf(h.elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [web.LoadBalancerArn + '0'] })))).toMatchObject({
    name: 'LoadBalancerNotFoundException',
    message: 'One or more load balancers not found',
  });
});

test('target group names: at most 32 alphanumerics and hyphens, no hyphen at either end, unique per region', async () => {
  const bad = ['a'.repeat(33), 'has_underscore', '-leading', 'trailing-'];
  for (const name of bad) {
    expect(await errorOf(createTargetGroup(h, name))).toMatchObject({ name: 'ValidationError', status: 400 });
  }
  const arn = await createTargetGroup(h, 'a'.repeat(32));
  // The same name with the same settings answers the same group; with other settings it is a duplicate.
  expect(await createTargetGroup(h, 'a'.repeat(32))).toBe(arn);
  expect(await errorOf(createTargetGroup(h, 'a'.repeat(32), { Port: 9090 }))).toMatchObject({
    name: 'DuplicateTargetGroupNameException',
    message: `A target group with the same name '${'a'.repeat(32)}' exists, but with different settings`,
  });
  expect(elbState(h.sim.world).targetGroups.size).toBe(1);
});

test('DescribeTargetGroups by ARNs, names and load balancer; LoadBalancerArns fills when a listener forwards to it', async () => {
  const spare = await createTargetGroup(h, 'spare');
  const { lb, blue, green } = await albWithTwoGroups(h);
  const byLb = await h.elb.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
  expect(byLb.TargetGroups!.map((tg) => tg.TargetGroupArn).sort()).toEqual([blue, green].sort());
  expect(byLb.TargetGroups![0]).toMatchObject({ LoadBalancerArns: [lb.LoadBalancerArn], TargetType: 'ip', Protocol: 'HTTP', Port: 8080 });
  const byName = await h.elb.send(new DescribeTargetGroupsCommand({ Names: ['spare'] }));
  expect(byName.TargetGroups).toMatchObject([{ TargetGroupArn: spare, LoadBalancerArns: [] }]);
  const byArn = await h.elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [green] }));
  expect(byArn.TargetGroups!.map((tg) => tg.TargetGroupName)).toEqual(['web-green']);
  expect(await errorOf(h.elb.send(new DescribeTargetGroupsCommand({ Names: ['spare', 'missing'] })))).toMatchObject({
    name: 'TargetGroupNotFoundException',
    message: 'One or more target groups not found',
  });
});

test('forward actions: TargetGroupArn and ForwardConfig must agree, weights 0 to 999, at most 5 groups', async () => {
  const lb = await createAlb(h);
  const groups = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => createTargetGroup(h, `tg-${n}`)));
  const listener = (DefaultActions: Action[]) =>
    h.elb.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'HTTP', Port: 80, DefaultActions }));
  const disagree = await errorOf(
    listener([{ Type: 'forward', TargetGroupArn: groups[0], ForwardConfig: { TargetGroups: [{ TargetGroupArn: groups[1] }] } }]),
  );
  expect(disagree.name).toBe('ValidationError');
  expect(await errorOf(listener(forwardTo([[groups[0], 1000]])))).toMatchObject({
    name: 'ValidationError',
    message: 'The weight for each target group must be between 0 and 999, inclusive',
  });
  expect((await errorOf(listener(forwardTo([[groups[0], -1]])))).name).toBe('ValidationError');
  expect((await errorOf(listener(forwardTo(groups.map((g) => [g, 1] as [string, number]))))).name).toBe('ValidationError');
  expect(await errorOf(listener(forwardTo([[groups[0].replace(/[0-9a-f]{16}$/, '0000000000000000'), 1]])))).toMatchObject({
    name: 'TargetGroupNotFoundException',
  });
  expect(elbState(h.sim.world).listeners.size).toBe(0);
  // Both given and agreeing is fine, and so are five groups with zero weights among them.
  const agreed = await listener([
    { Type: 'forward', TargetGroupArn: groups[0], ForwardConfig: { TargetGroups: [{ TargetGroupArn: groups[0], Weight: 3 }] } },
  ]);
  expect(agreed.Listeners![0].DefaultActions).toEqual([
    {
      Type: 'forward',
      Order: 1,
      TargetGroupArn: groups[0],
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: groups[0], Weight: 3 }], TargetGroupStickinessConfig: { Enabled: false } },
    },
  ]);
  const five = await h.elb.send(
    new ModifyListenerCommand({
      ListenerArn: agreed.Listeners![0].ListenerArn,
      DefaultActions: [
        {
          Type: 'forward',
          ForwardConfig: {
            TargetGroups: groups.slice(0, 5).map((TargetGroupArn, i) => ({ TargetGroupArn, Weight: i === 0 ? 999 : 0 })),
            TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 3600 },
          },
        },
      ],
    }),
  );
  expect(five.Listeners![0].DefaultActions![0].ForwardConfig).toEqual({
    TargetGroups: groups.slice(0, 5).map((TargetGroupArn, i) => ({ TargetGroupArn, Weight: i === 0 ? 999 : 0 })),
    TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 3600 },
  });
  expect(five.Listeners![0].DefaultActions![0].TargetGroupArn).toBeUndefined();
});

test('a target group belongs to one load balancer only', async () => {
  const { blue } = await albWithTwoGroups(h, 'one');
  const other = await createAlb(h, 'two');
  const error = await errorOf(
    h.elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: other.LoadBalancerArn,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: forwardTo([[blue, 1]]),
      }),
    ),
  );
  expect(error).toMatchObject({ name: 'TargetGroupAssociationLimitException' });
});

test('ModifyListener and ModifyRule replace the whole action list; describes show the old list until the change applies', async () => {
  const { blue, green, listenerArn } = await albWithTwoGroups(h);
  const { Rules } = await h.elb.send(
    new CreateRuleCommand({
      ListenerArn: listenerArn,
      Priority: 10,
      Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }],
      Actions: [
        { Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: { ...OIDC, ClientSecret: 's3cret' } },
        { Type: 'forward', Order: 2, TargetGroupArn: blue },
      ],
    }),
  );
  const ruleArn = Rules![0].RuleArn!;
  setModes(h.sim.world, { weightApplyMs: 60_000 }); // a change never applies during this part
  const modified = await h.elb.send(
    new ModifyRuleCommand({
      RuleArn: ruleArn,
      Actions: forwardTo([
        [blue, 80],
        [green, 20],
      ]),
    }),
  );
  // The answer shows the new list: the authenticate action is gone, not merged.
  expect(modified.Rules![0].Actions).toEqual([
    weightedForward(
      [
        [blue, 80],
        [green, 20],
      ],
      { order: 1, stickiness: { Enabled: false } },
    ),
  ]);
  const before = await h.elb.send(new DescribeRulesCommand({ RuleArns: [ruleArn] }));
  expect(before.Rules![0].Actions!.map((a) => a.Type)).toEqual(['authenticate-oidc', 'forward']);
  await h.elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forwardTo([[green, 1]]) }));
  const listenerBefore = await h.elb.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] }));
  expect(listenerBefore.Listeners![0].DefaultActions![0].ForwardConfig!.TargetGroups).toHaveLength(2);
  setModes(h.sim.world, { weightApplyMs: 0 });
  const after = await h.elb.send(new DescribeRulesCommand({ RuleArns: [ruleArn] }));
  expect(after.Rules![0].Actions).toEqual(modified.Rules![0].Actions);
  const listenerAfter = await h.elb.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] }));
  expect(listenerAfter.Listeners![0].DefaultActions).toMatchObject([{ Type: 'forward', TargetGroupArn: green }]);
  // The listener's default rule is the listener's default actions.
  const rules = await h.elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn }));
  expect(rules.Rules!.map((r) => [r.Priority, r.IsDefault])).toEqual([
    ['10', false],
    ['default', true],
  ]);
  expect(rules.Rules![1].Actions).toEqual(listenerAfter.Listeners![0].DefaultActions);
});

test('the default weightApplyMs is small: a change shows in describes shortly after', async () => {
  const { blue, green, listenerArn } = await albWithTwoGroups(h);
  await h.elb.send(
    new ModifyListenerCommand({
      ListenerArn: listenerArn,
      DefaultActions: forwardTo([
        [blue, 50],
        [green, 50],
      ]),
    }),
  );
  for (let i = 0; i < 200; i += 1) {
    const { Listeners } = await h.elb.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] }));
    if (Listeners![0].DefaultActions![0].ForwardConfig!.TargetGroups![1].Weight === 50) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the change never showed');
});

test('authenticate-oidc: ClientSecret required on create, kept on modify only with UseExistingClientSecret, never described', async () => {
  const { blue, listenerArn } = await albWithTwoGroups(h);
  const create = (oidc: Record<string, unknown>) =>
    h.elb.send(
      new CreateRuleCommand({
        ListenerArn: listenerArn,
        Priority: 1,
        Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['admin.example.com'] } }],
        Actions: [
          { Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: { ...OIDC, ...oidc } },
          { Type: 'forward', Order: 2, TargetGroupArn: blue },
        ],
      }),
    );
  expect((await errorOf(create({ UseExistingClientSecret: true }))).name).toBe('ValidationError');
  const { Rules } = await create({ ClientSecret: 'first-secret' });
  const ruleArn = Rules![0].RuleArn!;
  expect(JSON.stringify(Rules)).not.toContain('first-secret');
  const stored = () => elbState(h.sim.world).rules.get(ruleArn)!.actions.at(-1)!.actions[0].AuthenticateOidcConfig.ClientSecret;
  const modify = (oidc: Record<string, unknown>) =>
    h.elb.send(
      new ModifyRuleCommand({
        RuleArn: ruleArn,
        Actions: [
          { Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: { ...OIDC, Scope: 'openid email', ...oidc } },
          { Type: 'forward', Order: 2, TargetGroupArn: blue },
        ],
      }),
    );
  expect((await errorOf(modify({}))).name).toBe('ValidationError');
  expect((await errorOf(modify({ UseExistingClientSecret: false }))).name).toBe('ValidationError');
  await modify({ UseExistingClientSecret: true });
  expect(stored()).toBe('first-secret');
  setModes(h.sim.world, { weightApplyMs: 0 });
  const described = await h.elb.send(new DescribeRulesCommand({ RuleArns: [ruleArn] }));
  expect(described.Rules![0].Actions![0].AuthenticateOidcConfig).toMatchObject({ ClientId: 'client-1', Scope: 'openid email' });
  expect(described.Rules![0].Actions![0].AuthenticateOidcConfig!.ClientSecret).toBeUndefined();
  await modify({ ClientSecret: 'second-secret' });
  expect(stored()).toBe('second-secret');
});

test('fixed-response and redirect actions are stored verbatim, with their Order', async () => {
  const { listenerArn } = await albWithTwoGroups(h);
  const fixed = { StatusCode: '503', ContentType: 'text/plain', MessageBody: 'down for maintenance' };
  const redirect = {
    Protocol: 'HTTPS',
    Port: '443',
    Host: '#{host}',
    Path: '/#{path}',
    Query: '#{query}',
    StatusCode: 'HTTP_301' as const,
  };
  const one = await h.elb.send(
    new CreateRuleCommand({
      ListenerArn: listenerArn,
      Priority: 1,
      Conditions: [{ Field: 'path-pattern', Values: ['/down'] }],
      Actions: [{ Type: 'fixed-response', FixedResponseConfig: fixed }],
    }),
  );
  const two = await h.elb.send(
    new CreateRuleCommand({
      ListenerArn: listenerArn,
      Priority: 2,
      Conditions: [{ Field: 'path-pattern', Values: ['/old'] }],
      Actions: [{ Type: 'redirect', Order: 7, RedirectConfig: redirect }],
    }),
  );
  expect(one.Rules![0].Actions).toEqual([{ Type: 'fixed-response', Order: 1, FixedResponseConfig: fixed }]);
  expect(two.Rules![0].Actions).toEqual([{ Type: 'redirect', Order: 7, RedirectConfig: redirect }]);
  const bad = await errorOf(
    h.elb.send(
      new CreateRuleCommand({
        ListenerArn: listenerArn,
        Priority: 3,
        Conditions: [{ Field: 'path-pattern', Values: ['/x'] }],
        Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '302' } }],
      }),
    ),
  );
  expect(bad.name).toBe('ValidationError');
});

test('target group attributes: stickiness and deregistration delay, validated, all checked before any changes', async () => {
  const arn = await createTargetGroup(h, 'sticky');
  const attrs = async () =>
    Object.fromEntries(
      (await h.elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }))).Attributes!.map((a) => [a.Key, a.Value]),
    );
  expect(await attrs()).toMatchObject({
    'stickiness.enabled': 'false',
    'stickiness.type': 'lb_cookie',
    'stickiness.lb_cookie.duration_seconds': '86400',
    'deregistration_delay.timeout_seconds': '300',
  });
  const modified = await h.elb.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: arn,
      Attributes: [
        { Key: 'stickiness.enabled', Value: 'true' },
        { Key: 'stickiness.lb_cookie.duration_seconds', Value: '600' },
        { Key: 'deregistration_delay.timeout_seconds', Value: '5' },
      ],
    }),
  );
  expect(Object.fromEntries(modified.Attributes!.map((a) => [a.Key, a.Value]))).toMatchObject({
    'stickiness.enabled': 'true',
    'deregistration_delay.timeout_seconds': '5',
  });
  for (const bad of [
    { Key: 'stickiness.enabled', Value: 'yes' },
    { Key: 'stickiness.type', Value: 'source_ip' },
    { Key: 'stickiness.lb_cookie.duration_seconds', Value: '0' },
    { Key: 'deregistration_delay.timeout_seconds', Value: '3601' },
    { Key: 'no.such.attribute', Value: '1' },
  ]) {
    const error = await errorOf(
      h.elb.send(
        new ModifyTargetGroupAttributesCommand({
          TargetGroupArn: arn,
          Attributes: [{ Key: 'stickiness.lb_cookie.duration_seconds', Value: '7' }, bad],
        }),
      ),
    );
    expect(error.name).toBe('ValidationError');
  }
  expect((await attrs())['stickiness.lb_cookie.duration_seconds']).toBe('600');
});

test('faults: ELBv2 throttles with Throttling (400) and fails with ServiceUnavailable (503)', async () => {
  setFaults(h.sim.world, { throttle: 1, operations: ['elasticloadbalancing.DescribeLoadBalancers'] });
  expect(await errorOf(h.elb.send(new DescribeLoadBalancersCommand({})))).toMatchObject({
    name: 'Throttling',
    message: 'Rate exceeded',
    status: 400,
  });
  setFaults(h.sim.world, { serverError: 1, operations: ['elasticloadbalancing.DescribeLoadBalancers'] });
  expect(await errorOf(h.elb.send(new DescribeLoadBalancersCommand({})))).toMatchObject({ name: 'ServiceUnavailable', status: 503 });
  expect(h.sim.world.callCounts()['elasticloadbalancing.DescribeLoadBalancers']).toBe(2);
  expect(h.sim.world.appliedCounts()['elasticloadbalancing.DescribeLoadBalancers']).toBeUndefined();
});

test('CreateTargetGroup checks its health check settings', async () => {
  const error = await errorOf(
    h.elb.send(
      new CreateTargetGroupCommand({
        Name: 'hc',
        Protocol: 'HTTP',
        Port: 80,
        VpcId: 'vpc-1',
        HealthCheckIntervalSeconds: 5,
        HealthCheckTimeoutSeconds: 10,
      }),
    ),
  );
  expect(error.name).toBe('ValidationError');
  expect((await errorOf(h.elb.send(new CreateTargetGroupCommand({ Name: 'novpc', Protocol: 'HTTP', Port: 80 })))).name).toBe(
    'ValidationError',
  );
});

test('the lag meets only the callers the modes are for: the toolkit under test, not the arranging test', async () => {
  const { blue, green, listenerArn } = await albWithTwoGroups(h);
  setModes(h.sim.world, { weightApplyMs: 60_000, onlyUserAgent: 'ecs-ship' });
  const toolkit = new ElasticLoadBalancingV2Client({ ...simulatorClientConfig(h.sim), customUserAgent: 'ecs-ship/route-canary' });
  await toolkit.send(
    new ModifyListenerCommand({
      ListenerArn: listenerArn,
      DefaultActions: forwardTo([
        [blue, 50],
        [green, 50],
      ]),
    }),
  );
  const weights = async (client: ElasticLoadBalancingV2Client) =>
    (
      await client.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] }))
    ).Listeners![0].DefaultActions![0].ForwardConfig!.TargetGroups!.map((t) => t.Weight);
  // The arranging client meets the default lag (50 ms) and soon sees the change...
  await waitFor(
    () => weights(h.elb),
    (w) => w[1] === 50,
  );
  // ...while the toolkit still sees the old weights.
  expect(await weights(toolkit)).toEqual([1, 0]);
  expect(HARSH_MODES).toMatchObject({ weightApplyMs: 800, elbCreateLagMs: 300 });
});
