// Polling X (PROTOCOLS.md §1), the fallback when Account Activity webhooks are not available: the mentions
// timeline, then recent search for the listening query, one page per call, each pass from the last `since_id`.
import type { ConnectorContext, PollPage } from '../connector.js';
import { ChannelError } from '../../domain/errors.js';
import { parseRateLimit, RATE_LIMIT_HEADERS } from '../shared/rate-limit.js';
import { zodReason } from '../shared/zod-reason.js';
import { callX } from './api-call.js';
import type { XConfig } from './config-schema.js';
import { advancePass, passOf, readCursor, type PassState } from './poll-cursor.js';
import { v2Page, type PolledPost } from './wire-schema.js';

const FIELDS = {
  'tweet.fields': 'created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets',
  expansions: 'author_id',
  'user.fields': 'username,name,verified,public_metrics,profile_image_url',
};

type Stream = 'mentions' | 'search';

function pageUrl(s: XConfig, stream: Stream, pass: PassState): string {
  const q = new URLSearchParams({ max_results: '100', ...FIELDS });
  if (pass.since) q.set('since_id', pass.since);
  if (stream === 'mentions') {
    if (pass.next) q.set('pagination_token', pass.next);
    return `/2/users/${s.userId}/mentions?${q}`;
  }
  q.set('query', s.searchQuery ?? '');
  if (pass.next) q.set('next_token', pass.next);
  return `/2/tweets/search/recent?${q}`;
}

export function pollStreams(s: XConfig): Stream[] {
  return [...(s.pollMentions ? (['mentions'] as const) : []), ...(s.searchQuery ? (['search'] as const) : [])];
}

export async function pollX(ctx: ConnectorContext<XConfig>, rawCursor: string | null): Promise<PollPage> {
  const s = ctx.settings;
  const streams = pollStreams(s);
  if (streams.length === 0) return { items: [], nextCursor: rawCursor, caughtUp: true };
  const cursor = readCursor(rawCursor);
  const index = cursor.turn % streams.length;
  const stream = streams[index]!;
  const pass = passOf(cursor, stream);
  const what = stream === 'mentions' ? 'X mentions poll' : 'X recent search poll';
  const response = await callX(ctx, { method: 'GET', path: pageUrl(s, stream, pass), auth: 'app', what });
  const page = v2Page.safeParse(response.body);
  if (!page.success) throw new ChannelError('CHANNEL_UNAVAILABLE', `${what}: unreadable answer: ${zodReason(page.error.issues)}`, { retryable: true });
  const users = new Map((page.data.includes?.users ?? []).map((u) => [u.id, u]));
  const items = (page.data.data ?? [])
    .filter((t) => t.author_id !== s.userId)
    .map((tweet) => {
      const author = users.get(tweet.author_id);
      const payload: PolledPost = { source: 'x.v2', tweet, ...(author ? { author } : {}), ...(stream === 'search' && s.searchQuery ? { matchedQuery: s.searchQuery } : {}) };
      return { dedupeKey: `post:${tweet.id}`, payload };
    });
  const { state, done } = advancePass(pass, page.data.meta);
  const next = { turn: done ? cursor.turn + 1 : cursor.turn, streams: { ...cursor.streams, [stream]: state } };
  const rateLimit = parseRateLimit(response.headers, RATE_LIMIT_HEADERS.x, ctx.now());
  return { items, nextCursor: JSON.stringify(next), caughtUp: done && index === streams.length - 1, ...(rateLimit ? { rateLimit } : {}) };
}
