// earshot user add|list: agents of the desk. `add` prompts for the password (without echo on a terminal) when
// --password is not given; the password is hashed by the store and never printed.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { z } from 'zod';
import { AGENT_ROLES } from '../domain/access.js';
import { InputError, NotFoundError } from '../domain/errors.js';
import type { TeamId } from '../domain/ids.js';
import { createAgent, findTeam, listAgents, listTeams } from '../store/index.js';
import type { CliCommand, CliIo } from './command.js';
import { parseCommandArgs } from './parse-args.js';
import { withDesk } from './with-desk.js';

const USAGE = [
  'earshot user add --email E --name N --role admin|lead|agent|viewer [--team T …] [--password P] [--json]',
  'earshot user list [--json]',
].join('\n       ');

const addArgs = z.object({
  positionals: z.tuple([z.literal('add')]),
  email: z.email({ message: 'expected an email address' }).max(320),
  name: z.string().trim().min(1).max(200),
  role: z.enum(AGENT_ROLES, { message: `expected one of ${AGENT_ROLES.join(', ')}` }),
  team: z.array(z.string().min(1)).default([]),
  password: z.string().min(1).max(1024).optional(),
  json: z.boolean().optional(),
});
const listArgs = z.object({ positionals: z.tuple([z.literal('list')]), json: z.boolean().optional() });

/** One line from stdin; on a terminal the typed characters are not echoed. */
export async function promptPassword(io: CliIo, question: string): Promise<string> {
  io.stderr.write(question);
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = createInterface({ input: io.stdin, output: io.isTTY ? muted : undefined, terminal: io.isTTY });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      rl.once('line', resolve);
      rl.once('close', () => reject(new InputError('INPUT_INVALID', '--password: not given and nothing to read on stdin')));
    });
    return line;
  } finally {
    rl.close();
    if (io.isTTY) io.stderr.write('\n');
  }
}

async function add(argv: readonly string[], io: CliIo): Promise<number> {
  const a = parseCommandArgs(
    'user add',
    argv,
    { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, team: { type: 'string', multiple: true }, password: { type: 'string' }, json: { type: 'boolean' } },
    addArgs,
    true,
  );
  if (a.password === undefined && io.desk) {
    throw new InputError('INPUT_INVALID', '--password: required while `earshot start` holds the data dir (the running desk cannot prompt); or stop it and run this again');
  }
  const password = a.password ?? (await promptPassword(io, `password for ${a.email}: `));
  return withDesk(io, async (desk) => {
    const teamIds: TeamId[] = [];
    for (const ref of a.team) {
      const team = await findTeam(desk.database.db, desk.organisation.id, ref);
      if (!team) {
        const known = (await listTeams(desk.database.db, desk.organisation.id)).map((t) => t.name);
        throw new NotFoundError('TEAM_NOT_FOUND', `--team ${ref}: no such team; teams: ${known.join(', ') || 'none yet'}`);
      }
      teamIds.push(team.id);
    }
    const agent = await createAgent(desk.database.db, { organisationId: desk.organisation.id, email: a.email, name: a.name, role: a.role, password, teamIds });
    const value = { id: agent.id, email: agent.email, name: agent.name, role: agent.role, teamIds: agent.teamIds };
    io.stdout.write(a.json ? `${JSON.stringify(value, null, 2)}\n` : `added ${agent.role} ${agent.email}\nid  ${agent.id}\n`);
    return 0;
  });
}

async function list(argv: readonly string[], io: CliIo): Promise<number> {
  const a = parseCommandArgs('user list', argv, { json: { type: 'boolean' } }, listArgs, true);
  return withDesk(io, async (desk) => {
    const agents = await listAgents(desk.database.db, desk.organisation.id);
    const rows = agents.map((x) => ({ id: x.id, email: x.email, name: x.name, role: x.role, teamIds: x.teamIds }));
    io.stdout.write(a.json ? `${JSON.stringify(rows, null, 2)}\n` : `${rows.length === 0 ? 'no agents' : rows.map((r) => `${r.id}  ${r.role.padEnd(6)} ${r.email}`).join('\n')}\n`);
    return 0;
  });
}

export const userCommand: CliCommand = {
  name: 'user',
  summary: 'manage agents: add (with role and teams), list',
  usage: USAGE,
  usesStore: true,
  async run(argv, io) {
    switch (argv[0]) {
      case 'add':
        return add(argv, io);
      case 'list':
        return list(argv, io);
      default:
        throw new InputError('INPUT_INVALID', `earshot user: expected add or list; usage:\n       ${USAGE}`);
    }
  },
};
