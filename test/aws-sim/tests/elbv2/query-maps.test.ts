import { CreateRuleCommand, DescribeRulesCommand, ModifyRuleCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbState } from '../../services/elbv2/state.js';
import { albWithTwoGroups, startElbHarness, type ElbHarness } from './helpers.js';

/** awsQuery maps (`Name.entry.N.key` / `.value` in, `<Name><entry><key/><value/></entry></Name>` out). */

let h: ElbHarness;
beforeEach(async () => {
  h = await startElbHarness();
});
afterEach(() => h.sim.stop());

const oidc = (extra?: Record<string, string>) => ({
  Issuer: 'https://idp.example.com',
  AuthorizationEndpoint: 'https://idp.example.com/authorize',
  TokenEndpoint: 'https://idp.example.com/token',
  UserInfoEndpoint: 'https://idp.example.com/userinfo',
  ClientId: 'client-1',
  ClientSecret: 'secret-1',
  ...(extra ? { AuthenticationRequestExtraParams: extra } : {}),
});

test('an OIDC action keeps its AuthenticationRequestExtraParams map through create, describe and modify', async () => {
  const { listenerArn, blue } = await albWithTwoGroups(h);
  const params = { prompt: 'login', display: 'page', 'ui.locales': 'fr & en' };
  const { Rules } = await h.elb.send(
    new CreateRuleCommand({
      ListenerArn: listenerArn,
      Priority: 5,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/app/*'] } }],
      Actions: [
        { Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: oidc(params) },
        { Type: 'forward', Order: 2, TargetGroupArn: blue },
      ],
    }),
  );
  const ruleArn = Rules![0].RuleArn!;
  expect(Rules![0].Actions![0].AuthenticateOidcConfig!.AuthenticationRequestExtraParams).toEqual(params);
  // Stored as a plain map, not as the wire's entry/key/value shape.
  const stored = elbState(h.sim.world).rules.get(ruleArn)!.actions.at(-1)!.actions[0];
  expect(stored.AuthenticateOidcConfig.AuthenticationRequestExtraParams).toEqual(params);

  const described = (await h.elb.send(new DescribeRulesCommand({ RuleArns: [ruleArn] }))).Rules![0];
  expect(described.Actions![0].AuthenticateOidcConfig!.AuthenticationRequestExtraParams).toEqual(params);

  const { ClientSecret: _secret, ...kept } = oidc({ prompt: 'consent' });
  // ModifyRule answers the new actions (DescribeRules shows them only once applied).
  const modified = await h.elb.send(
    new ModifyRuleCommand({
      RuleArn: ruleArn,
      Actions: [
        { Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: { ...kept, UseExistingClientSecret: true } },
        { Type: 'forward', Order: 2, TargetGroupArn: blue },
      ],
    }),
  );
  expect(modified.Rules![0].Actions![0].AuthenticateOidcConfig!.AuthenticationRequestExtraParams).toEqual({ prompt: 'consent' });
});

test('an OIDC action without extra params describes none', async () => {
  const { listenerArn, blue } = await albWithTwoGroups(h);
  const { Rules } = await h.elb.send(
    new CreateRuleCommand({
      ListenerArn: listenerArn,
      Priority: 6,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/b/*'] } }],
      Actions: [
        { Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: oidc() },
        { Type: 'forward', Order: 2, TargetGroupArn: blue },
      ],
    }),
  );
  expect(Rules![0].Actions![0].AuthenticateOidcConfig!.AuthenticationRequestExtraParams).toBeUndefined();
});
