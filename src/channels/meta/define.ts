// The one place the three Meta kinds are assembled: the same handshake, signature, batch parser and Graph client,
// with each kind's settings, limits and send path passed in.
import type { z } from 'zod';
import type { ChannelDefinition, ChannelLimits, ConnectorContext, OutboundReply, SendOutcome } from '../connector.js';
import type { GraphTarget } from './graph-call.js';
import { metaParser, type MetaKind } from './parse-inbound.js';
import { testGraphConnection } from './test-connection.js';
import { verifyMetaWebhook } from './verify-webhook.js';

interface MetaSettings {
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly apiBaseUrl: string;
  readonly graphVersion: string;
}

export interface MetaKindSpec<S extends MetaSettings> {
  readonly kind: MetaKind;
  readonly configSchema: z.ZodType<S>;
  readonly secretKeys: readonly string[];
  readonly limits: (settings: S) => ChannelLimits;
  readonly token: (settings: S) => string;
  /** Graph path of the object the account acts as (Page, Instagram account, phone number), for the connection test. */
  readonly selfPath: (settings: S) => string;
  readonly send: (target: GraphTarget, settings: S, item: OutboundReply) => Promise<SendOutcome>;
}

export function defineMetaChannel<S extends MetaSettings>(spec: MetaKindSpec<S>): ChannelDefinition<S> {
  const parseInbound = metaParser(spec.kind);
  return {
    kind: spec.kind,
    configSchema: spec.configSchema,
    secretKeys: spec.secretKeys,
    parseInbound,
    create(ctx: ConnectorContext<S>) {
      const s = ctx.settings;
      const target: GraphTarget = { fetch: ctx.fetch, now: ctx.now, timeoutMs: ctx.timeoutMs, apiBaseUrl: s.apiBaseUrl, graphVersion: s.graphVersion, token: spec.token(s) };
      return {
        kind: spec.kind,
        limits: spec.limits(s),
        verifyWebhook: (req) => verifyMetaWebhook(spec.kind, s, req, ctx.now()),
        // Meta only needs a fast 200; the body is ignored.
        acknowledge: () => ({ status: 200, contentType: 'text/plain', body: 'EVENT_RECEIVED' }),
        parseInbound,
        sendReply: (item) => spec.send(target, s, item),
        testConnection: () => testGraphConnection(target, spec.selfPath(s), `${spec.kind} ${spec.selfPath(s).split('?')[0]}`),
      };
    },
  };
}
