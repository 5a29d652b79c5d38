// Connectors for channel accounts, built from the stored settings and decrypted secrets and cached briefly, so a
// webhook burst does not reload and decrypt its account per request.
import {
  requireChannel,
  type Connector,
  type ConnectorContext,
} from '../channels/index.js';
import type { ChannelAccountId, EpochMs } from '../domain/ids.js';
import { InputError } from '../domain/errors.js';
import { loadChannelAccount, storeAgentFrame, type ChannelAccountConfig, type Database } from '../store/index.js';

export interface AccountConnector {
  readonly account: ChannelAccountConfig;
  readonly connector: Connector;
  /** Public URL of the account's webhook; undefined without EARSHOT_PUBLIC_URL. */
  readonly webhookUrl: string | undefined;
}

export interface ConnectorSourceDeps {
  readonly database: Database;
  readonly secretKey: Buffer;
  /** EARSHOT_PUBLIC_URL without a trailing slash. */
  readonly publicUrl: string | undefined;
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => EpochMs;
  readonly cacheMs?: number;
}

export interface ConnectorSource {
  get(channelAccountId: string): Promise<AccountConnector | null>;
  forget(channelAccountId: string): void;
}

/** `/hooks/<kind>/<id>[suffix]`: where a provider must send this account's webhooks. */
export function webhookPath(kind: string, channelAccountId: string, config: Readonly<Record<string, unknown>>): string {
  const def = requireChannel(kind);
  const settings = def.configSchema.safeParse(config);
  const suffix = def.webhookSuffix && settings.success ? def.webhookSuffix(settings.data) : '';
  return `/hooks/${kind}/${channelAccountId}${suffix}`;
}

export function buildConnector(deps: ConnectorSourceDeps, account: ChannelAccountConfig): AccountConnector {
  const def = requireChannel(account.kind);
  const parsed = def.configSchema.safeParse(account.config);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'config'}: ${i.message}`);
    throw new InputError('CHANNEL_CONFIG_INVALID', `channel account ${account.name} (${account.kind}) has invalid settings: ${lines.join('; ')}`);
  }
  const webhookUrl = deps.publicUrl === undefined ? undefined : `${deps.publicUrl}${webhookPath(account.kind, account.id, account.config)}`;
  const ctx: ConnectorContext<unknown> = {
    settings: parsed.data,
    channelAccountId: account.id,
    webhookUrl,
    fetch: deps.fetch ?? fetch,
    now: deps.now ?? Date.now,
    timeoutMs: deps.timeoutMs,
    deliverLocally: (frame) =>
      storeAgentFrame(deps.database.db, {
        channelAccountId: account.id as ChannelAccountId,
        visitorId: frame.to,
        idempotencyKey: frame.idempotencyKey,
        body: frame.text,
        authorName: null,
      }).then((seq) => `frame:${seq}`),
  };
  return { account, connector: def.create(ctx), webhookUrl };
}

export function createConnectorSource(deps: ConnectorSourceDeps): ConnectorSource {
  const cache = new Map<string, { at: number; value: Promise<AccountConnector | null> }>();
  const ttl = deps.cacheMs ?? 5000;
  const now = deps.now ?? Date.now;
  return {
    get(id) {
      const hit = cache.get(id);
      if (hit && now() - hit.at < ttl) return hit.value;
      const value = loadChannelAccount(deps.database.db, deps.secretKey, id).then((account) => (account ? buildConnector(deps, account) : null));
      cache.set(id, { at: now(), value });
      // A failed load is not cached: the next request tries again.
      value.catch(() => cache.delete(id));
      return value;
    },
    forget: (id) => void cache.delete(id),
  };
}
