import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';

/**
 * A small Docker Registry HTTP API v2 client for tests and the ECR simulator: tags, manifests
 * (OCI and Docker v2, single-platform and indexes) and blobs, over node https with the test CA.
 */
export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
} as const;

export const MANIFEST_ACCEPT = [MEDIA_TYPES.ociManifest, MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerManifest, MEDIA_TYPES.dockerList].join(
  ', ',
);

export interface RegistryAccess {
  url: string;
  username: string;
  password: string;
  caFile: string;
}

export interface Manifest {
  digest: string;
  mediaType: string;
  size: number;
  /** The manifest bytes exactly as stored (a digest is over these bytes). */
  body: string;
}

export class RegistryApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export const sha256 = (data: string | Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export class RegistryClient {
  private readonly ca: Buffer;
  private readonly auth: string;

  constructor(private readonly access: RegistryAccess) {
    this.ca = readFileSync(access.caFile);
    this.auth = `Basic ${Buffer.from(`${access.username}:${access.password}`).toString('base64')}`;
  }

  /** Tags of a repository, sorted; [] when the repository has none or does not exist yet. */
  async listTags(repository: string): Promise<string[]> {
    const tags: string[] = [];
    let path: string | undefined = `/v2/${repository}/tags/list?n=1000`;
    while (path) {
      const res = await this.call('GET', path);
      if (res.status === 404) return [];
      this.expect(res, [200], `list tags of ${repository}`);
      tags.push(...((JSON.parse(res.body.toString()).tags as string[] | null) ?? []));
      path = nextLink(res.headers.link);
    }
    return tags.sort();
  }

  /** Digest, media type and size of a manifest (HEAD), or undefined when the tag or digest is unknown. */
  async headManifest(repository: string, reference: string): Promise<Omit<Manifest, 'body'> | undefined> {
    const res = await this.call('HEAD', `/v2/${repository}/manifests/${reference}`, { accept: MANIFEST_ACCEPT });
    if (res.status === 404) return undefined;
    this.expect(res, [200], `HEAD manifest ${repository}:${reference}`);
    return {
      digest: String(res.headers['docker-content-digest']),
      mediaType: String(res.headers['content-type']),
      size: Number(res.headers['content-length']),
    };
  }

  /** The manifest as stored, or undefined when the tag or digest is unknown. */
  async getManifest(repository: string, reference: string): Promise<Manifest | undefined> {
    const res = await this.call('GET', `/v2/${repository}/manifests/${reference}`, { accept: MANIFEST_ACCEPT });
    if (res.status === 404) return undefined;
    this.expect(res, [200], `GET manifest ${repository}:${reference}`);
    return {
      digest: sha256(res.body),
      mediaType: String(res.headers['content-type']),
      size: res.body.length,
      body: res.body.toString('utf8'),
    };
  }

  /** Stores a manifest under a tag (or its digest); returns the digest the registry computed. */
  async putManifest(o: { repository: string; reference: string; body: string; mediaType?: string }): Promise<string> {
    const mediaType = o.mediaType ?? (JSON.parse(o.body).mediaType as string | undefined) ?? MEDIA_TYPES.ociManifest;
    const res = await this.call('PUT', `/v2/${o.repository}/manifests/${o.reference}`, {
      'content-type': mediaType,
      body: Buffer.from(o.body, 'utf8'),
    });
    this.expect(res, [201], `PUT manifest ${o.repository}:${o.reference}`);
    return String(res.headers['docker-content-digest']);
  }

  /** Deletes a manifest by digest (every tag pointing at it goes with it). */
  async deleteManifest(repository: string, digest: string): Promise<boolean> {
    const res = await this.call('DELETE', `/v2/${repository}/manifests/${digest}`);
    if (res.status === 404) return false;
    this.expect(res, [202], `DELETE manifest ${repository}@${digest}`);
    return true;
  }

  /** Uploads a blob (monolithic) unless the registry already has it; returns its digest. */
  async pushBlob(repository: string, data: Buffer | string): Promise<string> {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
    const digest = sha256(bytes);
    const head = await this.call('HEAD', `/v2/${repository}/blobs/${digest}`);
    if (head.status === 200) return digest;
    const start = await this.call('POST', `/v2/${repository}/blobs/uploads/`, { body: Buffer.alloc(0) });
    this.expect(start, [202], `start blob upload to ${repository}`);
    const location = new URL(String(start.headers.location), this.access.url);
    location.searchParams.set('digest', digest);
    const put = await this.call('PUT', location.pathname + location.search, {
      'content-type': 'application/octet-stream',
      body: bytes,
    });
    this.expect(put, [201], `upload blob ${digest} to ${repository}`);
    return digest;
  }

  /** A blob's bytes (a layer or an image config) by digest. */
  async getBlob(repository: string, digest: string): Promise<Buffer> {
    const res = await this.call('GET', `/v2/${repository}/blobs/${digest}`);
    this.expect(res, [200], `GET blob ${repository}@${digest}`);
    return res.body;
  }

  /** Can these credentials (or none) reach /v2/? Returns the HTTP status. */
  async ping(authorization?: string | null): Promise<number> {
    const res = await this.call('GET', '/v2/', authorization === undefined ? {} : { authorization });
    return res.status;
  }

  private expect(res: RawResponse, statuses: number[], what: string): void {
    if (statuses.includes(res.status)) return;
    let code: string | undefined;
    let detail = res.body.toString('utf8').slice(0, 300);
    try {
      const first = JSON.parse(detail).errors?.[0];
      code = first?.code;
      detail = `${first?.code}: ${first?.message}`;
    } catch {
      // not JSON: keep the text
    }
    throw new RegistryApiError(res.status, code, `registry: ${what} answered ${res.status} (${detail})`);
  }

  private call(
    method: string,
    path: string,
    options: { accept?: string; 'content-type'?: string; body?: Buffer; authorization?: string | null } = {},
  ): Promise<RawResponse> {
    const headers: Record<string, string | number> = {};
    const authorization = options.authorization === undefined ? this.auth : options.authorization;
    if (authorization) headers.authorization = authorization;
    if (options.accept) headers.accept = options.accept;
    if (options['content-type']) headers['content-type'] = options['content-type'];
    if (options.body) headers['content-length'] = options.body.length;
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.access.url), { method, headers, ca: this.ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(options.body);
    });
  }
}

function nextLink(link: string | string[] | undefined): string | undefined {
  const value = Array.isArray(link) ? link[0] : link;
  return value ? /<([^>]+)>;\s*rel="next"/.exec(value)?.[1] : undefined;
}

/**
 * Pushes a tiny single-layer OCI image (no build tool needed) and returns its manifest digest.
 * `content` changes the layer, and so the digest; `labels` go in the image config, as a build writes them.
 */
export async function pushTestImage(
  client: RegistryClient,
  o: { repository: string; tag: string; content?: string; labels?: Record<string, string> },
): Promise<{ digest: string; manifest: string }> {
  const layer = Buffer.from(o.content ?? `layer of ${o.repository}:${o.tag}`, 'utf8');
  const layerDigest = await client.pushBlob(o.repository, layer);
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [layerDigest] },
    config: o.labels ? { Labels: o.labels } : {},
  });
  const configDigest = await client.pushBlob(o.repository, config);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: MEDIA_TYPES.ociConfig, digest: configDigest, size: Buffer.byteLength(config) },
    layers: [{ mediaType: MEDIA_TYPES.ociLayer, digest: layerDigest, size: layer.length }],
  });
  const digest = await client.putManifest({ repository: o.repository, reference: o.tag, body: manifest });
  return { digest, manifest };
}
