import { AwsError } from '../../errors.js';
import { child, textAt, type XmlNode } from '../../protocols/rest-xml.js';

/**
 * What CloudFront checks in a DistributionConfig before storing it: the required members, and that
 * every list's Quantity equals its number of Items (CloudFront refuses a config whose counts disagree).
 */

const REQUIRED = ['CallerReference', 'Origins', 'DefaultCacheBehavior', 'Comment', 'Enabled'];

export const malformed = (message: string) => new AwsError('MalformedInput', message);
export const invalidArgument = (message: string) => new AwsError('InvalidArgument', message);

export function checkDistributionConfig(config: XmlNode | undefined): XmlNode {
  if (!config || config.name !== 'DistributionConfig') {
    throw malformed(`Unexpected element, expected DistributionConfig${config ? `, got ${config.name}` : ''}.`);
  }
  for (const member of REQUIRED) {
    if (!child(config, member)) throw malformed(`Missing required element ${member} in DistributionConfig.`);
  }
  checkQuantities(config, 'DistributionConfig');
  const origins = child(child(config, 'Origins'), 'Items')?.children ?? [];
  if (!origins.length) throw invalidArgument('The parameter Origins must contain at least one origin.');
  const ids = origins.map((origin) => textAt(origin, 'Id') ?? '');
  const target = textAt(config, 'DefaultCacheBehavior', 'TargetOriginId');
  if (!ids.includes(target ?? '')) {
    throw new AwsError('NoSuchOrigin', `One or more of your origins or origin groups do not exist: ${target ?? ''}.`, 404);
  }
  return config;
}

function checkQuantities(node: XmlNode, path: string): void {
  const quantity = child(node, 'Quantity');
  if (quantity) {
    const items = child(node, 'Items')?.children.length ?? 0;
    if (!/^\d+$/.test(quantity.text) || Number(quantity.text) !== items) {
      throw invalidArgument(`The parameter Quantity of ${path} (${quantity.text}) does not match the number of Items (${items}).`);
    }
  }
  for (const member of node.children) checkQuantities(member, `${path}.${member.name}`);
}
