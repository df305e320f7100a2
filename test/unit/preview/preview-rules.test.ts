import type { Rule } from '@aws-sdk/client-elastic-load-balancing-v2';
import { createHostRule, freePriorities, ruleHosts } from '../../../src/elb/preview-rules.js';
import { awsError, fakeClient } from '../fake-aws.js';

const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/0123456789abcdef/0123456789abcdef';
const rule = (priority: string, host?: string): Rule => ({
  RuleArn: `${LISTENER.replace(':listener/', ':listener-rule/')}/${priority}`,
  Priority: priority,
  IsDefault: priority === 'default',
  Conditions: host ? [{ Field: 'host-header', HostHeaderConfig: { Values: [host] } }] : [],
});

test('free priorities are the band less those taken, lowest first; the default rule takes none', () => {
  const rules = [rule('default'), rule('10'), rule('20000'), rule('20002')];
  expect(freePriorities(rules, { first: 20000, last: 20004 })).toEqual([20001, 20003, 20004]);
  expect(freePriorities(rules, { first: 20000, last: 20000 })).toEqual([]);
});

test('hosts of either condition form are read, lower-cased', () => {
  expect(ruleHosts({ Conditions: [{ Field: 'host-header', Values: ['PR-1.Example.com'] }] })).toEqual(['pr-1.example.com']);
  expect(ruleHosts(rule('5', 'pr-2.example.com'))).toEqual(['pr-2.example.com']);
});

test('a priority taken by another run meanwhile (PriorityInUse) is skipped for the next free one', async () => {
  const taken = new Set([20000, 20001]);
  const elb = fakeClient({
    DescribeRules: () => ({ Rules: [rule('default')] }),
    CreateRule: (input) => {
      if (taken.has(input.Priority)) throw awsError('PriorityInUseException', `Priority '${input.Priority}' is currently in use`);
      return { Rules: [{ ...rule(String(input.Priority)), Priority: String(input.Priority) }] };
    },
  });
  const created = await createHostRule(elb, {
    listenerArn: LISTENER,
    host: 'pr-3.example.com',
    targetGroupArn: 'arn:tg',
    band: { first: 20000, last: 20010 },
    tags: { 'ecs-ship:preview': 'true' },
  });
  expect(created.Priority).toBe('20002');
  expect(elb.callsTo('CreateRule').map((i) => i.Priority)).toEqual([20000, 20001, 20002]);
  expect(elb.callsTo('CreateRule')[2]).toMatchObject({
    Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['pr-3.example.com'] } }],
    Actions: [{ Type: 'forward', TargetGroupArn: 'arn:tg' }],
    Tags: [{ Key: 'ecs-ship:preview', Value: 'true' }],
  });
});

test('the query-protocol spelling of the error code (PriorityInUse) counts too', async () => {
  let first = true;
  const elb = fakeClient({
    DescribeRules: () => ({ Rules: [] }),
    CreateRule: (input) => {
      if (first) {
        first = false;
        throw awsError('PriorityInUse');
      }
      return { Rules: [rule(String(input.Priority))] };
    },
  });
  const created = await createHostRule(elb, {
    listenerArn: LISTENER,
    host: 'h',
    targetGroupArn: 'tg',
    band: { first: 1, last: 3 },
    tags: {},
  });
  expect(created.Priority).toBe('2');
});

test('a full band fails naming the band, without creating anything', async () => {
  const elb = fakeClient({ DescribeRules: () => ({ Rules: [rule('1'), rule('2')] }), CreateRule: () => ({}) });
  await expect(
    createHostRule(elb, { listenerArn: LISTENER, host: 'h', targetGroupArn: 'tg', band: { first: 1, last: 2 }, tags: {} }),
  ).rejects.toThrow(/No free listener rule priority left in 1-2/);
  expect(elb.callsTo('CreateRule')).toEqual([]);
});

test('other errors (TooManyRules) are not retried', async () => {
  const elb = fakeClient({
    DescribeRules: () => ({ Rules: [] }),
    CreateRule: () => {
      throw awsError('TooManyRulesException', "You've reached the limit on the number of rules per load balancer");
    },
  });
  await expect(
    createHostRule(elb, { listenerArn: LISTENER, host: 'h', targetGroupArn: 'tg', band: { first: 1, last: 9 }, tags: {} }),
  ).rejects.toThrow(/limit on the number of rules/);
  expect(elb.callsTo('CreateRule')).toHaveLength(1);
});
