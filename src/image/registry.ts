import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';
import { join } from 'node:path';

/**
 * Reads from an OCI registry over its HTTP API (distribution spec): the digest a tag points at and
 * an image's labels. build-push needs both where no builder reports them: the labels of an image it
 * may reuse (ECR's API has no config blob without a download URL) and the digest `docker push`
 * made. Credentials are the Docker config's `auths` entry for the host (what ecr-login writes);
 * ECR and the distribution registry both accept them as HTTP Basic auth. A registry with a private
 * CA is trusted as docker, buildah and podman trust it: through the CA files in
 * /etc/containers/certs.d/<host>/ and /etc/docker/certs.d/<host>/.
 */

export interface RegistryReader {
  /** Digest of the manifest a tag points at; undefined when the tag does not exist. */
  digest(repositoryUri: string, tag: string): Promise<string | undefined>;
  /** Labels of the image at a digest (for an index, its first image). */
  labels(repositoryUri: string, digest: string): Promise<Record<string, string>>;
}

const ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

/** The `auth` value (base64 user:password) for a host, from a Docker config file. */
export function dockerConfigAuth(configFile: string | undefined, host: string): string | undefined {
  if (!configFile || !existsSync(configFile)) return undefined;
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as { auths?: Record<string, { auth?: string }> };
  const auths = config.auths ?? {};
  return auths[host]?.auth ?? auths[`https://${host}`]?.auth;
}

function split(repositoryUri: string): { host: string; path: string } {
  const slash = repositoryUri.indexOf('/');
  return { host: repositoryUri.slice(0, slash), path: repositoryUri.slice(slash + 1) };
}

export const CERTS_DIRS = ['/etc/containers/certs.d', '/etc/docker/certs.d'];

/** The public roots plus the host's own CA files (*.crt), as the container tools read them. */
export function registryCas(host: string, dirs = CERTS_DIRS): string[] | undefined {
  const extra = dirs.flatMap((dir) => {
    const hostDir = join(dir, host);
    if (!existsSync(hostDir)) return [];
    return readdirSync(hostDir)
      .filter((file) => file.endsWith('.crt'))
      .map((file) => readFileSync(join(hostDir, file), 'utf8'));
  });
  return extra.length ? [...rootCertificates, ...extra] : undefined;
}

interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTPS request, following redirects; credentials go only to the registry's own host (ECR redirects blobs to S3). */
function get(url: string, o: { method: string; auth?: string; registryHost: string; redirects?: number }): Promise<Response> {
  const target = new URL(url);
  const headers: Record<string, string> = { accept: ACCEPT };
  if (o.auth && target.host === o.registryHost) headers.authorization = `Basic ${o.auth}`;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: o.method, headers, ca: registryCas(target.host), timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (status >= 300 && status < 400 && location && (o.redirects ?? 0) < 5) {
          resolve(
            get(new URL(location, url).toString(), {
              ...o,
              method: o.method === 'HEAD' ? 'HEAD' : 'GET',
              redirects: (o.redirects ?? 0) + 1,
            }),
          );
        } else {
          resolve({ status, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

export function httpRegistryReader(o: { authFile?: string }): RegistryReader {
  const fetchPath = async (repositoryUri: string, kind: 'manifests' | 'blobs', reference: string, method = 'GET') => {
    const { host, path } = split(repositoryUri);
    const url = `https://${host}/v2/${path}/${kind}/${reference}`;
    const response = await get(url, { method, auth: dockerConfigAuth(o.authFile, host), registryHost: host });
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw new Error(`${method} ${url}: HTTP ${response.status}`);
    return response;
  };
  return {
    async digest(repositoryUri, tag) {
      const response = await fetchPath(repositoryUri, 'manifests', tag, 'HEAD');
      const digest = response?.headers['docker-content-digest'];
      return typeof digest === 'string' ? digest : undefined;
    },
    async labels(repositoryUri, digest) {
      const response = await fetchPath(repositoryUri, 'manifests', digest);
      if (!response) throw new Error(`${repositoryUri}@${digest} is not in the registry`);
      const manifest = JSON.parse(response.body) as { config?: { digest: string }; manifests?: Array<{ digest: string }> };
      if (manifest.manifests?.length) return this.labels(repositoryUri, manifest.manifests[0].digest);
      if (!manifest.config) return {};
      const blob = await fetchPath(repositoryUri, 'blobs', manifest.config.digest);
      const config = blob ? (JSON.parse(blob.body) as { config?: { Labels?: Record<string, string> | null } }) : undefined;
      return config?.config?.Labels ?? {};
    },
  };
}
