// Fans stored events and presence out to connected SSE clients. One reader per process: a NOTIFY wakes it, it
// reads the new `event` rows once, and each client gets only the conversations its scope covers (an event
// with none of them is not sent at all). Clients resuming with Last-Event-ID replay from the table first.
import type { Logger } from 'pino';
import { isInScope, type ConversationScope } from '../../domain/access.js';
import type { TeamId } from '../../domain/ids.js';
import {
  EVENTS_CHANNEL,
  latestEventId,
  listenForNotifications,
  loadConversationSummary,
  PRESENCE_CHANNEL,
  readEventsAfter,
  type Database,
  type Listener,
  type StoredEvent,
} from '../../store/index.js';
import type { LiveEvent } from '../contract/live.js';

export interface HubClient {
  readonly organisationId: string;
  scope: ConversationScope;
  /** Writes one SSE frame. */
  send(frame: string): void;
}

interface Registered {
  readonly client: HubClient;
  lastSentId: bigint;
  /** While replaying, live events wait here. */
  buffer: StoredEvent[] | null;
}

const REPLAY_LIMIT = 5000;

export function frameOf(event: LiveEvent): string {
  return `${event.id === undefined ? '' : `id: ${event.id}\n`}event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** The event as one client may see it: only its conversations, or null when none are in scope. */
export function eventFor(scope: ConversationScope, event: StoredEvent): LiveEvent | null {
  const visible = event.conversations.filter((c) => isInScope(scope, c.teamId)).map((c) => c.id);
  if (visible.length === 0) return null;
  const payload: Record<string, unknown> = { ...event.payload };
  for (const key of ['created', 'updated'] as const) {
    const list = payload[key];
    if (Array.isArray(list)) payload[key] = list.filter((id) => visible.includes(id as string));
  }
  return { id: event.id, type: event.type, conversationIds: visible, payload, at: new Date(event.createdAt).toISOString() };
}

function scopeKey(scope: ConversationScope): string {
  return scope.kind === 'teams' ? `teams:${scope.includeUnteamed}:${[...scope.teamIds].sort().join(',')}` : scope.kind;
}

export class EventHub {
  readonly #database: Database;
  readonly #log: Logger;
  readonly #clients = new Set<Registered>();
  #lastId = 0n;
  #listener: Listener | undefined;
  #pumping: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(database: Database, log: Logger) {
    this.#database = database;
    this.#log = log;
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  async start(): Promise<void> {
    this.#lastId = BigInt(await latestEventId(this.#database.db));
    this.#listener = await listenForNotifications(
      this.#database,
      [EVENTS_CHANNEL, PRESENCE_CHANNEL],
      (channel, payload) => (channel === PRESENCE_CHANNEL ? void this.#presence(payload) : this.wake()),
      (err) => this.#log.warn({ err }, 'live events listener failed; events reach clients on the next wake-up'),
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#listener?.close();
    await this.#pumping;
  }

  /** Reads and fans out new events; NOTIFYs that arrive meanwhile cause one more read, not one each. */
  wake(): void {
    if (this.#closed) return;
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = this.#pump()
      .catch((err: unknown) => this.#log.error({ err }, 'live events could not be read'))
      .finally(() => {
        this.#pumping = undefined;
        if (this.#again) {
          this.#again = false;
          this.wake();
        }
      });
  }

  /** Waits until every event committed so far has been fanned out (tests, shutdown). */
  async settle(): Promise<void> {
    this.wake();
    while (this.#pumping) await this.#pumping;
  }

  async #pump(): Promise<void> {
    for (;;) {
      const events = await readEventsAfter(this.#database.db, this.#lastId.toString(), 500);
      if (events.length === 0) return;
      for (const event of events) {
        this.#lastId = BigInt(event.id);
        const frames = new Map<string, string | null>();
        for (const r of this.#clients) {
          if (r.client.organisationId !== event.organisationId) continue;
          if (r.buffer) {
            r.buffer.push(event);
            continue;
          }
          // Clients with the same scope get the same frame: built once per scope, not once per client.
          const key = scopeKey(r.client.scope);
          let frame = frames.get(key);
          if (frame === undefined) {
            const visible = eventFor(r.client.scope, event);
            frame = visible && frameOf(visible);
            frames.set(key, frame);
          }
          if (frame && BigInt(event.id) > r.lastSentId) {
            r.lastSentId = BigInt(event.id);
            r.client.send(frame);
          }
        }
      }
    }
  }

  async #presence(payload: string): Promise<void> {
    let p: { organisationId?: unknown; conversationId?: unknown; agentId?: unknown; agentName?: unknown; state?: unknown; expiresAt?: unknown };
    try {
      p = JSON.parse(payload) as typeof p;
    } catch (err) {
      this.#log.warn({ err }, 'presence notification is not JSON; dropped');
      return;
    }
    if (typeof p.conversationId !== 'string' || typeof p.organisationId !== 'string') return;
    const conversation = await loadConversationSummary(this.#database.db, { organisationId: p.organisationId, scope: { kind: 'all' }, id: p.conversationId }).catch(
      (err: unknown) => {
        this.#log.warn({ err }, 'presence: conversation lookup failed; dropped');
        return null;
      },
    );
    if (!conversation) return;
    const event: LiveEvent = {
      type: 'presence',
      conversationIds: [p.conversationId],
      payload: { agentId: p.agentId, agentName: p.agentName, state: p.state, expiresAt: typeof p.expiresAt === 'number' ? new Date(p.expiresAt).toISOString() : null },
      at: new Date().toISOString(),
    };
    const frame = frameOf(event);
    for (const r of this.#clients) {
      if (r.client.organisationId === p.organisationId && isInScope(r.client.scope, conversation.teamId as TeamId | null)) r.client.send(frame);
    }
  }

  /**
   * Adds a client. With `lastEventId`, first replays the stored events after it that the client may see (at most
   * REPLAY_LIMIT; beyond that it gets one `resync` frame and should reload its lists).
   */
  async subscribe(client: HubClient, lastEventId: string | undefined): Promise<() => void> {
    const r: Registered = { client, lastSentId: this.#lastId, buffer: lastEventId === undefined ? null : [] };
    this.#clients.add(r);
    const remove = () => void this.#clients.delete(r);
    if (lastEventId === undefined) return remove;
    try {
      r.lastSentId = BigInt(lastEventId);
      const upTo = this.#lastId;
      let after = lastEventId;
      let replayed = 0;
      for (;;) {
        const events = (await readEventsAfter(this.#database.db, after, 500)).filter((e) => BigInt(e.id) <= upTo);
        if (events.length === 0) break;
        replayed += events.length;
        if (replayed > REPLAY_LIMIT) {
          client.send(frameOf({ type: 'resync', conversationIds: [], payload: { reason: 'too many events missed; reload' }, at: new Date().toISOString() }));
          r.lastSentId = upTo;
          break;
        }
        for (const e of events) {
          if (e.organisationId !== client.organisationId) continue;
          const visible = eventFor(client.scope, e);
          if (visible) client.send(frameOf(visible));
          r.lastSentId = BigInt(e.id);
        }
        after = events.at(-1)!.id;
        if (BigInt(after) >= upTo) break;
      }
      if (r.lastSentId < upTo) r.lastSentId = upTo;
    } finally {
      const pending = r.buffer ?? [];
      r.buffer = null;
      for (const e of pending) {
        if (BigInt(e.id) <= r.lastSentId) continue;
        const visible = eventFor(client.scope, e);
        if (visible) client.send(frameOf(visible));
        r.lastSentId = BigInt(e.id);
      }
    }
    return remove;
  }
}
