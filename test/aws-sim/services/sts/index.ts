import type { ServiceDefinition } from '../../types.js';

export const sts: ServiceDefinition = {
  signingName: 'sts',
  protocol: 'query',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  handlers: {
    GetCallerIdentity: (_input, ctx) => ({
      UserId: 'AIDASIMULATOR',
      Account: ctx.accountId,
      Arn: `arn:aws:iam::${ctx.accountId}:user/simulator`,
    }),
  },
};
