import { AwsError } from '../../errors.js';
import { el, textAt, type RestXmlInput, type RestXmlOutput, type XmlNode } from '../../protocols/rest-xml.js';
import type { RequestContext, ServiceDefinition } from '../../types.js';
import { checkDistributionConfig, malformed } from './config-rules.js';
import { cloudfrontId, cloudfrontState, findDistribution, isDeployed, storeConfig, type DistributionRecord } from './state.js';

/**
 * CloudFront (REST-XML, API version 2020-05-31). UpdateDistribution replaces the whole config and
 * needs the ETag of the config it replaces in If-Match: none is InvalidIfMatchVersion, an old one
 * PreconditionFailed. A change is InProgress for `deployMs` before it is Deployed.
 */

export const CLOUDFRONT_NAMESPACE = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';
const BASE = '/2020-05-31';

const noSuchDistribution = () => new AwsError('NoSuchDistribution', 'The specified distribution does not exist.', 404);

function distributionOrThrow(ctx: RequestContext, id: unknown): DistributionRecord {
  const record = findDistribution(ctx.world, String(id ?? ''));
  if (!record) throw noSuchDistribution();
  return record;
}

function bodyOf(input: RestXmlInput): XmlNode | undefined {
  if (input.malformedBody) throw malformed(`The XML document you provided was not well-formed: ${String(input.malformedBody)}`);
  return input.body;
}

const withNamespace = (node: XmlNode): XmlNode => ({ ...node, attributes: { xmlns: CLOUDFRONT_NAMESPACE } });
const withoutAttributes = (node: XmlNode): XmlNode => ({ ...node, attributes: {} });

function distributionElement(record: DistributionRecord): XmlNode {
  const noSigners = (name: string) => el(name, [el('Enabled', false), el('Quantity', 0)]);
  return withNamespace(
    el('Distribution', [
      el('Id', record.id),
      el('ARN', record.arn),
      el('Status', isDeployed(record) ? 'Deployed' : 'InProgress'),
      el('LastModifiedTime', new Date(record.lastModifiedMs).toISOString()),
      el('InProgressInvalidationBatches', 0),
      el('DomainName', record.domainName),
      noSigners('ActiveTrustedSigners'),
      noSigners('ActiveTrustedKeyGroups'),
      withoutAttributes(record.config),
    ]),
  );
}

const etagHeader = (record: DistributionRecord) => ({ etag: record.etag });

export const cloudfront: ServiceDefinition = {
  signingName: 'cloudfront',
  protocol: 'rest-xml',
  xmlNamespace: CLOUDFRONT_NAMESPACE,
  restRoutes: [
    { method: 'POST', path: `${BASE}/distribution`, operation: 'CreateDistribution' },
    { method: 'GET', path: `${BASE}/distribution/{Id}`, operation: 'GetDistribution' },
    { method: 'GET', path: `${BASE}/distribution/{Id}/config`, operation: 'GetDistributionConfig' },
    { method: 'PUT', path: `${BASE}/distribution/{Id}/config`, operation: 'UpdateDistribution' },
  ],
  handlers: {
    CreateDistribution(input: RestXmlInput, ctx): RestXmlOutput {
      const config = withoutAttributes(checkDistributionConfig(bodyOf(input)));
      const reference = textAt(config, 'CallerReference');
      const taken = [...cloudfrontState(ctx.world).distributions.values()].find((d) => textAt(d.config, 'CallerReference') === reference);
      if (taken) {
        throw new AwsError(
          'DistributionAlreadyExists',
          `The caller reference that you are using to create a distribution is associated with another distribution. Already exists: ${taken.id}`,
          409,
        );
      }
      const id = cloudfrontId();
      const record = storeConfig(ctx.world, {
        id,
        arn: `arn:aws:cloudfront::${ctx.world.accountId}:distribution/${id}`,
        domainName: `d${id.slice(1, 14).toLowerCase()}.cloudfront.net`,
        config,
      });
      return {
        status: 201,
        headers: { ...etagHeader(record), location: `https://cloudfront.amazonaws.com${BASE}/distribution/${id}` },
        body: distributionElement(record),
      };
    },
    GetDistribution(input: RestXmlInput, ctx): RestXmlOutput {
      const record = distributionOrThrow(ctx, input.Id);
      return { headers: etagHeader(record), body: distributionElement(record) };
    },
    GetDistributionConfig(input: RestXmlInput, ctx): RestXmlOutput {
      const record = distributionOrThrow(ctx, input.Id);
      return { headers: etagHeader(record), body: withNamespace(record.config) };
    },
    UpdateDistribution(input: RestXmlInput, ctx): RestXmlOutput {
      const record = distributionOrThrow(ctx, input.Id);
      const ifMatch = ctx.headers['if-match'];
      if (typeof ifMatch !== 'string' || !ifMatch) {
        throw new AwsError('InvalidIfMatchVersion', 'The If-Match version is missing or not valid for the resource.');
      }
      if (ifMatch !== record.etag) {
        throw new AwsError(
          'PreconditionFailed',
          'The precondition given in one or more of the request-header fields evaluated to false.',
          412,
        );
      }
      const config = withoutAttributes(checkDistributionConfig(bodyOf(input)));
      if (textAt(config, 'CallerReference') !== textAt(record.config, 'CallerReference')) {
        throw new AwsError('IllegalUpdate', 'Origin and CallerReference cannot be updated.');
      }
      const updated = storeConfig(ctx.world, { id: record.id, arn: record.arn, domainName: record.domainName, config });
      return { headers: etagHeader(updated), body: distributionElement(updated) };
    },
  },
};
