// What the API's route plugins share: the store, the organisation, the clock and the tunables. Built once in
// app.ts; tests pass a fake clock and short lifetimes.
import type { EpochMs } from '../domain/ids.js';
import type { Triager } from '../domain/triage-result.js';
import type { ConnectorSource } from '../pipeline/index.js';
import type { Database, OrganisationRef, SessionPolicy } from '../store/index.js';
import type { EventHub } from './live/event-hub.js';
import type { LoginLimiter } from './login-limiter.js';

export interface ApiOptions {
  /** Resolved with ensureOrganisation when absent. */
  readonly organisation?: OrganisationRef;
  /** The 32-byte data-dir key that encrypts channel secrets; channel-account writes answer 503 without it. */
  readonly secretKey?: Buffer;
  readonly clock?: () => EpochMs;
  readonly session?: SessionPolicy;
  /** Login attempts per client IP per minute before 429 AUTH_RATE_LIMITED. */
  readonly loginAttemptsPerMinute?: number;
  readonly presenceTtlMs?: number;
  readonly sseHeartbeatMs?: number;
  /** Log a first-admin setup link when the server starts listening on a desk without agents. */
  readonly announceSetupLink?: boolean;
  /** EARSHOT_PUBLIC_URL: base of the setup link and the Secure cookie flag (https). */
  readonly publicUrl?: string;
  /** The desk's connectors, for the channel limits replies are checked against; built from secretKey when absent. */
  readonly connectors?: ConnectorSource;
  /** The desk's triager (POST /api/triage); loaded from models/ on first use when absent. */
  readonly triager?: Triager;
  /** EARSHOT_TRUST_PROXY: whose X-Forwarded-For names the client (per-address limits); default none. */
  readonly trustProxy?: boolean | number | string;
}

export interface ApiContext {
  readonly database: Database;
  readonly organisation: OrganisationRef;
  readonly secretKey: Buffer | undefined;
  readonly now: () => EpochMs;
  readonly session: SessionPolicy;
  readonly presenceTtlMs: number;
  readonly sseHeartbeatMs: number;
  readonly secureCookies: boolean;
  /** Host of EARSHOT_PUBLIC_URL: behind a proxy the browser's Origin names it, not the Host we see. */
  readonly publicHost: string | undefined;
  /** EARSHOT_PUBLIC_URL without a trailing slash: base of links sent to customers (handoff, CSAT). */
  readonly publicUrl: string | undefined;
  readonly loginLimiter: LoginLimiter;
  readonly hub: EventHub;
  /** Closers of open SSE streams, ended on shutdown so the server can drain. */
  readonly streams: Set<() => void>;
  /** Undefined without a secret key: replies then answer 409 CHANNEL_NOT_CONNECTED. */
  readonly connectors: ConnectorSource | undefined;
  readonly triager: () => Triager;
}
