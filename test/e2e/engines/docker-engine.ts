import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A real Docker engine for the build-push tests: Debian's dockerd (20.10, BuildKit inside the
 * daemon, no buildx) as root on a private socket, everything it writes in a scratch folder, no
 * iptables and no bridge (builds run with --network none). Its client is Debian's own `docker`,
 * put first on PATH through `binDir` (another docker client on this machine may need buildx).
 * stop() ends the daemon (and the containerd it started) and removes everything it made.
 */
export interface DockerEngine {
  /** DOCKER_HOST, and PATH with Debian's docker client first. */
  env: Record<string, string>;
  dir: string;
  /** Runs the Debian docker client against this engine. */
  docker(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

const DOCKERD = '/usr/sbin/dockerd';
const CLIENT = '/usr/bin/docker';
const BUSYBOX = ['/bin/busybox', '/usr/bin/busybox'];
const run = promisify(execFile);

export async function startDockerEngine(
  o: { registry?: { host: string; caFile: string }; timeoutMs?: number } = {},
): Promise<DockerEngine> {
  // A short path: the socket's path must fit in a unix socket address (108 bytes).
  const dir = mkdtempSync('/tmp/dockerd-');
  const binDir = join(dir, 'bin');
  mkdirSync(binDir);
  symlinkSync(CLIENT, join(binDir, 'docker'));
  const socket = join(dir, 'docker.sock');
  const args = [
    ...['--storage-driver', 'vfs', '--iptables=false', '--ip6tables=false', '--bridge=none'],
    ...['-H', `unix://${socket}`, '--data-root', join(dir, 'data'), '--exec-root', join(dir, 'exec')],
    ...['--pidfile', join(dir, 'docker.pid')],
  ];
  const child = spawn(DOCKERD, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => void (log = (log + chunk.toString()).slice(-4000)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const env = { DOCKER_HOST: `unix://${socket}`, PATH: `${binDir}:${process.env.PATH}` };
  const docker = (...a: string[]) => run(CLIENT, a, { env: { ...process.env, ...env }, maxBuffer: 16 << 20 }).then((r) => r.stdout.trim());

  // The registry's CA where dockerd looks for it (there is no flag to point elsewhere).
  const certsDir = o.registry ? `/etc/docker/certs.d/${o.registry.host}` : undefined;
  const stop = async () => {
    await stopChild(child);
    process.removeListener('exit', killOnExit);
    unmountUnder(dir);
    rmSync(dir, { recursive: true, force: true });
    if (certsDir) rmSync(certsDir, { recursive: true, force: true });
  };
  try {
    await waitForEngine({ docker, child, timeoutMs: o.timeoutMs ?? 60_000 });
    if (o.registry && certsDir) {
      mkdirSync(certsDir, { recursive: true });
      copyFileSync(o.registry.caFile, join(certsDir, 'ca.crt'));
    }
  } catch (error) {
    await stop();
    throw new Error(`dockerd did not start: ${(error as Error).message}\n${log}`, { cause: error });
  }
  return { env, dir, docker, stop };
}

async function waitForEngine(o: { docker: (...a: string[]) => Promise<string>; child: ChildProcess; timeoutMs: number }) {
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    if (o.child.exitCode !== null) throw new Error(`dockerd exited with code ${o.child.exitCode}`);
    const answered = await o.docker('info', '--format', '{{.ServerVersion}}').then(
      () => true,
      () => false,
    );
    if (answered) return;
    if (Date.now() > deadline) throw new Error(`no answer within ${o.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** Anything dockerd left mounted in the scratch folder (network namespaces, shm) would block its removal. */
function unmountUnder(dir: string) {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1])
    .filter((path) => path?.startsWith(`${dir}/`))
    .reverse();
  for (const path of mounts) {
    try {
      execFileSync('umount', ['-l', path], { stdio: 'ignore' });
    } catch {
      // Already gone.
    }
  }
}

/**
 * The example service's base image in the engine: busybox-static in an empty root filesystem,
 * imported from a tar with fixed times and owners (no image can be pulled here).
 */
export async function importBaseImage(engine: DockerEngine, name = 'localhost/ecs-ship-base:latest'): Promise<string> {
  const busybox = BUSYBOX.find((path) => existsSync(path));
  if (!busybox) throw new Error('busybox-static is not installed (scripts/setup.sh installs it)');
  const root = join(engine.dir, 'base-root');
  mkdirSync(join(root, 'bin'), { recursive: true });
  copyFileSync(busybox, join(root, 'bin', 'busybox'));
  const tar = join(engine.dir, 'base.tar');
  await run('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-C', root, '-cf', tar, 'bin']);
  await engine.docker(
    'import',
    ...['--change', 'CMD ["/bin/busybox", "sh"]', '--change', 'ENV PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin'],
    tar,
    name,
  );
  return name;
}
