import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ModifyListenerCommand,
  ModifyRuleCommand,
  RemoveTagsCommand,
  SetRulePrioritiesCommand,
  type RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { setModes } from '../../control.js';
import { elbState } from '../../services/elbv2/state.js';
import { albWithTwoGroups, createTargetGroup, errorOf, forwardTo, startElbHarness, type ElbHarness } from './helpers.js';

/** Deleting, priorities, limits, tags, paging and the create lag (what PR previews meet). */

let h: ElbHarness;
beforeEach(async () => {
  h = await startElbHarness();
});
afterEach(() => h.sim.stop());

const pathRule = (listenerArn: string, priority: number, tg: string, path = `/p${priority}`) =>
  new CreateRuleCommand({
    ListenerArn: listenerArn,
    Priority: priority,
    Conditions: [{ Field: 'path-pattern', Values: [path] }],
    Actions: forwardTo([[tg, 1]]),
  });

test('DeleteTargetGroup is refused while a listener or rule forwards to it', async () => {
  const { blue, green, listenerArn } = await albWithTwoGroups(h);
  const preview = await createTargetGroup(h, 'pr-42');
  const { Rules } = await h.elb.send(pathRule(listenerArn, 5, preview));
  for (const arn of [green, preview]) {
    expect(await errorOf(h.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })))).toMatchObject({
      name: 'ResourceInUseException',
      message: `Target group '${arn}' is currently in use by a listener or a rule`,
    });
  }
  await h.elb.send(new DeleteRuleCommand({ RuleArn: Rules![0].RuleArn }));
  await h.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: preview }));
  expect(await errorOf(h.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: preview })))).toMatchObject({
    name: 'TargetGroupNotFoundException',
  });
  expect(await errorOf(h.elb.send(new DeleteRuleCommand({ RuleArn: Rules![0].RuleArn })))).toMatchObject({
    name: 'RuleNotFoundException',
    message: 'One or more rules not found',
  });
  // Once the listener forwards elsewhere, green is free (the check reads the latest actions, not the lagging view).
  await h.elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forwardTo([[blue, 1]]) }));
  await h.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: green }));
});

test('the default rule cannot be deleted; DeleteListener takes its rules; DeleteLoadBalancer its listeners and succeeds again', async () => {
  const { lb, blue, listenerArn } = await albWithTwoGroups(h);
  const { Rules } = await h.elb.send(pathRule(listenerArn, 1, blue));
  const all = await h.elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn }));
  const defaultRule = all.Rules!.find((r) => r.IsDefault)!;
  expect(await errorOf(h.elb.send(new DeleteRuleCommand({ RuleArn: defaultRule.RuleArn })))).toMatchObject({
    name: 'OperationNotPermittedException',
  });
  await h.elb.send(new DeleteListenerCommand({ ListenerArn: listenerArn }));
  expect(await errorOf(h.elb.send(new DescribeRulesCommand({ RuleArns: [Rules![0].RuleArn!] })))).toMatchObject({
    name: 'RuleNotFoundException',
  });
  expect(await errorOf(h.elb.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] })))).toMatchObject({
    name: 'ListenerNotFoundException',
    message: 'One or more listeners not found',
  });
  const again = await h.elb.send(
    new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'HTTP', Port: 80, DefaultActions: forwardTo([[blue, 1]]) }),
  );
  await h.elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
  await h.elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
  expect(elbState(h.sim.world).listeners.has(again.Listeners![0].ListenerArn!)).toBe(false);
  expect(elbState(h.sim.world).rules.size).toBe(0);
  const { TargetGroups } = await h.elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [blue] }));
  expect(TargetGroups![0].LoadBalancerArns).toEqual([]);
});

test('priorities: 1 to 50000, unique per listener (PriorityInUse); SetRulePriorities is atomic', async () => {
  const { blue, listenerArn } = await albWithTwoGroups(h);
  for (const bad of [0, 50001]) expect((await errorOf(h.elb.send(pathRule(listenerArn, bad, blue)))).name).toBe('ValidationError');
  const one = (await h.elb.send(pathRule(listenerArn, 1, blue))).Rules![0].RuleArn!;
  const two = (await h.elb.send(pathRule(listenerArn, 2, blue))).Rules![0].RuleArn!;
  const three = (await h.elb.send(pathRule(listenerArn, 50000, blue))).Rules![0].RuleArn!;
  expect(await errorOf(h.elb.send(pathRule(listenerArn, 2, blue, '/other')))).toMatchObject({
    name: 'PriorityInUseException',
    message: "Priority '2' is currently in use",
  });
  const priorities = async () =>
    (await h.elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules!.map((r) => [r.RuleArn, r.Priority]);
  const before = await priorities();
  // Moving 1 to 50000 clashes with a rule that does not move: nothing changes, not even rule two.
  const clash = h.elb.send(
    new SetRulePrioritiesCommand({
      RulePriorities: [
        { RuleArn: two, Priority: 7 },
        { RuleArn: one, Priority: 50000 },
      ],
    }),
  );
  expect((await errorOf(clash)).name).toBe('PriorityInUseException');
  expect(await priorities()).toEqual(before);
  // Swapping is fine: both move at once.
  const swapped = await h.elb.send(
    new SetRulePrioritiesCommand({
      RulePriorities: [
        { RuleArn: one, Priority: 2 },
        { RuleArn: two, Priority: 1 },
      ],
    }),
  );
  expect(swapped.Rules!.map((r) => r.Priority)).toEqual(['2', '1']);
  expect((await priorities()).map(([arn]) => arn)).toEqual([two, one, three, expect.stringContaining(':listener-rule/')]);
});

test('at most 100 rules per load balancer (TooManyRules), 5 condition values per rule, one host-header condition', async () => {
  const { blue, listenerArn } = await albWithTwoGroups(h);
  const conditions = (values: number): RuleCondition[] => [
    { Field: 'host-header', HostHeaderConfig: { Values: Array.from({ length: Math.min(values, 3) }, (_, i) => `h${i}.example.com`) } },
    ...(values > 3 ? [{ Field: 'path-pattern', Values: Array.from({ length: values - 3 }, (_, i) => `/p${i}`) }] : []),
  ];
  const rule = (priority: number, c: RuleCondition[]) =>
    h.elb.send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority: priority, Conditions: c, Actions: forwardTo([[blue, 1]]) }));
  expect((await errorOf(rule(1, conditions(6)))).name).toBe('ValidationError');
  await rule(1, conditions(5));
  expect(
    (
      await errorOf(
        rule(2, [
          { Field: 'host-header', Values: ['a.example.com'] },
          { Field: 'host-header', Values: ['b.example.com'] },
        ]),
      )
    ).name,
  ).toBe('ValidationError');
  expect((await errorOf(rule(2, []))).name).toBe('ValidationError');
  for (let p = 2; p <= 100; p += 1) await h.elb.send(pathRule(listenerArn, p, blue));
  expect(await errorOf(h.elb.send(pathRule(listenerArn, 101, blue)))).toMatchObject({ name: 'TooManyRulesException' });
  expect(elbState(h.sim.world).rules.size).toBe(101); // 100 and the default rule
});

test('at most 100 unique target groups per load balancer across its listeners and rules', async () => {
  const { listenerArn } = await albWithTwoGroups(h);
  const groups: string[] = [];
  for (let i = 0; i < 99; i += 1) groups.push(await createTargetGroup(h, `g-${i}`));
  for (let i = 0; i < 98; i += 1) await h.elb.send(pathRule(listenerArn, i + 1, groups[i]));
  expect(await errorOf(h.elb.send(pathRule(listenerArn, 99, groups[98])))).toMatchObject({
    name: 'TooManyUniqueTargetGroupsPerLoadBalancerException',
  });
});

test('tags on load balancers, target groups, listeners and rules: Tags on create, AddTags, RemoveTags, DescribeTags', async () => {
  const { lb, blue, listenerArn } = await albWithTwoGroups(h);
  const tagged = await createTargetGroup(h, 'pr-7', { Tags: [{ Key: 'pr', Value: '7' }] });
  const rule = (
    await h.elb.send(
      new CreateRuleCommand({
        ListenerArn: listenerArn,
        Priority: 7,
        Conditions: [{ Field: 'host-header', Values: ['pr-7.example.com'] }],
        Actions: forwardTo([[tagged, 1]]),
        Tags: [{ Key: 'pr', Value: '7' }],
      }),
    )
  ).Rules![0].RuleArn!;
  await h.elb.send(new AddTagsCommand({ ResourceArns: [lb.LoadBalancerArn!, blue, listenerArn], Tags: [{ Key: 'team', Value: 'web' }] }));
  await h.elb.send(
    new AddTagsCommand({
      ResourceArns: [blue],
      Tags: [
        { Key: 'team', Value: 'api' },
        { Key: 'env', Value: 'prod' },
      ],
    }),
  );
  await h.elb.send(new RemoveTagsCommand({ ResourceArns: [blue], TagKeys: ['env'] }));
  const { TagDescriptions } = await h.elb.send(
    new DescribeTagsCommand({ ResourceArns: [lb.LoadBalancerArn!, blue, listenerArn, tagged, rule] }),
  );
  expect(TagDescriptions).toEqual([
    { ResourceArn: lb.LoadBalancerArn, Tags: [{ Key: 'team', Value: 'web' }] },
    { ResourceArn: blue, Tags: [{ Key: 'team', Value: 'api' }] },
    { ResourceArn: listenerArn, Tags: [{ Key: 'team', Value: 'web' }] },
    { ResourceArn: tagged, Tags: [{ Key: 'pr', Value: '7' }] },
    { ResourceArn: rule, Tags: [{ Key: 'pr', Value: '7' }] },
  ]);
  expect(await errorOf(h.elb.send(new AddTagsCommand({ ResourceArns: [blue], Tags: [{ Key: 'a' }, { Key: 'a' }] })))).toMatchObject({
    name: 'DuplicateTagKeysException',
  });
  const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  expect(await errorOf(h.elb.send(new AddTagsCommand({ ResourceArns: [blue], Tags: many })))).toMatchObject({
    name: 'TooManyTagsException',
  });
  expect(await errorOf(h.elb.send(new DescribeTagsCommand({ ResourceArns: [rule + '0'] })))).toMatchObject({
    name: 'RuleNotFoundException',
  });
});

test('DescribeRules and DescribeTargetGroups page with Marker and PageSize', async () => {
  const { blue, listenerArn } = await albWithTwoGroups(h);
  for (let p = 1; p <= 4; p += 1) await h.elb.send(pathRule(listenerArn, p, blue));
  const seen: string[] = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    const page = await h.elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn, PageSize: 2, Marker: marker }));
    seen.push(...page.Rules!.map((r) => r.Priority!));
    marker = page.NextMarker;
    pages += 1;
  } while (marker);
  expect(seen).toEqual(['1', '2', '3', '4', 'default']);
  expect(pages).toBe(3);
  const first = await h.elb.send(new DescribeTargetGroupsCommand({ PageSize: 1 }));
  expect(first.TargetGroups).toHaveLength(1);
  const second = await h.elb.send(new DescribeTargetGroupsCommand({ PageSize: 1, Marker: first.NextMarker }));
  expect(second.TargetGroups![0].TargetGroupArn).not.toBe(first.TargetGroups![0].TargetGroupArn);
  expect(second.NextMarker).toBeUndefined();
  expect((await errorOf(h.elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn, PageSize: 401 })))).name).toBe('ValidationError');
});

test('elbCreateLagMs: a new target group or rule is not found by reads until the lag passes', async () => {
  const { listenerArn, blue } = await albWithTwoGroups(h);
  setModes(h.sim.world, { elbCreateLagMs: 60_000 });
  const { TargetGroups } = await h.elb.send(
    new CreateTargetGroupCommand({ Name: 'late', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1', TargetType: 'ip' }),
  );
  const late = TargetGroups![0].TargetGroupArn!;
  expect((await errorOf(h.elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [late] })))).name).toBe(
    'TargetGroupNotFoundException',
  );
  expect((await errorOf(h.elb.send(new DescribeTagsCommand({ ResourceArns: [late] })))).name).toBe('TargetGroupNotFoundException');
  const rule = (await h.elb.send(pathRule(listenerArn, 3, blue))).Rules![0].RuleArn!;
  const listed = await h.elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn }));
  expect(listed.Rules!.map((r) => r.RuleArn)).not.toContain(rule);
  // Writes see it at once: the rule can be modified although reads do not show it yet.
  await h.elb.send(new ModifyRuleCommand({ RuleArn: rule, Actions: forwardTo([[late, 1]]) }));
  setModes(h.sim.world, { elbCreateLagMs: 0 });
  expect((await h.elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [late] }))).TargetGroups).toHaveLength(1);
});
