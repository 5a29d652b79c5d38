// The one interface every channel implements, and the plain values that cross it. Connectors receive their
// settings, HTTP client and clock in a context and return values; the pipeline stores them (STYLE.md §1, §11).
import type { z } from 'zod';
import type { ChannelKind } from '../domain/channel-kind.js';
import type { EpochMs } from '../domain/ids.js';
import type { InboundMessage } from '../domain/inbound-message.js';
import type { RateLimitState } from './shared/rate-limit.js';

/** Differences between channels that the core needs, as data rather than `if (kind === …)`. */
export interface ChannelLimits {
  /** Longest reply text the provider accepts, in UTF-16 code units; longer replies fail before sending. */
  readonly maxTextLength: number;
  /** Free-form replies are allowed only this long after the customer's last message; null = no window. */
  readonly messagingWindowMs: number | null;
  readonly isPublic: boolean;
  /** How replies find their place: provider reply chains, a per-contact thread, or nothing (events only). */
  readonly threading: 'reply-chain' | 'thread-key' | 'none';
  /** The connector can send replies at all (phone events cannot). */
  readonly canReply: boolean;
}

/** One inbound HTTP delivery exactly as it arrived; nothing is parsed before `verifyWebhook` has looked at it. */
export interface RawWebhook {
  readonly method: string;
  /** The public URL the provider called (scheme, host, path, query): what URL-covering signatures sign. */
  readonly url: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: Buffer;
}

/** How earshot answers the provider once the delivery is stored. */
export interface WebhookAck {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * The result of checking a delivery. `verified` says which stream it belongs to (customer items go through the
 * ingest pipeline, receipts update delivery status) and the provider's delivery key, so a redelivery is a no-op
 * at the store's unique index.
 */
export type VerifyOutcome =
  | {
      readonly kind: 'verified';
      /** `both`: one batched delivery (Meta `entry[]`) holding customer items and receipts; stored for each stream. */
      readonly stream: 'inbound' | 'receipt' | 'both';
      readonly dedupeKey: string | null;
      /** What to store for the worker to parse: decoded enough to be JSON, nothing dropped. */
      readonly payload: StoredWebhook;
    }
  | { readonly kind: 'forged'; readonly reason: string }
  /** Answer without storing (Meta `hub.challenge`, X CRC). */
  | { readonly kind: 'challenge'; readonly ack: WebhookAck }
  /** Authentic but unreadable (bad encoding, not the provider's format): dead-lettered with the reason. */
  | { readonly kind: 'malformed'; readonly reason: string; readonly payload: StoredWebhook };

/** The stored form of a webhook delivery: raw body as text (or base64 when not UTF-8) plus what parsing needs. */
export interface StoredWebhook {
  readonly contentType: string;
  readonly body: string;
  readonly bodyEncoding: 'utf8' | 'base64';
  readonly headers: Readonly<Record<string, string>>;
  readonly url: string;
  readonly receivedAt: EpochMs;
}

export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A provider's report on a message we sent, keyed by the provider's id for it. */
export interface DeliveryUpdate {
  readonly externalId: string;
  readonly status: 'sent' | 'delivered' | 'failed';
  readonly reason?: string;
}

export type ParseOutcome =
  | { readonly kind: 'ok'; readonly messages: readonly InboundMessage[]; readonly deliveryUpdates: readonly DeliveryUpdate[] }
  | { readonly kind: 'invalid'; readonly reason: string };

export interface PollPage {
  /** Raw items, stored as they are and parsed by `parseInbound` in the worker like webhook deliveries. */
  readonly items: readonly { readonly dedupeKey: string; readonly payload: unknown }[];
  /** Where the next poll starts; persisted only after the items are stored. */
  readonly nextCursor: string | null;
  /** True when the provider has nothing more right now: wait for the interval before polling again. */
  readonly caughtUp: boolean;
  readonly rateLimit?: RateLimitState;
}

/** What the outbox asks a connector to send. */
export interface OutboundReply {
  /** Ours, unique per outbox item; sent to providers that accept one, used to look a send up after a timeout. */
  readonly idempotencyKey: string;
  readonly text: string;
  /** The customer's handle on the channel (phone number, visitor id…). */
  readonly to: string;
  /** The customer message this answers, for channels with reply chains. */
  readonly inReplyToExternalId?: string;
  /** When the first attempt started: lookups after a timeout search from here. */
  readonly firstAttemptAt: EpochMs;
}

export type SendOutcome = { readonly kind: 'sent'; readonly externalId: string; readonly status: 'sent' | 'delivered' };

export type ConnectionTest = { readonly ok: true; readonly detail: string } | { readonly ok: false; readonly reason: string };

/** What a connector gets from the composition root; base URLs come from settings so tests can use fakes. */
export interface ConnectorContext<S> {
  readonly settings: S;
  readonly channelAccountId: string;
  /** The public URL of this account's webhook (for status callbacks), when EARSHOT_PUBLIC_URL is set. */
  readonly webhookUrl: string | undefined;
  readonly fetch: typeof fetch;
  readonly now: () => EpochMs;
  /** Per-request timeout for provider calls. */
  readonly timeoutMs: number;
  /**
   * For channels whose "provider" is earshot itself (web chat): hands an outbound frame to the local transport
   * and returns its id there. Undefined in processes that cannot deliver locally.
   */
  readonly deliverLocally?: (frame: { readonly to: string; readonly idempotencyKey: string; readonly text: string }) => Promise<string>;
}

export interface Connector {
  readonly kind: ChannelKind;
  readonly limits: ChannelLimits;
  /**
   * Absent for channels that do not push. A forged request is an outcome, not a throw. May be async for channels
   * that must decode an authenticated delivery before storing it (email drops attachment bodies at the edge).
   */
  verifyWebhook?(req: RawWebhook): VerifyOutcome | Promise<VerifyOutcome>;
  /** How a stored delivery is acknowledged (TwiML `<Response/>`, CTI `{}`). */
  acknowledge(): WebhookAck;
  /** Pure: stored payload → messages and delivery updates; failure carries the dead-letter reason. */
  parseInbound(payload: unknown): ParseOutcome;
  poll?(cursor: string | null, signal: AbortSignal): Promise<PollPage>;
  /** Throws ChannelError: `retryable` for 5xx/timeouts/429, not for refusals that cannot succeed. */
  sendReply(item: OutboundReply): Promise<SendOutcome>;
  /** After an ambiguous failure (timeout): was it sent after all? Absent when the provider cannot tell. */
  findSent?(item: OutboundReply): Promise<SendOutcome | null>;
  testConnection(): Promise<ConnectionTest>;
}

/** One channel kind: its settings schema (secret keys are encrypted at rest), its pure parser and its factory. */
export interface ChannelDefinition<S = unknown> {
  readonly kind: ChannelKind;
  readonly configSchema: z.ZodType<S>;
  /** Setting names stored encrypted (`secrets bytea`) instead of in the readable `settings` JSON. */
  readonly secretKeys: readonly string[];
  /** Minimum gap between polls of one account, when the channel polls. */
  readonly pollIntervalMs?: number;
  readonly parseInbound: (payload: unknown) => ParseOutcome;
  /** Extra path after `/hooks/<kind>/<accountId>` that the provider must call (a CTI path token). */
  readonly webhookSuffix?: (settings: S) => string;
  create(ctx: ConnectorContext<S>): Connector;
}
