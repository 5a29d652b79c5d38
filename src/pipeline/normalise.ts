// Step one of the pipeline: a stored raw payload → InboundMessages, chosen by the row's `source`.
// Failures are values carrying the dead-letter reason, never exceptions.
import { z } from 'zod';
import { channelDefinition } from '../channels/index.js';
import type { InboundMessage } from '../domain/inbound-message.js';
import { normaliseGeneric, normaliseTwcs, type NormaliseOutcome } from './archive-record.js';

export type BatchNormaliseOutcome =
  | { readonly kind: 'ok'; readonly messages: readonly InboundMessage[] }
  | { readonly kind: 'invalid'; readonly reason: string };

/** Already-normalised items (demo data, tests, channels that parse at the edge), checked again on the way in. */
const normalisedSchema = z.object({
  externalId: z.string().min(1),
  inReplyToExternalId: z.string().min(1).optional(),
  threadKey: z.string().min(1).optional(),
  direction: z.enum(['inbound', 'outbound']),
  author: z.object({
    handle: z.string().min(1),
    displayName: z.string().optional(),
    verifiedEmail: z.string().optional(),
    verifiedPhone: z.string().optional(),
    followers: z.number().int().nonnegative().optional(),
    verified: z.boolean().optional(),
  }),
  text: z.string().max(100_000),
  sentAt: z.number().finite(),
  isPublic: z.boolean(),
});

function single(outcome: NormaliseOutcome): BatchNormaliseOutcome {
  return outcome.kind === 'ok' ? { kind: 'ok', messages: [outcome.message] } : outcome;
}

const NORMALISERS: Readonly<Record<string, (payload: unknown) => BatchNormaliseOutcome>> = {
  'import.twcs': (p) => single(normaliseTwcs(p)),
  'import.csv': (p) => single(normaliseGeneric(p)),
  'import.jsonl': (p) => single(normaliseGeneric(p)),
  normalised: (p) => {
    const parsed = z.array(normalisedSchema).safeParse(Array.isArray(p) ? p : [p]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { kind: 'invalid', reason: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
    }
    return { kind: 'ok', messages: parsed.data as readonly InboundMessage[] };
  },
};

export function normaliseRaw(source: string, payload: unknown): BatchNormaliseOutcome {
  const normalise = NORMALISERS[source];
  if (normalise) return normalise(payload);
  // Channel deliveries are stored raw under their kind and parsed by that channel's connector.
  const channel = channelDefinition(source);
  if (!channel) return { kind: 'invalid', reason: `no normaliser for source ${source}` };
  const parsed = channel.parseInbound(payload);
  return parsed.kind === 'ok' ? { kind: 'ok', messages: parsed.messages } : parsed;
}
