// earshot token create --user E --scope read|write: prints a new API token for an agent, once; only its hash is
// stored. Integrations send it as `Authorization: Bearer <token>`.
import { z } from 'zod';
import { InputError, NotFoundError } from '../domain/errors.js';
import { createApiToken, findAgentByEmail, TOKEN_SCOPES } from '../store/index.js';
import type { CliCommand } from './command.js';
import { parseCommandArgs } from './parse-args.js';
import { withDesk } from './with-desk.js';

const USAGE = 'earshot token create --user EMAIL --scope read|write [--name NAME] [--json]';

const createArgs = z.object({
  positionals: z.tuple([z.literal('create')]),
  user: z.string().min(3).max(320),
  scope: z.enum(TOKEN_SCOPES, { message: `expected one of ${TOKEN_SCOPES.join(', ')}` }),
  name: z.string().trim().min(1).max(200).default('cli'),
  json: z.boolean().optional(),
});

export const tokenCommand: CliCommand = {
  name: 'token',
  summary: 'create an API token for an agent (shown once)',
  usage: USAGE,
  usesStore: true,
  async run(argv, io) {
    if (argv[0] !== 'create') throw new InputError('INPUT_INVALID', `earshot token: expected create; usage:\n       ${USAGE}`);
    const a = parseCommandArgs('token create', argv, { user: { type: 'string' }, scope: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' } }, createArgs, true);
    return withDesk(io, async (desk) => {
      const agent = await findAgentByEmail(desk.database.db, desk.organisation.id, a.user);
      if (!agent) throw new NotFoundError('AGENT_NOT_FOUND', `--user ${a.user}: no agent with this email; add one with earshot user add`);
      const { token, apiToken } = await createApiToken(desk.database.db, { agentId: agent.id, name: a.name, scope: a.scope, now: Date.now() });
      io.stdout.write(
        a.json
          ? `${JSON.stringify({ token, id: apiToken.id, scope: apiToken.scope, agent: agent.email }, null, 2)}\n`
          : `${token}\n`,
      );
      if (!a.json) io.stderr.write(`${a.scope} token "${apiToken.name}" for ${agent.email} (id ${apiToken.id}); it is shown only now\n`);
      return 0;
    });
  },
};
