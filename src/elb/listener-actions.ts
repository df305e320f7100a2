import {
  type Action,
  DescribeListenersCommand,
  DescribeRulesCommand,
  type ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyRuleCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { isElbError } from './error-code.js';
import { invalidSetting } from '../inputs/setting-error.js';

/**
 * The action list of a listener's default action or of one of its rules: read, and written back
 * whole. ModifyRule and ModifyListener replace every action at once, so a change to one action is
 * a write of all of them; only the actions are sent, so a rule's conditions, priority and tags
 * are never touched.
 */

export type Elbv2 = Pick<ElasticLoadBalancingV2Client, 'send'>;

/** Where traffic is split: a listener's default action, or one of its rules. */
export interface ActionSite {
  listenerArn: string;
  ruleArn?: string;
}

export interface SiteActions {
  actions: Action[];
  /** Where the list is written: a default rule's actions are the listener's default actions. */
  writeTo: { listenerArn: string } | { ruleArn: string };
}

export async function readSiteActions(elbv2: Elbv2, site: ActionSite): Promise<SiteActions> {
  if (site.ruleArn) {
    const rules = await elbv2
      .send(new DescribeRulesCommand({ RuleArns: [site.ruleArn] }))
      .catch(notFound('RuleNotFound', 'ruleArn', site.ruleArn, 'a rule that exists in this account and region'));
    const rule = rules.Rules?.[0];
    if (rule && !rule.IsDefault) return { actions: rule.Actions ?? [], writeTo: { ruleArn: site.ruleArn } };
  }
  const listeners = await elbv2
    .send(new DescribeListenersCommand({ ListenerArns: [site.listenerArn] }))
    .catch(notFound('ListenerNotFound', 'listenerArn', site.listenerArn, 'a listener that exists in this account and region'));
  return { actions: listeners.Listeners?.[0]?.DefaultActions ?? [], writeTo: { listenerArn: site.listenerArn } };
}

/** Writes a whole action list (from readSiteActions, changed) back where it was read. */
export async function writeSiteActions(elbv2: Elbv2, site: SiteActions, actions: Action[]): Promise<void> {
  const sendable = actions.map(keepingSecrets);
  if ('ruleArn' in site.writeTo) await elbv2.send(new ModifyRuleCommand({ RuleArn: site.writeTo.ruleArn, Actions: sendable }));
  else await elbv2.send(new ModifyListenerCommand({ ListenerArn: site.writeTo.listenerArn, DefaultActions: sendable }));
}

/**
 * An action as it is sent back. Describe calls never return an OIDC client secret, and a write
 * without one would be refused (or clear it), so the action asks ELBv2 to keep the secret it has.
 */
export function keepingSecrets(action: Action): Action {
  if (!action.AuthenticateOidcConfig) return action;
  const { ClientSecret: _unsent, ...config } = action.AuthenticateOidcConfig;
  return { ...action, AuthenticateOidcConfig: { ...config, UseExistingClientSecret: true } };
}

/** ELBv2 says "One or more listeners not found": the setting that named it says which. */
export function notFound(code: string, setting: string, value: string, expected: string) {
  return (error: unknown): never => {
    if (isElbError(error, code)) throw invalidSetting(setting, value, expected);
    throw error;
  };
}
