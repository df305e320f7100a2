import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real OCI registry (Debian's `docker-registry`, distribution 2.8) on loopback, with TLS from a
 * throw-away CA and htpasswd (bcrypt) auth, for the ECR simulator and the build-push tests.
 */
export interface Registry {
  /** 127.0.0.1:PORT: the registry host as image references and auth files name it. */
  host: string;
  /** https://127.0.0.1:PORT */
  url: string;
  username: string;
  password: string;
  /** The CA certificate (PEM) that signed the server certificate. */
  caFile: string;
  /** Temporary directory holding config, certificates, htpasswd and storage. */
  dir: string;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  /** Default "AWS": ECR's username is always AWS, and the ECR simulator hands these credentials out. */
  username?: string;
  /** Where buildah, podman and skopeo look for per-registry CAs; set to null to skip installing. */
  certsDir?: string | null;
  /** Milliseconds to wait for /v2/ to answer. */
  startTimeoutMs?: number;
  /** Keep images in this directory (kept after stop, so a later registry finds them). Default a temp dir. */
  storageDir?: string;
}

const BINARY = '/usr/bin/docker-registry';

export async function startRegistry(options: RegistryOptions = {}): Promise<Registry> {
  const username = options.username ?? 'AWS';
  const password = randomBytes(18).toString('base64url');
  const dir = mkdtempSync(join(tmpdir(), 'registry-'));
  const { caFile, certFile, keyFile } = makeCertificates(dir);
  const htpasswdFile = join(dir, 'htpasswd');
  // -i reads the password from stdin: it never appears on a command line.
  execFileSync('htpasswd', ['-iBc', htpasswdFile, username], { input: password, stdio: ['pipe', 'ignore', 'pipe'] });

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const configFile = join(dir, 'config.yml');
    writeFileSync(
      configFile,
      registryConfig({ host, storage: options.storageDir ?? join(dir, 'storage'), certFile, keyFile, htpasswdFile }),
    );
    const child = spawn(BINARY, ['serve', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    try {
      await waitForUnauthorized({ host, caFile, child, timeoutMs: options.startTimeoutMs ?? 15000 });
    } catch (error) {
      child.kill('SIGKILL');
      lastError = new Error(`docker-registry did not start on ${host}: ${(error as Error).message}\n${stderr}`);
      continue;
    }
    const certsDir = options.certsDir === undefined ? '/etc/containers/certs.d' : options.certsDir;
    const installedCa = certsDir ? installCa({ certsDir, host, caFile }) : undefined;
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    return {
      host,
      url: `https://${host}`,
      username,
      password,
      caFile,
      dir,
      stop: async () => {
        process.removeListener('exit', killOnExit);
        await stopChild(child);
        if (installedCa) rmSync(installedCa, { recursive: true, force: true });
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

function makeCertificates(dir: string): { caFile: string; certFile: string; keyFile: string } {
  const caKey = join(dir, 'ca.key');
  const caFile = join(dir, 'ca.crt');
  const keyFile = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const certFile = join(dir, 'server.crt');
  const ext = join(dir, 'server.ext');
  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    caKey,
    '-out',
    caFile,
    '-days',
    '2',
    '-subj',
    '/CN=ecs-ship test registry CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', csr, '-subj', '/CN=127.0.0.1']);
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n');
  openssl(['x509', '-req', '-in', csr, '-CA', caFile, '-CAkey', caKey, '-CAcreateserial', '-out', certFile, '-days', '2', '-extfile', ext]);
  return { caFile, certFile, keyFile };
}

function registryConfig(o: { host: string; storage: string; certFile: string; keyFile: string; htpasswdFile: string }) {
  const { storage } = o;
  mkdirSync(storage, { recursive: true });
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storage}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${o.host}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
    '  tls:',
    `    certificate: ${o.certFile}`,
    `    key: ${o.keyFile}`,
    'auth:',
    '  htpasswd:',
    '    realm: ecs-ship-test-registry',
    `    path: ${o.htpasswdFile}`,
    '',
  ].join('\n');
}

function installCa(o: { certsDir: string; host: string; caFile: string }): string {
  const target = join(o.certsDir, o.host);
  mkdirSync(target, { recursive: true });
  execFileSync('cp', [o.caFile, join(target, 'ca.crt')]);
  return target;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForUnauthorized(o: { host: string; caFile: string; child: ChildProcess; timeoutMs: number }) {
  const ca = readFileSync(o.caFile);
  const deadline = Date.now() + o.timeoutMs;
  let exited: number | null = null;
  o.child.once('exit', (code) => (exited = code ?? -1));
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`it exited with code ${exited}`);
    const status = await new Promise<number | undefined>((resolve) => {
      const req = request(`https://${o.host}/v2/`, { ca, timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', () => resolve(undefined));
      req.on('timeout', () => req.destroy());
      req.end();
    });
    if (status === 401) return;
    if (status !== undefined) throw new Error(`GET /v2/ answered ${status} instead of 401`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`GET /v2/ did not answer within ${o.timeoutMs} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
