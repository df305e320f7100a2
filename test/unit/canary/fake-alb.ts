import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import { oidcAuthenticate } from '../../fixtures/elb-actions.js';
import { awsError, fakeClient } from '../fake-aws.js';
import { fakeClock } from '../wait/fake-clock.js';

/**
 * A listener rule, two target groups and some alarms behind fake ELBv2 and CloudWatch clients on
 * a fake clock: a written action list is answered only `applyMs` after it was written, as the ALB
 * applies changes in batches. Tests change health and alarm states at chosen moments.
 */
export const REGION_ARN = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012';
export const LISTENER = `${REGION_ARN}:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2`;
export const RULE = `${REGION_ARN}:listener-rule/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`;
export const STABLE = `${REGION_ARN}:targetgroup/api/73e2d6bc24d8a067`;
export const CANARY = `${REGION_ARN}:targetgroup/api-beta/2453ed029918f21f`;

export const AUTHENTICATE: Action = oidcAuthenticate({ ClientId: 'shop', OnUnauthenticatedRequest: 'authenticate' });

export interface FakeAlbOptions {
  actions?: Action[];
  applyMs?: number;
  alarms?: Record<string, 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'>;
}

export function fakeAlb(options: FakeAlbOptions = {}) {
  const clock = fakeClock(1_000_000);
  const applyMs = options.applyMs ?? 0;
  const versions: Array<{ actions: Action[]; at: number }> = [
    { actions: options.actions ?? [AUTHENTICATE, { Type: 'forward', Order: 2, TargetGroupArn: STABLE }], at: 0 },
  ];
  const health: Record<string, Array<{ id: string; state: string; reason?: string; description?: string }>> = {
    [STABLE]: [{ id: '10.0.0.1', state: 'healthy' }],
    [CANARY]: [
      { id: '10.0.1.1', state: 'healthy' },
      { id: '10.0.1.2', state: 'healthy' },
    ],
  };
  const alarms = { ...(options.alarms ?? {}) };
  /** Hooks run at each DescribeTargetHealth (once per gate reading): tests change states here. */
  const onRead: Array<(reading: number) => void> = [];
  let readings = 0;
  const applied = () => [...versions].reverse().find((v) => v.at <= clock.now() - applyMs) ?? versions[0];
  const groups = { [STABLE]: 'api', [CANARY]: 'api-beta' } as Record<string, string>;
  const elbv2 = fakeClient({
    DescribeTargetGroups: (input) => {
      const arn = input.TargetGroupArns?.[0] ?? Object.keys(groups).find((key) => groups[key] === input.Names?.[0]);
      if (!arn || !groups[arn]) throw awsError('TargetGroupNotFoundException', 'One or more target groups not found');
      return { TargetGroups: [{ TargetGroupArn: arn, TargetGroupName: groups[arn] }] };
    },
    DescribeRules: (input) => {
      if (input.RuleArns?.[0] !== RULE) throw awsError('RuleNotFoundException', 'One or more rules not found');
      return { Rules: [{ RuleArn: RULE, Priority: '10', IsDefault: false, Conditions: [], Actions: structuredClone(applied().actions) }] };
    },
    ModifyRule: (input) => {
      versions.push({ actions: structuredClone(input.Actions), at: clock.now() });
      return { Rules: [] };
    },
    DescribeTargetHealth: (input) => {
      readings += 1;
      for (const hook of onRead) hook(readings);
      return {
        TargetHealthDescriptions: health[input.TargetGroupArn].map((t) => ({
          Target: { Id: t.id, Port: 8080 },
          TargetHealth: { State: t.state, Reason: t.reason, Description: t.description },
        })),
      };
    },
  });
  const cloudwatch = fakeClient({
    DescribeAlarms: (input) => ({
      MetricAlarms: (input.AlarmNames as string[])
        .filter((name) => alarms[name])
        .map((name) => ({
          AlarmName: name,
          StateValue: alarms[name],
          StateReason: alarms[name] === 'ALARM' ? 'Threshold Crossed: 1 datapoint [12.0] was greater than 5.0' : 'ok',
        })),
      CompositeAlarms: [],
    }),
  });
  /** The canary's weight in each ModifyRule, in order. */
  const writtenCanary = () =>
    elbv2.callsTo('ModifyRule').map((input) => {
      const forward = (input.Actions as Action[]).find((a) => a.Type === 'forward');
      return forward?.ForwardConfig?.TargetGroups?.find((g) => g.TargetGroupArn === CANARY)?.Weight;
    });
  return {
    clock,
    elbv2,
    cloudwatch,
    health,
    alarms,
    onRead,
    versions,
    writtenCanary,
    mutations: () => elbv2.names().filter((n) => n.startsWith('Modify')),
  };
}
