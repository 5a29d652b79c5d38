// Email end to end against a real IMAP server (Debian dovecot, started on loopback) and a real SMTP receiver:
// IDLE delivery, reply threading both ways, UIDVALIDITY change, a poller killed mid-poll, automatic mail, hostile
// HTML, attachments, and SMTP failures (5xx, 4xx, timeouts) — on PGlite and PostgreSQL.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAccountId } from '../../../src/domain/ids.js';
import { createConnectorSource, pollOnce, type PollWorkerDeps } from '../../../src/pipeline/index.js';
import { deliveryStatuses, loadPollCursor, storeRawInbound } from '../../../src/store/index.js';
import { openMailbox, rawMail, type Mailbox } from '../../fakes/email/mail.js';
import { startFakeSmtp, type FakeSmtp } from '../../fakes/email/smtp-server.js';
import { ENGINES } from '../../support/databases.js';
import { startDovecot, type DovecotServer } from '../../support/dovecot-server.js';
import { silent, startChannelDesk, type ChannelDesk } from './harness.js';

let dovecot: DovecotServer;
let smtp: FakeSmtp;
let mailbox: Mailbox;
beforeAll(async () => {
  dovecot = await startDovecot({ desk: 'desk-imap-pass' });
  smtp = await startFakeSmtp();
  mailbox = await openMailbox(dovecot.host, dovecot.port, 'desk', 'desk-imap-pass');
});
afterAll(async () => {
  await mailbox?.close();
  await smtp?.close();
  dovecot?.stop();
});

describe.each(ENGINES)('email channel end to end on %s', (engine) => {
  let desk: ChannelDesk;
  let deps: PollWorkerDeps;
  beforeAll(async () => {
    desk = await startChannelDesk(engine, { timeoutMs: 1000 });
    deps = { database: desk.database, connectors: desk.connectors, log: silent, random: () => 0.5 };
  });
  afterAll(async () => {
    await desk?.close();
  });

  /** A fresh folder per test, so tests share one dovecot without seeing each other's mail. */
  async function account(name: string, over: Record<string, string> = {}) {
    const folder = `${engine}-${name.replace(/\W+/g, '-')}`;
    await mailbox.create(folder);
    const created = await desk.addAccount('email', name, {
      host: dovecot.host,
      port: String(dovecot.port),
      user: 'desk',
      password: 'desk-imap-pass',
      secure: 'false',
      folder,
      idleMs: '20000',
      smtpHost: smtp.host,
      smtpPort: String(smtp.port),
      smtpUser: smtp.user,
      smtpPassword: smtp.password,
      fromAddress: 'support@desk.example',
      fromName: 'Desk Support',
      ...over,
    });
    return { id: created.id as ChannelAccountId, folder };
  }
  /** One poll that does not wait in IDLE: reads what is there now. */
  const pollNow = (id: ChannelAccountId) => {
    const done = new AbortController();
    done.abort();
    return pollOnce(deps, id, done.signal);
  };
  const messagesOf = async (id: string) => (await desk.conversationsOf(id)).flatMap((c) => c.messages);

  it('delivers new mail through IDLE, sends a threaded reply, and threads the customer answer into the same conversation', async () => {
    const { id, folder } = await account('idle thread');
    // The poll finds nothing and waits in IDLE; the message appended meanwhile wakes it long before idleMs (20 s).
    const started = Date.now();
    const polling = pollOnce(deps, id, new AbortController().signal);
    await new Promise((r) => setTimeout(r, 300));
    await mailbox.append(folder, rawMail({ messageId: '<kettle-1@customer.example>', subject: 'Broken kettle', text: 'My kettle stopped working.' }));
    const step = await polling;
    expect(step).toMatchObject({ kind: 'page', stored: 1 });
    expect(Date.now() - started).toBeLessThan(10_000);
    await desk.ingest();
    const [conv] = await desk.conversationsOf(id);
    expect(conv!.messages).toEqual([{ externalId: '<kettle-1@customer.example>', direction: 'inbound', text: 'My kettle stopped working.', inReplyTo: null }]);

    await desk.reply(conv!.id, `Sorry to hear that. Please send a photo. (${engine})`);
    expect((await desk.outbox()).sent).toBe(1);
    const first = smtp.messages.find((m) => m.text.includes(`Please send a photo. (${engine})`))!;
    expect(first).toMatchObject({
      from: 'support@desk.example',
      to: ['casey@customer.example'],
      subject: 'Re: Broken kettle',
      inReplyTo: '<kettle-1@customer.example>',
      references: ['<kettle-1@customer.example>'],
    });
    expect(first.headers['x-auto-response-suppress']).toBe('All');
    // The stored outbound message carries the Message-ID we sent, so replies to it find this conversation.
    const stored = (await messagesOf(id))[1]!;
    expect(stored).toMatchObject({ externalId: first.messageId, direction: 'outbound', inReplyTo: '<kettle-1@customer.example>' });

    await mailbox.append(
      folder,
      rawMail({
        messageId: '<kettle-2@customer.example>',
        subject: 'Re: Broken kettle',
        inReplyTo: first.messageId!,
        references: `<kettle-1@customer.example> ${first.messageId!}`,
        // Date has whole seconds; the customer answers a little after our reply.
        date: new Date(Date.now() + 2000).toUTCString(),
        text: 'Here is the photo.',
      }),
    );
    expect(await pollNow(id)).toMatchObject({ kind: 'page', stored: 1 });
    await desk.ingest();
    const convs = await desk.conversationsOf(id);
    expect(convs).toHaveLength(1);
    expect(convs[0]!.messages.map((m) => m.text)).toEqual(['My kettle stopped working.', `Sorry to hear that. Please send a photo. (${engine})`, 'Here is the photo.']);

    // The next reply answers the customer's answer: its References carry the whole chain, root first.
    await desk.reply(conv!.id, `Thanks, a new kettle is on its way. (${engine})`);
    expect((await desk.outbox()).sent).toBe(1);
    const second = smtp.messages.find((m) => m.text.includes(`new kettle is on its way. (${engine})`))!;
    expect(second.inReplyTo).toBe('<kettle-2@customer.example>');
    expect(second.references).toEqual(['<kettle-1@customer.example>', first.messageId, '<kettle-2@customer.example>']);
    expect(second.subject).toBe('Re: Broken kettle');
  });

  it('reads a recreated mailbox (new UIDVALIDITY) again without ingesting any message twice', async () => {
    const { id, folder } = await account('uidvalidity');
    const mails = [1, 2, 3].map((i) => rawMail({ messageId: `<uv-${i}@customer.example>`, subject: `Order ${i}`, text: `question ${i}` }));
    for (const m of mails) await mailbox.append(folder, m);
    expect(await pollNow(id)).toMatchObject({ kind: 'page', stored: 3 });
    const before = await mailbox.uidValidity(folder);
    await mailbox.remove(folder);
    await mailbox.create(folder);
    // The same three again (now under other UIDs) and one new message.
    for (const m of mails) await mailbox.append(folder, m);
    await mailbox.append(folder, rawMail({ messageId: '<uv-4@customer.example>', text: 'question 4' }));
    expect(await mailbox.uidValidity(folder)).not.toBe(before);
    expect(await pollNow(id)).toMatchObject({ kind: 'page', stored: 1, duplicates: 3 });
    expect(JSON.parse((await loadPollCursor(desk.database.db, id))!)).toMatchObject({ uidValidity: await mailbox.uidValidity(folder), lastUid: 4 });
    await desk.ingest();
    const texts = (await messagesOf(id)).map((m) => m.text).sort();
    expect(texts).toEqual(['question 1', 'question 2', 'question 3', 'question 4']);
  });

  it('resumes after a poller killed between storing a page and saving its cursor, without loss or duplicates', async () => {
    const { id, folder } = await account('killed poll');
    for (let i = 1; i <= 30; i++) await mailbox.append(folder, rawMail({ messageId: `<kill-${i}@customer.example>`, from: `c${i}@customer.example`, text: `mail ${i}` }));
    // First page (25) stored and its cursor saved.
    expect(await pollNow(id)).toMatchObject({ kind: 'page', stored: 25 });
    const cursor = await loadPollCursor(desk.database.db, id);
    // The next page is read and stored, then the process dies before the cursor moves.
    const found = (await desk.connectors.get(id))!;
    const done = new AbortController();
    done.abort();
    const page = await found.connector.poll!(cursor, done.signal);
    expect(page.items).toHaveLength(5);
    await storeRawInbound(
      desk.database.db,
      page.items.map((i) => ({ organisationId: found.account.organisationId, channelAccountId: id, source: 'email', dedupeKey: i.dedupeKey, payload: i.payload })),
    );
    expect(await loadPollCursor(desk.database.db, id)).toBe(cursor);
    await mailbox.append(folder, rawMail({ messageId: '<kill-31@customer.example>', text: 'mail 31' }));
    // A new process: fresh connectors, same database; it re-reads from the saved cursor.
    const restarted = { ...deps, connectors: createConnectorSource({ database: desk.database, secretKey: desk.secretKey, publicUrl: undefined, timeoutMs: 1000, cacheMs: 0 }) };
    const done2 = new AbortController();
    done2.abort();
    expect(await pollOnce(restarted, id, done2.signal)).toMatchObject({ kind: 'page', stored: 1, duplicates: 5 });
    await desk.ingest();
    const texts = (await messagesOf(id)).map((m) => m.text);
    expect(texts).toHaveLength(31);
    expect(new Set(texts).size).toBe(31);
  });

  it('keeps out-of-office replies, list mail and bounces out of the inbox, with the reason on the dead letter', async () => {
    const { id, folder } = await account('automatic');
    await mailbox.append(folder, rawMail({ messageId: '<human-1@customer.example>', subject: 'Refund', text: 'Where is my refund?' }));
    await mailbox.append(folder, rawMail({ subject: 'Automatic reply: Refund', headers: { 'Auto-Submitted': 'auto-replied' }, inReplyTo: '<ours@desk.example>', text: 'I am away' }));
    await mailbox.append(folder, rawMail({ subject: 'Out of Office: back Monday', text: 'Away until Monday' }));
    await mailbox.append(folder, rawMail({ subject: 'Weekly deals', headers: { Precedence: 'bulk', 'List-Unsubscribe': '<mailto:unsub@shop.example>' }, text: 'Deals!' }));
    await mailbox.append(
      folder,
      rawMail({
        from: 'Mail Delivery System <MAILER-DAEMON@mx.desk.example>',
        subject: 'Undelivered Mail Returned to Sender',
        headers: { 'Return-Path': '<>' },
        body: {
          contentType: 'multipart/report; report-type=delivery-status; boundary="b1"',
          content: [
            '--b1',
            'Content-Type: text/plain',
            '',
            'Your message could not be delivered.',
            '--b1',
            'Content-Type: message/delivery-status',
            '',
            'Reporting-MTA: dns; mx.desk.example',
            '',
            'Final-Recipient: rfc822; gone@customer.example',
            'Action: failed',
            'Status: 5.1.1',
            'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
            '',
            '--b1',
            'Content-Type: text/rfc822-headers',
            '',
            'Message-ID: <earshot.abc@desk.example>',
            'Subject: Re: Refund',
            '',
            '--b1--',
          ].join('\r\n'),
        },
      }),
    );
    expect(await pollNow(id)).toMatchObject({ kind: 'page', stored: 5 });
    await desk.ingest();
    const convs = await desk.conversationsOf(id);
    expect(convs).toHaveLength(1);
    expect(convs[0]!.messages.map((m) => m.text)).toEqual(['Where is my refund?']);
    const dead = await sql<{ dead_reason: string }>`select dead_reason from raw_inbound where channel_account_id = ${id} and status = 'dead' order by id`.execute(desk.database.db);
    expect(dead.rows.map((r) => r.dead_reason)).toEqual([
      'automatic mail, not a customer message: Auto-Submitted: auto-replied',
      'automatic mail, not a customer message: out-of-office subject "Out of Office: back Monday"',
      'automatic mail, not a customer message: Precedence: bulk',
    ]);
  });

  it('shows hostile HTML as plain text and keeps attachment metadata without the attachment', async () => {
    const { id, folder } = await account('html');
    const pdf = Buffer.from('%PDF-1.4 secret invoice body '.repeat(40)).toString('base64');
    await mailbox.append(
      folder,
      rawMail({
        messageId: '<html-1@customer.example>',
        body: {
          contentType: 'multipart/mixed; boundary="m1"',
          content: [
            '--m1',
            'Content-Type: text/html; charset=utf-8',
            '',
            '<html><head><style>p{color:red}</style></head><body onload="steal()"><p onclick="evil()">Please <b>help</b></p>' +
              '<script>alert(document.cookie)</script><img src=x onerror="alert(1)"><a href="javascript:alert(2)">click</a></body></html>',
            '--m1',
            'Content-Type: application/pdf; name="invoice.pdf"',
            'Content-Disposition: attachment; filename="invoice.pdf"',
            'Content-Transfer-Encoding: base64',
            '',
            pdf,
            '--m1--',
          ].join('\r\n'),
        },
      }),
    );
    expect(await pollNow(id)).toMatchObject({ kind: 'page', stored: 1 });
    await desk.ingest();
    const [message] = await messagesOf(id);
    expect(message!.text).toMatch(/^Please help\n\nclick\n\[attachment invoice\.pdf \(application\/pdf, 1 kB\)\]$/);
    for (const hostile of ['script', 'alert', 'onclick', 'onerror', 'steal', 'javascript:', 'color:red']) expect(message!.text).not.toContain(hostile);
    const raw = await sql<{ payload: string }>`select payload::text as payload from raw_inbound where channel_account_id = ${id}`.execute(desk.database.db);
    expect(JSON.parse(raw.rows[0]!.payload)).toMatchObject({ attachments: [{ filename: 'invoice.pdf', contentType: 'application/pdf', contentId: null }] });
    expect(raw.rows[0]!.payload).not.toContain(pdf.slice(0, 40));
    expect(raw.rows[0]!.payload).not.toContain('secret invoice body');
  });

  async function conversationFor(name: string, over: Record<string, string> = {}) {
    const { id, folder } = await account(name, over);
    await mailbox.append(folder, rawMail({ messageId: `<${name.replace(/\W+/g, '-')}@customer.example>`, subject: name, text: 'please answer' }));
    await pollNow(id);
    await desk.ingest();
    const [conv] = await desk.conversationsOf(id);
    return { id, conversationId: conv!.id };
  }
  const outboxRow = async (conversationId: string) =>
    (await sql<{ status: string; attempts: number; last_error: string | null }>`select status, attempts, last_error from outbox_item where conversation_id = ${conversationId}`.execute(desk.database.db)).rows[0]!;
  const dueNow = (conversationId: string) => sql`update outbox_item set next_attempt_at = now() where conversation_id = ${conversationId}`.execute(desk.database.db);

  it('fails a reply the SMTP server refuses with 5xx, with the reason, and never retries it', async () => {
    const { conversationId } = await conversationFor('smtp 550');
    smtp.fault({ kind: 'reply', code: 550, message: '5.1.1 mailbox unavailable', at: 'rcpt' });
    await desk.reply(conversationId, `refused reply (${engine})`);
    expect((await desk.outbox()).failed).toBe(1);
    expect(await outboxRow(conversationId)).toEqual({ status: 'failed', attempts: 1, last_error: expect.stringContaining('refused (550') });
    await dueNow(conversationId);
    expect((await desk.outbox()).sent).toBe(0);
    expect(smtp.messages.filter((m) => m.text.includes(`refused reply (${engine})`))).toHaveLength(0);
  });

  it('retries a 4xx deferral and then sends once', async () => {
    const { conversationId } = await conversationFor('smtp 451');
    smtp.fault({ kind: 'reply', code: 451, message: '4.3.0 try again later', at: 'data' });
    await desk.reply(conversationId, `deferred reply (${engine})`);
    expect((await desk.outbox()).retried).toBe(1);
    await dueNow(conversationId);
    expect((await desk.outbox()).sent).toBe(1);
    expect(smtp.messages.filter((m) => m.text.includes(`deferred reply (${engine})`))).toHaveLength(1);
  });

  it('does not send twice when the server committed the reply but the answer timed out', async () => {
    // Like Gmail, the fake files what it delivers in the Sent folder; the desk looks there before resending.
    const { id, conversationId } = await conversationFor('smtp stall after commit', { sentFolder: 'Sent' });
    smtp.fault({ kind: 'stall-after-commit', file: async (raw) => void (await mailbox.append('Sent', raw.toString('utf8'))) });
    await desk.reply(conversationId, `reply whose answer was lost (${engine})`);
    expect((await desk.outbox()).retried).toBe(1);
    expect(smtp.messages.filter((m) => m.text.includes(`answer was lost (${engine})`))).toHaveLength(1);
    const attempts = smtp.attempts();
    await dueNow(conversationId);
    expect((await desk.outbox()).sent).toBe(1);
    expect(smtp.attempts()).toBe(attempts);
    expect(smtp.messages.filter((m) => m.text.includes(`answer was lost (${engine})`))).toHaveLength(1);
    const sent = smtp.messages.find((m) => m.text.includes(`answer was lost (${engine})`))!;
    const out = (await messagesOf(id)).find((m) => m.direction === 'outbound')!;
    expect(out.externalId).toBe(sent.messageId);
    const messageId = (await sql<{ id: string }>`select id from message where external_id = ${sent.messageId!}`.execute(desk.database.db)).rows[0]!.id;
    expect((await deliveryStatuses(desk.database.db, [messageId as never])).get(messageId as never)).toMatchObject({ status: 'sent' });
  });

  it('resends with the same Message-ID when a timed-out attempt was never committed, and it arrives once', async () => {
    const { conversationId } = await conversationFor('smtp stall before commit');
    smtp.fault({ kind: 'stall-before-commit' });
    await desk.reply(conversationId, `reply that timed out first (${engine})`);
    expect((await desk.outbox()).retried).toBe(1);
    expect(smtp.messages.filter((m) => m.text.includes(`timed out first (${engine})`))).toHaveLength(0);
    await dueNow(conversationId);
    expect((await desk.outbox()).sent).toBe(1);
    expect(smtp.messages.filter((m) => m.text.includes(`timed out first (${engine})`))).toHaveLength(1);
  });

  it('tests the connection by logging in to IMAP and SMTP, and names the part that fails', async () => {
    const { id } = await account('connection test');
    expect(await (await desk.connectors.get(id))!.connector.testConnection()).toMatchObject({ ok: true, detail: expect.stringContaining('IDLE supported') });
    const bad = await account('connection test bad', { password: 'wrong-password' });
    expect(await (await desk.connectors.get(bad.id))!.connector.testConnection()).toEqual({ ok: false, reason: expect.stringContaining('refused the user name or password') });
  });
});
