// POST /api/triage: rate a text as the desk would (for integrations that want the signals, and for checking the
// models by hand). Nothing is stored.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { responses } from '../contract/common.js';
import { triageSchema } from '../contract/conversations.js';

const triageBody = z.strictObject({
  text: z.string().max(20_000),
  author: z.strictObject({ followers: z.number().int().nonnegative().optional(), verified: z.boolean().optional() }).optional(),
  isPublic: z.boolean().optional(),
  reach: z.number().nonnegative().optional(),
});
const signal = <T extends z.ZodType>(value: T) => z.object({ value, score: z.number(), reasons: z.array(z.string()) });
const triageResponse = triageSchema.extend({
  emotion: signal(z.string()),
  intent: signal(z.string()).extend({ fine: z.object({ label: z.string(), score: z.number() }).optional() }),
  pii: z.object({ kinds: z.array(z.string()), maskedPreview: z.string() }),
});

export function triageRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/api/triage',
      {
        config: { access: needs('conversations:read') },
        schema: { tags: ['triage'], summary: 'Rate a text with the current models: every signal with its reasons, priority and path (nothing is stored)', body: triageBody, response: responses({ 200: triageResponse }) },
      },
      async (request) => {
        const b = request.body;
        const t = ctx.triager().triage({
          text: b.text,
          ...(b.author ? { author: { ...(b.author.followers === undefined ? {} : { followers: b.author.followers }), ...(b.author.verified === undefined ? {} : { verified: b.author.verified }) } } : {}),
          ...(b.isPublic === undefined ? {} : { isPublic: b.isPublic }),
          ...(b.reach === undefined ? {} : { reach: b.reach }),
        });
        return {
          ...t,
          language: { ...t.language, reasons: [...t.language.reasons] },
          sentiment: { ...t.sentiment, reasons: [...t.sentiment.reasons] },
          emotion: { ...t.emotion, reasons: [...t.emotion.reasons] },
          complaint: { ...t.complaint, reasons: [...t.complaint.reasons] },
          intent: { value: t.intent.value, score: t.intent.score, reasons: [...t.intent.reasons], ...(t.intent.fine ? { fine: { ...t.intent.fine } } : {}) },
          urgency: { ...t.urgency, reasons: [...t.urgency.reasons] },
          influence: { ...t.influence, reasons: [...t.influence.reasons] },
          priority: { ...t.priority, reasons: [...t.priority.reasons] },
          path: { ...t.path, reasons: [...t.path.reasons] },
          pii: { kinds: [...t.pii.kinds], maskedPreview: t.pii.maskedPreview },
          crisis: { terms: [...t.crisis.terms] },
          tags: [...t.tags],
        };
      },
    );
  };
}
