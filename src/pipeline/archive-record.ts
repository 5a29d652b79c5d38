// Archive rows (TWCS corpus, our CSV and JSONL layouts) → InboundMessage. Used twice on purpose: by the import
// reader to reject bad rows with their line number, and by the pipeline to normalise the stored raw row.
import { z } from 'zod';
import type { InboundMessage } from '../domain/inbound-message.js';

/** Longest text accepted from any archive row; longer rows are rejected rather than truncated. */
export const ARCHIVE_TEXT_MAX = 100_000;

export const ARCHIVE_FORMATS = ['twcs', 'csv', 'jsonl'] as const;
export type ArchiveFormat = (typeof ARCHIVE_FORMATS)[number];

export const TWCS_COLUMNS = [
  'tweet_id',
  'author_id',
  'inbound',
  'created_at',
  'text',
  'response_tweet_id',
  'in_response_to_tweet_id',
] as const;

export type NormaliseOutcome = { readonly kind: 'ok'; readonly message: InboundMessage } | { readonly kind: 'invalid'; readonly reason: string };

/** The checks every archive row shares: a readable time and a storable text. */
function checkTimeAndText(createdAt: string, text: string): { readonly sentAt: number } | { readonly kind: 'invalid'; readonly reason: string } {
  const sentAt = Date.parse(createdAt);
  if (!Number.isFinite(sentAt)) return { kind: 'invalid', reason: `created_at: unparseable date ${JSON.stringify(createdAt.slice(0, 40))}` };
  if (text.trim().length === 0) return { kind: 'invalid', reason: 'empty text' };
  if (text.includes('\uFFFD')) return { kind: 'invalid', reason: 'broken UTF-8 in text (invalid byte sequence)' };
  if (text.length > ARCHIVE_TEXT_MAX) return { kind: 'invalid', reason: `text over the limit: ${text.length} characters, at most ${ARCHIVE_TEXT_MAX}` };
  return { sentAt };
}

const twcsRow = z.object({
  tweet_id: z.string().regex(/^\d+$/, 'expected a numeric tweet id'),
  author_id: z.string().min(1, 'expected an author id'),
  inbound: z.enum(['True', 'False'], { message: 'expected True or False' }),
  created_at: z.string(),
  text: z.string(),
  response_tweet_id: z.string().optional(),
  in_response_to_tweet_id: z.string().regex(/^(\d+(\.0)?)?$/, 'expected a tweet id such as 3 or 3.0').optional(),
});

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'row'}: ${issue.message}` : 'invalid row';
}

/** TWCS: ids are tweet ids, `inbound=False` rows are the company's replies, reply links rebuild threads. */
export function normaliseTwcs(payload: unknown): NormaliseOutcome {
  const parsed = twcsRow.safeParse(payload);
  if (!parsed.success) return { kind: 'invalid', reason: firstIssue(parsed.error) };
  const row = parsed.data;
  const checked = checkTimeAndText(row.created_at, row.text);
  if ('kind' in checked) return checked;
  const { sentAt } = checked;
  const parent = row.in_response_to_tweet_id ? row.in_response_to_tweet_id.replace(/\.0$/, '') : undefined;
  return {
    kind: 'ok',
    message: {
      externalId: row.tweet_id,
      ...(parent ? { inReplyToExternalId: parent } : {}),
      direction: row.inbound === 'True' ? 'inbound' : 'outbound',
      author: { handle: row.author_id },
      text: row.text,
      sentAt,
      isPublic: true,
    },
  };
}

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

/** Our own archive layout, the same keys in CSV headers and JSONL objects. */
const genericRow = z.object({
  id: z.union([z.string().min(1), z.number().transform(String)]),
  author: z.union([z.string().min(1), z.number().transform(String)]),
  text: z.string(),
  created_at: z.string(),
  in_reply_to: z.union([optionalText, z.number().transform(String)]),
  direction: z.enum(['inbound', 'outbound']).optional().or(z.literal('').transform(() => undefined)),
  thread: optionalText,
  author_name: optionalText,
  email: optionalText,
  phone: optionalText,
  public: z
    .union([z.boolean(), z.enum(['true', 'false', '']).transform((v) => v === 'true')])
    .optional(),
});

export const GENERIC_COLUMNS = Object.keys(genericRow.shape);

export function normaliseGeneric(payload: unknown): NormaliseOutcome {
  const parsed = genericRow.safeParse(payload);
  if (!parsed.success) return { kind: 'invalid', reason: firstIssue(parsed.error) };
  const row = parsed.data;
  const checked = checkTimeAndText(row.created_at, row.text);
  if ('kind' in checked) return checked;
  const { sentAt } = checked;
  return {
    kind: 'ok',
    message: {
      externalId: row.id,
      ...(row.in_reply_to ? { inReplyToExternalId: row.in_reply_to } : {}),
      ...(row.thread ? { threadKey: row.thread } : {}),
      direction: row.direction ?? 'inbound',
      author: {
        handle: row.author,
        ...(row.author_name ? { displayName: row.author_name } : {}),
        ...(row.email ? { verifiedEmail: row.email } : {}),
        ...(row.phone ? { verifiedPhone: row.phone } : {}),
      },
      text: row.text,
      sentAt,
      isPublic: row.public ?? false,
    },
  };
}
