// The webhook receive path: find the account, verify the signature on the raw bytes, commit the delivery, then
// say how to acknowledge it. Parsing happens later in the workers; here nothing is parsed before verification.
import type { WebhookAck } from '../channels/index.js';
import type { ChannelAccountId } from '../domain/ids.js';
import { storeDeadLetter, storeRawInbound, storeReceipt, type Database } from '../store/index.js';
import type { ConnectorSource } from './connector-source.js';

export interface ReceiveWebhookDeps {
  readonly database: Database;
  readonly connectors: ConnectorSource;
  /** Called after an inbound delivery is committed (wakes the in-process ingest worker). */
  readonly onInbound?: () => void;
  /** Called after a delivery receipt is committed (wakes the outbox worker). */
  readonly onReceipt?: () => void;
}

export interface IncomingWebhook {
  readonly kind: string;
  readonly channelAccountId: string;
  readonly method: string;
  /** The public URL the provider called: EARSHOT_PUBLIC_URL + path, or the request's own scheme, host and path. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: Buffer;
}

export type WebhookResult =
  | { readonly kind: 'ack'; readonly ack: WebhookAck; readonly stored: 'new' | 'duplicate' | 'none' }
  | {
      readonly kind: 'rejected';
      readonly status: 400 | 401 | 404;
      readonly code: 'WEBHOOK_BAD_SIGNATURE' | 'WEBHOOK_MALFORMED' | 'CHANNEL_ACCOUNT_NOT_FOUND';
      readonly message: string;
    };

export async function receiveWebhook(deps: ReceiveWebhookDeps, req: IncomingWebhook): Promise<WebhookResult> {
  const found = await deps.connectors.get(req.channelAccountId);
  if (!found || found.account.kind !== req.kind || !found.connector.verifyWebhook) {
    return { kind: 'rejected', status: 404, code: 'CHANNEL_ACCOUNT_NOT_FOUND', message: `no ${req.kind} channel account ${req.channelAccountId} receives webhooks` };
  }
  const { account, connector } = found;
  const outcome = await connector.verifyWebhook!({ method: req.method, url: req.url, headers: req.headers, rawBody: req.rawBody });
  const channelAccountId = account.id as ChannelAccountId;
  switch (outcome.kind) {
    case 'forged':
      // Nothing stored: a forger must not be able to fill the database.
      return { kind: 'rejected', status: 401, code: 'WEBHOOK_BAD_SIGNATURE', message: `${req.kind} webhook: ${outcome.reason}` };
    case 'challenge':
      return { kind: 'ack', ack: outcome.ack, stored: 'none' };
    case 'malformed':
      await storeDeadLetter(deps.database.db, {
        organisationId: account.organisationId,
        channelAccountId,
        source: req.kind,
        payload: outcome.payload,
        reason: outcome.reason,
      });
      return { kind: 'rejected', status: 400, code: 'WEBHOOK_MALFORMED', message: `${req.kind} webhook: ${outcome.reason}` };
    case 'verified': {
      let receiptIsNew = false;
      if (outcome.stream !== 'inbound') {
        receiptIsNew = await storeReceipt(deps.database.db, { channelAccountId, kind: req.kind, dedupeKey: outcome.dedupeKey, payload: outcome.payload });
        if (receiptIsNew) deps.onReceipt?.();
        if (outcome.stream === 'receipt') return { kind: 'ack', ack: connector.acknowledge(), stored: receiptIsNew ? 'new' : 'duplicate' };
      }
      const report = await storeRawInbound(deps.database.db, [
        { organisationId: account.organisationId, channelAccountId, source: req.kind, dedupeKey: outcome.dedupeKey, payload: outcome.payload },
      ]);
      if (report.stored > 0) deps.onInbound?.();
      return { kind: 'ack', ack: connector.acknowledge(), stored: report.stored > 0 || receiptIsNew ? 'new' : 'duplicate' };
    }
  }
}
