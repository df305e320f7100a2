import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceHandler } from '../types.js';

/**
 * A `postgres:*` service container as a local PostgreSQL server (Debian's postgresql binaries,
 * run as the postgres user): POSTGRES_USER (default postgres), POSTGRES_PASSWORD and POSTGRES_DB
 * as the official image reads them, listening on 127.0.0.1 at the published host port (`5432:5432`
 * publishes 5432; a bare `5432` gets a free port, read from job.services.<id>.ports['5432']).
 * Opt in with `services: { postgres: postgresService }`.
 */
/** The newest server installed by Debian's postgresql package (/usr/lib/postgresql/<major>/bin). */
const BIN = (() => {
  const majors = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? `/usr/lib/postgresql/${newest}/bin` : '/usr/lib/postgresql/bin-not-installed';
})();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const asPostgres = (args: string[], input?: string) =>
  execFileSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });

export const postgresService: ServiceHandler = async (service) => {
  const published = service.ports[0] ?? '5432';
  const [hostPart, containerPort = hostPart] = published.split(':');
  const hostPort = published.includes(':') ? Number(hostPart) : await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'wfr-postgres-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const user = service.env.POSTGRES_USER || 'postgres';
  const password = service.env.POSTGRES_PASSWORD ?? '';
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, password);
  chmodSync(passwordFile, 0o644);
  asPostgres([`${BIN}/initdb`, '-D', data, '-U', user, '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8']);
  const options = `-p ${hostPort} -h 127.0.0.1 -k ${dir}`;
  asPostgres([`${BIN}/pg_ctl`, '-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
  const database = service.env.POSTGRES_DB || user;
  if (database !== 'postgres') {
    execFileSync(`${BIN}/createdb`, ['-h', '127.0.0.1', '-p', String(hostPort), '-U', user, database], {
      env: { ...process.env, PGPASSWORD: password },
    });
  }
  return {
    ports: { [containerPort]: String(hostPort) },
    stop: () => {
      asPostgres([`${BIN}/pg_ctl`, '-D', data, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
