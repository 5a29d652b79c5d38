// earshot channel add|list|remove|test: manage channel accounts. Settings are validated by the channel's own
// schema; credentials are stored encrypted; `add` prints the account id and the webhook URL to give the provider.
import { z } from 'zod';
import { connectableKinds, validateChannelConfig } from '../channels/index.js';
import { InputError, NotFoundError } from '../domain/errors.js';
import type { ChannelAccountId } from '../domain/ids.js';
import { buildConnector, webhookPath } from '../pipeline/index.js';
import {
  createChannelAccount,
  findChannelAccount,
  listChannelAccounts,
  loadChannelAccount,
  removeChannelAccount,
} from '../store/index.js';
import type { CliCommand, CliIo } from './command.js';
import { parseCommandArgs } from './parse-args.js';
import { withDesk } from './with-desk.js';
import type { DeskContext } from '../main.js';

const USAGE = [
  'earshot channel add <kind> --name NAME --config key=value [--config key=value …] [--json]',
  'earshot channel list [--json]',
  'earshot channel remove <id|name> [--json]',
  'earshot channel test <id|name> [--json]',
].join('\n       ');

function baseUrl(desk: DeskContext): string {
  const c = desk.config;
  return c.publicUrl ?? `http://${c.host.includes(':') ? `[${c.host}]` : c.host}:${c.port}`;
}

/** `key=value` pairs; a value may itself contain `=`. Repeating a key is an error, not a silent overwrite. */
export function parseConfigPairs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new InputError('INPUT_INVALID', `--config ${pair}: expected key=value`);
    const key = pair.slice(0, at);
    if (key in out) throw new InputError('INPUT_INVALID', `--config ${key}: given twice`);
    out[key] = pair.slice(at + 1);
  }
  return out;
}

const addArgs = z.object({
  positionals: z.tuple([z.literal('add'), z.string()]),
  name: z.string().min(1).max(200),
  config: z.array(z.string()).default([]),
  json: z.boolean().optional(),
});
const oneArgs = z.object({ positionals: z.tuple([z.enum(['remove', 'test']), z.string().min(1)]), json: z.boolean().optional() });
const listArgs = z.object({ positionals: z.tuple([z.literal('list')]), json: z.boolean().optional() });

function out(io: CliIo, json: boolean | undefined, value: unknown, text: string): number {
  io.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
  return 0;
}

async function add(argv: readonly string[], io: CliIo): Promise<number> {
  const a = parseCommandArgs('channel add', argv, { name: { type: 'string' }, config: { type: 'string', multiple: true }, json: { type: 'boolean' } }, addArgs, true);
  const kind = a.positionals[1];
  const { settings, secrets } = validateChannelConfig(kind, parseConfigPairs(a.config));
  return withDesk(io, async (desk) => {
    const account = await createChannelAccount(desk.database.db, desk.secretKey, { organisationId: desk.organisation.id, kind, name: a.name, settings, secrets });
    const webhookUrl = `${baseUrl(desk)}${webhookPath(kind, account.id, { ...settings, ...secrets })}`;
    return out(io, a.json, { id: account.id, kind, name: account.name, webhookUrl, settings }, `added ${kind} account "${account.name}"\nid       ${account.id}\nwebhook  ${webhookUrl}`);
  });
}

async function list(argv: readonly string[], io: CliIo): Promise<number> {
  const a = parseCommandArgs('channel list', argv, { json: { type: 'boolean' } }, listArgs, true);
  return withDesk(io, async (desk) => {
    const accounts = await listChannelAccounts(desk.database.db, desk.organisation.id);
    const rows = accounts.map((acc) => ({ id: acc.id, kind: acc.kind, name: acc.name, settings: acc.settings, hasSecrets: acc.hasSecrets, createdAt: new Date(acc.createdAt).toISOString() }));
    const text = rows.length === 0 ? 'no channel accounts' : rows.map((r) => `${r.id}  ${r.kind.padEnd(9)} ${r.name}`).join('\n');
    return out(io, a.json, rows, text);
  });
}

async function removeOrTest(argv: readonly string[], io: CliIo): Promise<number> {
  const a = parseCommandArgs('channel', argv, { json: { type: 'boolean' } }, oneArgs, true);
  const [action, ref] = a.positionals;
  return withDesk(io, async (desk) => {
    const found = await findChannelAccount(desk.database.db, ref);
    if (!found) throw new NotFoundError('CHANNEL_ACCOUNT_NOT_FOUND', `no channel account with id or name "${ref}"; see earshot channel list`);
    if (action === 'remove') {
      const outcome = await removeChannelAccount(desk.database.db, found.id as ChannelAccountId);
      const text =
        outcome.kind === 'retired'
          ? `removed "${found.name}"; its ${outcome.conversations} conversations are kept`
          : `removed "${found.name}"`;
      return out(io, a.json, { id: found.id, outcome: outcome.kind }, text);
    }
    const account = await loadChannelAccount(desk.database.db, desk.secretKey, found.id);
    if (!account) throw new NotFoundError('CHANNEL_ACCOUNT_NOT_FOUND', `channel account "${ref}" was removed`);
    const { connector } = buildConnector({ database: desk.database, secretKey: desk.secretKey, publicUrl: desk.config.publicUrl, timeoutMs: desk.config.channelTimeoutMs }, account);
    const result = await connector.testConnection();
    out(io, a.json, { id: found.id, ...result }, result.ok ? `ok: ${result.detail}` : `failed: ${result.reason}`);
    return result.ok ? 0 : 1;
  });
}

export const channelCommand: CliCommand = {
  name: 'channel',
  summary: `manage channel accounts (${connectableKinds().join(', ')}): add, list, remove, test`,
  usage: USAGE,
  usesStore: true,
  async run(argv, io) {
    switch (argv[0]) {
      case 'add':
        return add(argv, io);
      case 'list':
        return list(argv, io);
      case 'remove':
      case 'test':
        return removeOrTest(argv, io);
      default:
        throw new InputError('INPUT_INVALID', `earshot channel: expected add, list, remove or test; usage:\n       ${USAGE}`);
    }
  },
};
