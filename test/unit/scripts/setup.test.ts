import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * scripts/setup.sh on a "fresh machine": a copy of the script in a scratch checkout, with
 * dpkg-query, apt-get, sudo, npm and buildah replaced on PATH by stand-ins that record their calls
 * (nothing is installed for real). dpkg-query reports the packages in FAKE_MISSING as absent.
 */

const SCRIPT = join(import.meta.dirname, '..', '..', '..', 'scripts', 'setup.sh');
let work: string;

const SHIMS: Record<string, string> = {
  'dpkg-query': `#!/bin/sh
for a in "$@"; do pkg="$a"; done
case " $FAKE_MISSING " in *" $pkg "*) exit 1 ;; esac
printf 'install ok installed'`,
  'apt-get': `#!/bin/sh
echo "apt-get $*" >> "$CALLS"
if [ -n "$FAKE_APT_FAILS" ] && [ "$1" = install ]; then echo "E: Unable to locate package buildah"; exit 100; fi`,
  sudo: `#!/bin/sh
echo "sudo $*" >> "$CALLS"
[ "$1" = --non-interactive ] && shift
exec "$@"`,
  npm: `#!/bin/sh
echo "npm $*" >> "$CALLS"`,
  buildah: `#!/bin/sh
echo "buildah version 1.28.2 (image-spec 1.0.2-dev, runtime-spec 1.0.2-dev)"`,
};

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'setup-sh-'));
  mkdirSync(join(work, 'repo', 'scripts'), { recursive: true });
  mkdirSync(join(work, 'repo', 'node_modules'));
  copyFileSync(SCRIPT, join(work, 'repo', 'scripts', 'setup.sh'));
  mkdirSync(join(work, 'bin'));
  for (const [name, body] of Object.entries(SHIMS)) {
    writeFileSync(join(work, 'bin', name), `${body}\n`);
    chmodSync(join(work, 'bin', name), 0o755);
  }
  writeFileSync(join(work, 'calls'), '');
  lockFiles({ wanted: '1.0.0', installed: '1.0.0' });
});

afterEach(() => rmSync(work, { recursive: true, force: true }));

function lockFiles(o: { wanted: string; installed: string }): void {
  const lock = (version: string) => JSON.stringify({ packages: { '': {}, 'node_modules/yaml': { version } } });
  writeFileSync(join(work, 'repo', 'package-lock.json'), lock(o.wanted));
  writeFileSync(join(work, 'repo', 'node_modules', '.package-lock.json'), lock(o.installed));
}

function setup(env: Record<string, string> = {}) {
  const result = spawnSync('bash', [join(work, 'repo', 'scripts', 'setup.sh')], {
    env: { PATH: `${join(work, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`, CALLS: join(work, 'calls'), FAKE_MISSING: '', ...env },
    encoding: 'utf8',
  });
  const calls = readFileSync(join(work, 'calls'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^sudo --non-interactive /, ''));
  return { code: result.status, output: result.stdout + result.stderr, calls: calls.filter((c) => !c.startsWith('sudo')) };
}

test('a machine with everything installed: nothing to install, ready', () => {
  const run = setup();
  expect(run.code).toBe(0);
  expect(run.calls).toEqual([]);
  expect(run.output).toContain('setup: ready (buildah 1.28.2, node ');
});

test('missing buildah and docker-registry: the package lists are updated first, then only they are installed', () => {
  const run = setup({ FAKE_MISSING: 'buildah docker-registry' });
  expect(run.code).toBe(0);
  expect(run.calls).toEqual(['apt-get update -qq', 'apt-get install -y -qq --no-install-recommends buildah docker-registry']);
  expect(run.output).toContain('setup: installing buildah docker-registry');
});

test('node_modules that differ from the lock file are reinstalled with npm ci', () => {
  lockFiles({ wanted: '2.0.0', installed: '1.0.0' });
  const run = setup();
  expect(run.code).toBe(0);
  expect(run.calls).toEqual(['npm ci --no-audit --no-fund --loglevel=error']);
});

test('an apt-get failure stops setup with its output and one line saying what failed', () => {
  const run = setup({ FAKE_MISSING: 'buildah', FAKE_APT_FAILS: '1' });
  expect(run.code).toBe(1);
  expect(run.output).toContain('E: Unable to locate package buildah');
  expect(run.output).toContain('setup: apt-get could not install buildah (output above).');
  expect(run.calls).not.toContain('npm ci --no-audit --no-fund --loglevel=error');
});
