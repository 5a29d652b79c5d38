// The web chat transport behind /chat/v1: visitor sessions with signed tokens, visitor messages stored (frame and
// raw inbound in one transaction) and deduped on clientMsgId, and the transcript read back by seq for replay.
import { createHmac } from 'node:crypto';
import {
  checkVisitorToken,
  isOriginAllowed,
  signVisitorToken,
  visitorIdentity,
  visitorMessage,
  webchatConfigSchema,
  VISITOR_TOKEN_TTL_MS,
  type StoredChatFrame,
  type WebchatConfig,
} from '../channels/index.js';
import type { ChannelAccountId, EpochMs } from '../domain/ids.js';
import { readChatFrames, storeVisitorMessage, type ChatFrame, type Database } from '../store/index.js';
import type { AccountConnector, ConnectorSource } from './connector-source.js';

export interface WebchatDeps {
  readonly database: Database;
  readonly connectors: ConnectorSource;
  /** The desk's secret key; per-account visitor-token keys are derived from it. */
  readonly secretKey: Buffer;
  readonly now?: () => EpochMs;
  /** Called after a new visitor message is committed (wakes the ingest worker). */
  readonly onInbound?: () => void;
}

export type ChatRejection = { readonly kind: 'rejected'; readonly status: 400 | 401 | 403 | 404; readonly code: string; readonly message: string };

interface ChatAccount {
  readonly kind: 'ok';
  readonly found: AccountConnector;
  readonly settings: WebchatConfig;
}

const reject = (status: ChatRejection['status'], code: string, message: string): ChatRejection => ({ kind: 'rejected', status, code, message });

function tokenKey(secretKey: Buffer, accountId: string): Buffer {
  return createHmac('sha256', secretKey).update(`webchat-visitor-token:${accountId}`).digest();
}

async function chatAccount(deps: WebchatDeps, accountId: string, origin: string | undefined): Promise<ChatAccount | ChatRejection> {
  const found = await deps.connectors.get(accountId);
  if (!found || found.account.kind !== 'webchat') return reject(404, 'CHANNEL_ACCOUNT_NOT_FOUND', `no web chat account ${accountId}`);
  const settings = webchatConfigSchema.safeParse(found.account.config);
  if (!settings.success) return reject(404, 'CHANNEL_ACCOUNT_NOT_FOUND', `web chat account ${accountId} is not configured`);
  if (!isOriginAllowed(settings.data, origin)) return reject(403, 'WEBCHAT_ORIGIN_FORBIDDEN', `origin ${origin ?? '(none)'} may not use this chat`);
  return { kind: 'ok', found, settings: settings.data };
}

export interface ChatSession {
  readonly kind: 'ok';
  readonly visitorId: string;
  readonly visitorToken: string;
  readonly expiresAt: EpochMs;
  readonly title: string;
}

export async function openChatSession(
  deps: WebchatDeps,
  input: { readonly accountId: string; readonly origin: string | undefined; readonly visitorToken?: string; readonly userId?: string; readonly userHash?: string },
): Promise<ChatSession | ChatRejection> {
  const chat = await chatAccount(deps, input.accountId, input.origin);
  if (chat.kind === 'rejected') return chat;
  const now = (deps.now ?? Date.now)();
  const key = tokenKey(deps.secretKey, chat.found.account.id);
  let visitorId: string;
  const existing = input.visitorToken ? checkVisitorToken(key, input.visitorToken, now) : undefined;
  if (existing?.kind === 'valid' && input.userId === undefined) visitorId = existing.visitorId;
  else {
    const identity = visitorIdentity(chat.settings, chat.found.account.id, { ...(input.userId ? { userId: input.userId } : {}), ...(input.userHash ? { userHash: input.userHash } : {}) });
    if (identity.kind === 'rejected') return reject(401, 'WEBCHAT_TOKEN_INVALID', identity.reason);
    visitorId = identity.visitorId;
  }
  const expiresAt = now + VISITOR_TOKEN_TTL_MS;
  return { kind: 'ok', visitorId, visitorToken: signVisitorToken(key, visitorId, expiresAt), expiresAt, title: chat.settings.title };
}

async function visitor(deps: WebchatDeps, input: { accountId: string; origin: string | undefined; token: string | undefined }) {
  const chat = await chatAccount(deps, input.accountId, input.origin);
  if (chat.kind === 'rejected') return chat;
  const check = checkVisitorToken(tokenKey(deps.secretKey, chat.found.account.id), input.token, (deps.now ?? Date.now)());
  if (check.kind === 'invalid') return reject(401, 'WEBCHAT_TOKEN_INVALID', check.reason);
  return { kind: 'ok' as const, chat, visitorId: check.visitorId };
}

export type VisitorMessageAck = { readonly kind: 'ack'; readonly clientMsgId: string; readonly seq: number; readonly duplicate: boolean };

export async function postVisitorMessage(
  deps: WebchatDeps,
  input: { readonly accountId: string; readonly origin: string | undefined; readonly token: string | undefined; readonly body: unknown },
): Promise<VisitorMessageAck | ChatRejection> {
  const v = await visitor(deps, input);
  if (v.kind === 'rejected') return v;
  const parsed = visitorMessage.safeParse(input.body);
  if (!parsed.success) {
    return reject(400, 'INPUT_INVALID', parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; '));
  }
  const m = parsed.data;
  const account = v.chat.found.account;
  const frame: StoredChatFrame = {
    visitorId: v.visitorId,
    clientMsgId: m.clientMsgId,
    body: m.body,
    ts: (deps.now ?? Date.now)(),
    ...(m.name ? { name: m.name } : {}),
    ...(m.email ? { email: m.email } : {}),
  };
  const stored = await storeVisitorMessage(deps.database.db, {
    organisationId: account.organisationId,
    channelAccountId: account.id as ChannelAccountId,
    visitorId: v.visitorId,
    clientMsgId: m.clientMsgId,
    body: m.body,
    authorName: m.name ?? null,
    rawPayload: frame,
  });
  if (!stored.duplicate) deps.onInbound?.();
  return { kind: 'ack', clientMsgId: m.clientMsgId, seq: stored.seq, duplicate: stored.duplicate };
}

export async function readVisitorFrames(
  deps: WebchatDeps,
  input: { readonly accountId: string; readonly origin: string | undefined; readonly token: string | undefined; readonly afterSeq: number },
): Promise<{ readonly kind: 'ok'; readonly visitorId: string; readonly frames: readonly ChatFrame[] } | ChatRejection> {
  const v = await visitor(deps, input);
  if (v.kind === 'rejected') return v;
  const frames = await readChatFrames(deps.database.db, {
    channelAccountId: v.chat.found.account.id as ChannelAccountId,
    visitorId: v.visitorId,
    afterSeq: input.afterSeq,
    limit: 200,
  });
  return { kind: 'ok', visitorId: v.visitorId, frames };
}
