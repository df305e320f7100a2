import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import { canaryPercent, holdsWeights, pairWeights, withWeights } from '../../../src/elb/forward-weights.js';
import { keepingSecrets } from '../../../src/elb/listener-actions.js';
import { weightedForward } from '../../fixtures/elb-actions.js';

/** The forward action's split between two target groups: read, rewritten, every other action kept. */

const STABLE = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/api/73e2d6bc24d8a067';
const CANARY = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/api-beta/2453ed029918f21f';
const pair = { stableArn: STABLE, canaryArn: CANARY };

const cognito: Action = {
  Type: 'authenticate-cognito',
  Order: 1,
  AuthenticateCognitoConfig: {
    UserPoolArn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc',
    UserPoolClientId: 'c1',
    UserPoolDomain: 'shop',
  },
};
const singleForward: Action = {
  Type: 'forward',
  Order: 2,
  TargetGroupArn: STABLE,
  ForwardConfig: { TargetGroups: [{ TargetGroupArn: STABLE, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } },
};

test('a lone TargetGroupArn is all the traffic; weights read as the canary share', () => {
  expect(pairWeights([{ Type: 'forward', TargetGroupArn: STABLE }], pair)).toEqual({ stable: 1, canary: 0 });
  expect(canaryPercent({ stable: 3, canary: 1 })).toBe(25);
  expect(canaryPercent({ stable: 0, canary: 0 })).toBe(0);
});

test('a forward to a group that is neither side is refused; one weighted 0 is not', () => {
  const other = STABLE.replace('api/', 'web/');
  expect(() => pairWeights([{ Type: 'forward', TargetGroupArn: other }], pair)).toThrow(/target group web, which is neither/);
  const zero = weightedForward([
    [STABLE, 5],
    [other, 0],
  ]);
  expect(pairWeights([zero], pair)).toEqual({ stable: 5, canary: 0 });
  expect(() => pairWeights([{ Type: 'fixed-response' }], pair)).toThrow('no forward action (fixed-response)');
});

test('rewriting keeps every other action and the forward order, drops TargetGroupArn, keeps stickiness', () => {
  const actions = [cognito, singleForward];
  const written = withWeights(actions, pair, { stable: 90, canary: 10 });
  expect(written[0]).toBe(cognito);
  expect(written[1]).toEqual(
    weightedForward(
      [
        [STABLE, 90],
        [CANARY, 10],
      ],
      { order: 2, stickiness: { Enabled: false } },
    ),
  );
  expect(actions[1]).toBe(singleForward);
  expect(holdsWeights(written, pair, { stable: 90, canary: 10 })).toBe(true);
  expect(holdsWeights(actions, pair, { stable: 1, canary: 0 })).toBe(false);
  const sticky = withWeights(actions, pair, { stable: 50, canary: 50 }, 3600);
  expect(sticky[1].ForwardConfig?.TargetGroupStickinessConfig).toEqual({ Enabled: true, DurationSeconds: 3600 });
});

test('an OIDC action is sent back asking ELBv2 to keep its client secret', () => {
  const oidc: Action = {
    Type: 'authenticate-oidc',
    Order: 1,
    AuthenticateOidcConfig: {
      Issuer: 'https://idp',
      AuthorizationEndpoint: 'https://idp/a',
      TokenEndpoint: 'https://idp/t',
      UserInfoEndpoint: 'https://idp/u',
      ClientId: 'c',
      ClientSecret: 'would-be-cleared',
    },
  };
  const sent = keepingSecrets(oidc);
  expect(sent.AuthenticateOidcConfig).toEqual({
    Issuer: 'https://idp',
    AuthorizationEndpoint: 'https://idp/a',
    TokenEndpoint: 'https://idp/t',
    UserInfoEndpoint: 'https://idp/u',
    ClientId: 'c',
    UseExistingClientSecret: true,
  });
  expect(keepingSecrets(cognito)).toBe(cognito);
});
