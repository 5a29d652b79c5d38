// Starts a throwaway PostgreSQL server from the system's initdb/pg_ctl on a free loopback port in a temp dir,
// as the unprivileged `postgres` user when we are root (PostgreSQL refuses to run as root), and removes it after.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  readonly url: string;
  readonly port: number;
  stop(): void;
}

const INSTALL_HINT =
  'PostgreSQL server binaries (initdb, pg_ctl) are needed for the integration tests: ' +
  'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql';

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

function runAs(user: string | null, command: string): void {
  const result =
    user === null
      ? spawnSync('sh', ['-c', command], { encoding: 'utf8' })
      : spawnSync('su', [user, '-s', '/bin/sh', '-c', command], { encoding: 'utf8' });
  if (result.error) throw new Error(`${command}: ${result.error.message}. ${INSTALL_HINT}`);
  if (result.status !== 0) throw new Error(`${command} exited ${result.status}: ${result.stderr || result.stdout}`);
}

function postgresUser(): { name: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { name: 'postgres', uid, gid };
  } catch {
    throw new Error(`running as root needs a 'postgres' user to own the test cluster. ${INSTALL_HINT}`);
  }
}

export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresServer> {
  if (spawnSync('sh', ['-c', 'command -v initdb && command -v pg_ctl']).status !== 0) throw new Error(INSTALL_HINT);
  const user = postgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'earshot-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const port = await freePort();
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  runAs(user?.name ?? null, `initdb -D ${q(join(dir, 'data'))} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null`);
  // Tests trade durability for speed (fsync off); benchmarks keep PostgreSQL's defaults so figures are honest.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200${options.durable ? '' : ' -c fsync=off'}`;
  runAs(user?.name ?? null, `pg_ctl -D ${q(join(dir, 'data'))} -l ${q(join(dir, 'pg.log'))} -o ${q(serverOptions)} -w start >/dev/null`);
  let stopped = false;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        runAs(user?.name ?? null, `pg_ctl -D ${q(join(dir, 'data'))} -m immediate -w stop >/dev/null`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
