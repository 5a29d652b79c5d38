// The connector contract suite (STYLE.md §8): every connector, against its fake, on both engines — good and forged
// signatures, every fixture parses, a redelivery dedupes, a poll pages to the end, a reply is sent once, a 429
// backs off.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../support/databases.js';
import { startChannelDesk, type ChannelDesk } from './harness.js';

export interface Delivery {
  readonly status: number;
  readonly body: string;
}

export interface ContractInstance {
  readonly accountId: string;
  /** 2xx status the provider expects on a stored delivery. */
  readonly ackStatus: number;
  /** Every fixture, delivered as the provider would (signed). */
  readonly fixtures: readonly { readonly name: string; send(): Promise<Delivery> }[];
  /** A signed customer message with the given provider id; sending the same id again is a redelivery. */
  sendInbound(id: string, text: string): Promise<Delivery>;
  sendForged(): Promise<Delivery>;
  /** How many times the provider received a reply with this text (absent for channels that cannot reply). */
  readonly sentCount?: (text: string) => Promise<number>;
  /** Makes the provider answer the next send with 429 and Retry-After (seconds). */
  readonly rateLimitNextSend?: (retryAfterSeconds: number) => Promise<void>;
  /** Pages through the provider's items from a fresh cursor; returns the number of items stored. */
  readonly pollToEnd?: () => Promise<{ stored: number; expected: number }>;
  stop(): Promise<void>;
}

export interface ContractSubject {
  readonly kind: string;
  start(desk: ChannelDesk): Promise<ContractInstance>;
}

export function connectorContract(subject: ContractSubject): void {
  describe.each(ENGINES)(`connector contract: ${subject.kind} on %s`, (engine) => {
    let desk: ChannelDesk;
    let c: ContractInstance;
    beforeAll(async () => {
      desk = await startChannelDesk(engine);
      c = await subject.start(desk);
    });
    afterAll(async () => {
      await c.stop();
      await desk.close();
    });
    const raw = (status: string) => desk.count(`raw_inbound where status = '${status}'`, c.accountId);

    it('acknowledges a correctly signed delivery after storing it', async () => {
      const before = (await raw('pending')) + (await raw('done'));
      const res = await c.sendInbound('contract-good-1', 'hello from the contract');
      expect(res.status).toBe(c.ackStatus);
      expect((await raw('pending')) + (await raw('done'))).toBe(before + 1);
    });

    it('answers a forged delivery with 401 and stores nothing', async () => {
      const before = await desk.count('raw_inbound where true', c.accountId);
      const res = await c.sendForged();
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'WEBHOOK_BAD_SIGNATURE' } });
      expect(await desk.count('raw_inbound where true', c.accountId)).toBe(before);
    });

    it('parses every fixture without a dead letter', async () => {
      for (const f of c.fixtures) {
        const res = await f.send();
        expect(res.status, f.name).toBeLessThan(300);
      }
      await desk.ingest();
      await desk.outbox();
      expect(await raw('dead')).toBe(0);
      const failed = await sql<{ n: number }>`select count(*)::int as n from job where status = 'failed'`.execute(desk.database.db);
      expect(failed.rows[0]!.n).toBe(0);
    });

    it('stores one message when the same delivery arrives twice and five times at once', async () => {
      await c.sendInbound('contract-dup-1', 'duplicate me');
      await c.sendInbound('contract-dup-1', 'duplicate me');
      await Promise.all(Array.from({ length: 5 }, () => c.sendInbound('contract-dup-1', 'duplicate me')));
      await desk.ingest();
      const n = await sql<{ n: number }>`select count(*)::int as n from message where channel_account_id = ${c.accountId} and text like '%duplicate me%'`.execute(desk.database.db);
      expect(n.rows[0]!.n).toBe(1);
    });

    it('pages a poll to the end (or the channel only pushes)', async () => {
      if (!c.pollToEnd) return; // push-only channel: nothing to page
      const r = await c.pollToEnd();
      expect(r.stored).toBe(r.expected);
    });

    it('sends a reply exactly once, however often the outbox runs', async () => {
      if (!c.sentCount) return;
      await c.sendInbound('contract-reply-1', 'please answer me');
      await desk.ingest();
      const conv = (await desk.conversationsOf(c.accountId)).find((x) => x.messages.some((m) => m.text === 'please answer me'))!;
      await desk.reply(conv.id, 'contract answer once');
      await Promise.all([desk.outbox(), desk.outbox()]);
      await desk.outbox();
      expect(await c.sentCount('contract answer once')).toBe(1);
    });

    it('backs off on 429 for at least Retry-After without sending', async () => {
      if (!c.rateLimitNextSend || !c.sentCount) return;
      await c.sendInbound('contract-429-1', 'rate limit me');
      await desk.ingest();
      const conv = (await desk.conversationsOf(c.accountId)).find((x) => x.messages.some((m) => m.text === 'rate limit me'))!;
      await c.rateLimitNextSend(3600);
      await desk.reply(conv.id, 'contract answer after 429');
      const totals = await desk.outbox();
      expect(totals.retried).toBe(1);
      const item = await sql<{ status: string; wait: number; last_error: string }>`
        select status, extract(epoch from next_attempt_at - now())::float8 as wait, last_error from outbox_item
        where conversation_id = ${conv.id} and payload->>'text' = 'contract answer after 429'`.execute(desk.database.db);
      expect(item.rows[0]).toMatchObject({ status: 'queued', last_error: expect.stringMatching(/429/) });
      expect(item.rows[0]!.wait).toBeGreaterThan(3500);
      expect(await c.sentCount('contract answer after 429')).toBe(0);
    });
  });
}
