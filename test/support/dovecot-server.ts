// Starts a throwaway Debian dovecot (IMAP only) on a free loopback port with its own config, users, mail and state
// in a temp dir, and stops it after. Nothing under /etc is read or changed (STACK.md "dovecot for tests"). As root,
// mail is owned by dovecot's own unprivileged users, as in a packaged install.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './postgres-server.js';

export interface DovecotServer {
  readonly host: string;
  readonly port: number;
  /** Users as `name` → password; each has an empty INBOX. */
  readonly users: Readonly<Record<string, string>>;
  /** Dovecot's own log, for failure messages. */
  log(): string;
  stop(): void;
}

export const DOVECOT_INSTALL_HINT =
  'dovecot is needed for the email integration tests: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y dovecot-imapd';

interface RunAs {
  readonly user: string;
  readonly uid: number;
  readonly gid: number;
  /** Unprivileged user for the login processes. */
  readonly loginUser: string;
}

function idOf(user: string): { uid: number; gid: number } | null {
  try {
    return {
      uid: Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim()),
      gid: Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim()),
    };
  } catch {
    return null;
  }
}

/** As root, dovecot's packaged users; otherwise everything runs as whoever runs the tests. */
function identities(): RunAs {
  if (process.getuid?.() === 0) {
    const mail = idOf('dovecot');
    if (!mail || !idOf('dovenull')) throw new Error(`the dovecot and dovenull users are missing. ${DOVECOT_INSTALL_HINT}`);
    return { user: 'dovecot', uid: mail.uid, gid: mail.gid, loginUser: 'dovenull' };
  }
  const me = userInfo();
  return { user: me.username, uid: me.uid, gid: me.gid, loginUser: me.username };
}

function config(dir: string, port: number, who: RunAs): string {
  return `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${who.user}
default_internal_group = ${who.user === 'dovecot' ? 'dovecot' : String(who.gid)}
default_login_user = ${who.loginUser}
first_valid_uid = ${Math.min(who.uid, 500)}
first_valid_gid = ${Math.min(who.gid, 500)}
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${who.uid} gid=${who.gid} home=${dir}/home/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = create
  }
}
`;
}

function hasDovecot(): boolean {
  return spawnSync('sh', ['-c', 'command -v dovecot && command -v doveadm'], { encoding: 'utf8' }).status === 0;
}

async function waitForListener(port: number, deadlineMs: number, log: () => string): Promise<void> {
  const { connect } = await import('node:net');
  const until = Date.now() + deadlineMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('data', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`dovecot did not answer on 127.0.0.1:${port} within ${deadlineMs} ms:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startDovecot(users: Readonly<Record<string, string>> = { customer: 'customer-pass', desk: 'desk-pass' }): Promise<DovecotServer> {
  if (!hasDovecot()) throw new Error(DOVECOT_INSTALL_HINT);
  const who = identities();
  const dir = mkdtempSync(join(tmpdir(), 'earshot-dovecot-'));
  // The mail processes run as `who`, which must reach the homes inside this root-owned temp dir.
  chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'home']) mkdirSync(join(dir, sub));
  chownSync(join(dir, 'home'), who.uid, who.gid);
  for (const name of Object.keys(users)) {
    mkdirSync(join(dir, 'home', name));
    chownSync(join(dir, 'home', name), who.uid, who.gid);
  }
  writeFileSync(join(dir, 'passwd'), Object.entries(users).map(([u, p]) => `${u}:{PLAIN}${p}::::::\n`).join(''), { mode: 0o644 });
  const port = await freePort();
  const file = join(dir, 'dovecot.conf');
  writeFileSync(file, config(dir, port, who));
  const log = () => {
    try {
      return readFileSync(join(dir, 'dovecot.log'), 'utf8');
    } catch {
      return '(no log)';
    }
  };
  // The daemon keeps its inherited stdio open, so it writes to a file rather than a pipe spawnSync would wait on.
  const startupLog = join(dir, 'startup.log');
  const out = openSync(startupLog, 'w');
  const started = spawnSync('dovecot', ['-c', file], { stdio: ['ignore', out, out] });
  closeSync(out);
  if (started.error) throw new Error(`dovecot -c ${file}: ${started.error.message}. ${DOVECOT_INSTALL_HINT}`);
  if (started.status !== 0) throw new Error(`dovecot -c ${file} exited ${started.status}: ${readFileSync(startupLog, 'utf8')}${log()}`);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      spawnSync('doveadm', ['-c', file, 'stop'], { stdio: 'ignore' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    await waitForListener(port, 10_000, log);
  } catch (err) {
    stop();
    throw err;
  }
  return { host: '127.0.0.1', port, users, log, stop };
}
