import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModifyListenerCommand, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { setModes } from '../../control.js';
import { elbState } from '../../services/elbv2/state.js';
import { shapeDifferences } from '../reference/shape.js';
import { waitFor } from '../ecs/helpers.js';
import { createTargetGroup, forwardTo, startElbHarness, type ElbHarness } from './helpers.js';
import { parseXml } from './xml-tree.js';

/**
 * An independent witness for ELBv2: the simulator's raw XML answers against the API Reference's
 * example responses (fixtures/aws-reference/elbv2-*.xml, each naming its page), compared by shape:
 * every element of the example must be in the answer, with lists and structures where it has them.
 */

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'aws-reference');
const fixtures = new Map(
  readdirSync(DIR)
    .filter((f) => /^elbv2-.*\.xml$/.test(f))
    .map((f) => {
      const text = readFileSync(join(DIR, f), 'utf8');
      return [/operation: elasticloadbalancing\.(\w+)/.exec(text)![1], { text, page: /page: (\S+)/.exec(text)![1] }];
    }),
);

let h: ElbHarness;
beforeAll(async () => {
  h = await startElbHarness();
});
afterAll(() => h.sim.stop());

/** One call as the SDK sends it (form-encoded, signed for elasticloadbalancing), answered as raw XML. */
async function call(action: string, params: Record<string, string | number>): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new URLSearchParams({ Action: action, Version: '2015-12-01' });
  for (const [key, value] of Object.entries(params)) form.set(key, String(value));
  const response = await fetch(h.sim.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIASIMULATOR0000001/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: form.toString(),
  });
  return { status: response.status, body: parseXml(await response.text()) };
}

async function expectSameShape(operation: string, params: Record<string, string | number>): Promise<Record<string, any>> {
  const fixture = fixtures.get(operation)!;
  expect(fixture).toBeDefined();
  const answer = await call(operation, params);
  expect(answer.status).toBe(200);
  const example = parseXml(fixture.text);
  const result = `${operation}Response`;
  expect({ operation, page: fixture.page, differences: shapeDifferences(example[result], answer.body[result]) }).toEqual({
    operation,
    page: fixture.page,
    differences: [],
  });
  return (answer.body[result] as any)[`${operation}Result`];
}

test('every ELBv2 fixture names its API Reference page and is checked below', () => {
  expect([...fixtures.keys()].sort()).toEqual(
    [
      'CreateListener',
      'CreateLoadBalancer',
      'CreateRule',
      'CreateTargetGroup',
      'DescribeListeners',
      'DescribeLoadBalancers',
      'DescribeRules',
      'DescribeTags',
      'DescribeTargetGroupAttributes',
      'DescribeTargetGroups',
      'DescribeTargetHealth',
      'ModifyListener',
      'ModifyRule',
      'ModifyTargetGroupAttributes',
    ].sort(),
  );
  for (const { page } of fixtures.values())
    expect(page).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/elasticloadbalancing\/latest\/APIReference\/API_\w+\.html$/);
});

test('the shape check fails on an answer that lacks what the example has', () => {
  const example = parseXml(fixtures.get('DescribeRules')!.text);
  const broken = structuredClone(example) as any;
  delete broken.DescribeRulesResponse.DescribeRulesResult.Rules[0].IsDefault;
  expect(shapeDifferences(example.DescribeRulesResponse, broken.DescribeRulesResponse)).toEqual([
    { path: 'DescribeRulesResult.Rules[].IsDefault', problem: 'missing (the example has a string)' },
  ]);
});

test('ELBv2 answers have the shape of the API Reference examples', async () => {
  const lb = (await expectSameShape('CreateLoadBalancer', {
    Name: 'my-load-balancer',
    'Subnets.member.1': 'subnet-b7d581c0',
    'Subnets.member.2': 'subnet-8360a9e7',
    'SecurityGroups.member.1': 'sg-5943793c',
  })) as any;
  const lbArn = lb.LoadBalancers[0].LoadBalancerArn;
  elbState(h.sim.world).loadBalancers.get(lbArn)!.createdTime = new Date(0); // provisioned: DescribeLoadBalancers says active
  const described = await expectSameShape('DescribeLoadBalancers', { 'LoadBalancerArns.member.1': lbArn });
  expect((described as any).LoadBalancers[0].State.Code).toBe('active');
  const tg = (await expectSameShape('CreateTargetGroup', { Name: 'my-targets', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-3ac0fb5f' })) as any;
  const tgArn = tg.TargetGroups[0].TargetGroupArn;
  const listener = (await expectSameShape('CreateListener', {
    LoadBalancerArn: lbArn,
    Protocol: 'HTTP',
    Port: 80,
    'DefaultActions.member.1.Type': 'forward',
    'DefaultActions.member.1.TargetGroupArn': tgArn,
  })) as any;
  const listenerArn = listener.Listeners[0].ListenerArn;
  await expectSameShape('DescribeListeners', { 'ListenerArns.member.1': listenerArn });
  await expectSameShape('DescribeTargetGroups', { 'TargetGroupArns.member.1': tgArn });
  const rule = (await expectSameShape('CreateRule', {
    ListenerArn: listenerArn,
    Priority: 10,
    'Conditions.member.1.Field': 'path-pattern',
    'Conditions.member.1.Values.member.1': '/img/*',
    'Actions.member.1.Type': 'forward',
    'Actions.member.1.TargetGroupArn': tgArn,
  })) as any;
  const ruleArn = rule.Rules[0].RuleArn;
  await expectSameShape('DescribeRules', { 'RuleArns.member.1': ruleArn });
  await expectSameShape('ModifyRule', {
    RuleArn: ruleArn,
    'Conditions.member.1.Field': 'path-pattern',
    'Conditions.member.1.Values.member.1': '/images/*',
  });
  const newTargets = await createTargetGroup(h, 'my-new-targets', { Port: 80 });
  await expectSameShape('ModifyListener', {
    ListenerArn: listenerArn,
    'DefaultActions.member.1.Type': 'forward',
    'DefaultActions.member.1.TargetGroupArn': newTargets,
  });
  setModes(h.sim.world, { weightApplyMs: 0 });
  await h.elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forwardTo([[tgArn, 1]]) }));
  await h.elb.send(new RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: 'i-0f76fade', Port: 80 }] }));
  await waitFor(
    () => call('DescribeTargetHealth', { TargetGroupArn: tgArn }),
    (a: any) =>
      a.body.DescribeTargetHealthResponse.DescribeTargetHealthResult.TargetHealthDescriptions[0]?.TargetHealth.State === 'healthy',
  );
  await expectSameShape('DescribeTargetHealth', {
    TargetGroupArn: tgArn,
    'Targets.member.1.Id': 'i-0f76fade',
    'Targets.member.1.Port': 80,
  });
  await expectSameShape('DescribeTargetGroupAttributes', { TargetGroupArn: tgArn });
  await expectSameShape('ModifyTargetGroupAttributes', {
    TargetGroupArn: tgArn,
    'Attributes.member.1.Key': 'deregistration_delay.timeout_seconds',
    'Attributes.member.1.Value': '600',
  });
  await call('AddTags', { 'ResourceArns.member.1': lbArn, 'Tags.member.1.Key': 'project', 'Tags.member.1.Value': 'lima' });
  await expectSameShape('DescribeTags', { 'ResourceArns.member.1': lbArn });
});

test('errors come in ELBv2 XML error shape with its codes', async () => {
  const answer = await call('DescribeTargetGroups', { 'Names.member.1': 'missing' });
  expect(answer).toEqual({
    status: 400,
    body: {
      ErrorResponse: {
        Error: { Type: 'Sender', Code: 'TargetGroupNotFound', Message: 'One or more target groups not found' },
        RequestId: expect.any(String),
      },
    },
  });
});
