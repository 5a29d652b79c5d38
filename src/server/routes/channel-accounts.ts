// /api/channel-accounts: settings readable by leads and admins; credentials write-only, validated by the
// channel's own schema and sealed with the data-dir key (store/secret-box). No response schema has a field
// that could carry a secret.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { validateChannelConfig } from '../../channels/index.js';
import { EarshotError, NotFoundError } from '../../domain/errors.js';
import type { ChannelAccountId } from '../../domain/ids.js';
import { createChannelAccount, listChannelAccounts, removeChannelAccount, type ChannelAccountSummary } from '../../store/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { idParams } from '../contract/auth.js';
import { channelAccountCreateBody, channelAccountListResponse, channelAccountRemoveResponse, channelAccountSchema } from '../contract/channel-accounts.js';
import { iso, responses } from '../contract/common.js';

const accountOut = (a: ChannelAccountSummary) => ({ id: a.id, kind: a.kind, name: a.name, settings: { ...a.settings }, hasSecrets: a.hasSecrets, createdAt: iso(a.createdAt) });

export function channelAccountRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/api/channel-accounts',
      { config: { access: needs('channels:read') }, schema: { tags: ['channels'], summary: 'Connected channel accounts (never their credentials)', response: responses({ 200: channelAccountListResponse }) } },
      async () => ({ items: (await listChannelAccounts(ctx.database.db, ctx.organisation.id)).map(accountOut) }),
    );
    r.post(
      '/api/channel-accounts',
      { config: { access: needs('org:manage') }, schema: { tags: ['channels'], summary: 'Connect a channel account', body: channelAccountCreateBody, response: responses({ 201: channelAccountSchema }) } },
      async (request, reply) => {
        if (!ctx.secretKey) throw new EarshotError('STORE_UNREACHABLE', 'this server has no secret key to encrypt credentials with');
        const split = validateChannelConfig(request.body.kind, request.body.config);
        const account = await createChannelAccount(ctx.database.db, ctx.secretKey, {
          organisationId: ctx.organisation.id,
          kind: request.body.kind,
          name: request.body.name,
          settings: split.settings,
          secrets: split.secrets,
        });
        request.log.info({ channelAccountId: account.id, channelKind: account.kind }, 'channel account connected');
        return reply.status(201).send(accountOut(account));
      },
    );
    r.delete(
      '/api/channel-accounts/:id',
      { config: { access: needs('org:manage') }, schema: { tags: ['channels'], summary: 'Remove (or retire, when it has history) a channel account', params: idParams, response: responses({ 200: channelAccountRemoveResponse }) } },
      async (request) => {
        const known = (await listChannelAccounts(ctx.database.db, ctx.organisation.id)).some((a) => a.id === request.params.id);
        const outcome = known ? await removeChannelAccount(ctx.database.db, request.params.id as ChannelAccountId) : ({ kind: 'not-found' } as const);
        if (outcome.kind === 'not-found') throw new NotFoundError('CHANNEL_ACCOUNT_NOT_FOUND', `channel account ${request.params.id} does not exist`);
        return { outcome: outcome.kind };
      },
    );
  };
}
