// GET /api/exports/conversations.csv and /api/exports/messages.csv: a period as CSV, streamed page by page (flat
// memory), limited to what the caller may see (conversation scope: admins all, leads and agents their teams' queues).
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { InputError } from '../../domain/errors.js';
import { exportConversationsCsv, exportMessagesCsv } from '../../insights/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { periodQuery } from '../contract/insight-reports.js';
import { scopeOf } from '../plugins/authenticate.js';

export function exportRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    for (const [what, produce] of [
      ['conversations', exportConversationsCsv],
      ['messages', exportMessagesCsv],
    ] as const) {
      r.get(
        `/api/exports/${what}.csv`,
        {
          config: { access: needs('conversations:read') },
          schema: { tags: ['exports'], summary: `${what === 'messages' ? 'Messages sent' : 'Conversations started'} in a period, as CSV (streamed)`, querystring: periodQuery, produces: ['text/csv'] },
        },
        async (request, reply) => {
          const since = new Date(request.query.since);
          const until = new Date(request.query.until);
          if (!(until > since)) throw new InputError('INPUT_INVALID', `since, until in query: expected since before until; got ${request.query.since} – ${request.query.until}`);
          const stream = Readable.from(produce(ctx.database, { since, until, scope: scopeOf(request) }));
          return reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${what}-${request.query.since.slice(0, 10)}-${request.query.until.slice(0, 10)}.csv"`)
            .send(stream);
        },
      );
    }
  };
}
