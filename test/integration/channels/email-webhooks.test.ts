// Inbound-parse webhooks of Mailgun, Postmark and SendGrid end to end through the real HTTP route, on PGlite and
// PostgreSQL: authentic deliveries stored once, forgeries and replays refused with nothing stored, malformed
// bodies dead-lettered with the reason, oversized bodies refused, and a bounce marking our reply failed.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryStatuses } from '../../../src/store/index.js';
import type { MessageId } from '../../../src/domain/ids.js';
import { rawMail } from '../../fakes/email/mail.js';
import { deliverMailgun, deliverPostmark, deliverSendgrid, mailgunForm, mailgunSign, postmarkPayload, sendgridForm } from '../../fakes/email/providers.js';
import { startFakeSmtp, type FakeSmtp } from '../../fakes/email/smtp-server.js';
import { ENGINES } from '../../support/databases.js';
import { startChannelDesk, type ChannelDesk } from './harness.js';

const SIGNING_KEY = 'key-0123456789abcdef-mailgun';
const POSTMARK = { user: 'postmark', password: 'pm-secret-password' };
const SENDGRID = { user: 'sendgrid', password: 'sg-secret-password' };

describe.each(ENGINES)('email inbound-parse webhooks on %s', (engine) => {
  let desk: ChannelDesk;
  let smtp: FakeSmtp;
  let accountId: string;
  const hook = (provider: string) => `${desk.url}/hooks/email/${accountId}/${provider}`;
  const rawCount = (where = 'true') => desk.count(`raw_inbound where ${where}`, accountId);
  const messages = async () => (await desk.conversationsOf(accountId)).flatMap((c) => c.messages);

  beforeAll(async () => {
    desk = await startChannelDesk(engine, { bodyLimitBytes: 256 * 1024 });
    smtp = await startFakeSmtp();
    const account = await desk.addAccount('email', `webhooks ${engine}`, {
      smtpHost: smtp.host,
      smtpPort: String(smtp.port),
      smtpUser: smtp.user,
      smtpPassword: smtp.password,
      fromAddress: 'support@desk.example',
      mailgunSigningKey: SIGNING_KEY,
      postmarkUser: POSTMARK.user,
      postmarkPassword: POSTMARK.password,
      sendgridUser: SENDGRID.user,
      sendgridPassword: SENDGRID.password,
    });
    accountId = account.id;
  });
  afterAll(async () => {
    await smtp?.close();
    await desk?.close();
  });

  const mailgunMessage = (id: string, text: string) => ({
    from: 'Casey <casey@customer.example>',
    subject: 'Mailgun question',
    bodyPlain: text,
    headers: [
      ['From', 'Casey <casey@customer.example>'],
      ['To', 'support@desk.example'],
      ['Subject', 'Mailgun question'],
      ['Message-Id', `<${id}@customer.example>`],
    ] as const,
  });

  it('stores a signed Mailgun delivery once, even when Mailgun delivers it again', async () => {
    const first = await deliverMailgun(hook('mailgun'), mailgunForm(mailgunMessage('mg-1', 'Hello via Mailgun'), mailgunSign(SIGNING_KEY)));
    expect(first).toEqual({ status: 200, body: '{}' });
    // A retry is signed afresh (new timestamp and token) and carries the same message.
    const again = await deliverMailgun(hook('mailgun'), mailgunForm(mailgunMessage('mg-1', 'Hello via Mailgun'), mailgunSign(SIGNING_KEY)));
    expect(again.status).toBe(200);
    expect(await rawCount()).toBe(1);
    await desk.ingest();
    expect((await messages()).filter((m) => m.externalId === '<mg-1@customer.example>')).toEqual([
      { externalId: '<mg-1@customer.example>', direction: 'inbound', text: 'Hello via Mailgun', inReplyTo: null },
    ]);
  });

  it('refuses a forged, a stale and a replayed Mailgun delivery with 401 and stores nothing', async () => {
    const before = await rawCount();
    const forged = await deliverMailgun(hook('mailgun'), mailgunForm(mailgunMessage('mg-forged', 'forged'), mailgunSign('not-the-signing-key')));
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.body)).toMatchObject({ error: { code: 'WEBHOOK_BAD_SIGNATURE' } });
    const stale = await deliverMailgun(hook('mailgun'), mailgunForm(mailgunMessage('mg-stale', 'stale'), mailgunSign(SIGNING_KEY, String(Math.floor(Date.now() / 1000) - 3600))));
    expect(stale.status).toBe(401);
    expect(JSON.parse(stale.body).error.message).toContain('more than 5 minutes from now');
    // A captured delivery's signature fields replayed with another message.
    const signed = mailgunSign(SIGNING_KEY);
    expect((await deliverMailgun(hook('mailgun'), mailgunForm(mailgunMessage('mg-orig', 'original'), signed))).status).toBe(200);
    const replay = await deliverMailgun(hook('mailgun'), mailgunForm(mailgunMessage('mg-replay', 'injected'), signed));
    expect(replay.status).toBe(401);
    expect(JSON.parse(replay.body).error.message).toContain('token already used');
    expect(await rawCount()).toBe(before + 1);
  });

  it('keeps a Mailgun attachment as metadata and answers a signed but malformed delivery with 400 and a dead letter', async () => {
    const withFile = mailgunForm(
      { ...mailgunMessage('mg-file', 'see attached'), attachments: [{ name: 'receipt.png', type: 'image/png', content: Buffer.alloc(3000, 7) }] },
      mailgunSign(SIGNING_KEY),
    );
    expect((await deliverMailgun(hook('mailgun'), withFile)).status).toBe(200);
    await desk.ingest();
    expect((await messages()).find((m) => m.externalId === '<mg-file@customer.example>')!.text).toBe('see attached\n[attachment receipt.png (image/png, 3 kB)]');

    const bad = mailgunForm(mailgunMessage('mg-bad', 'x'), mailgunSign(SIGNING_KEY));
    (bad as URLSearchParams).set('message-headers', '{not json');
    const res = await deliverMailgun(hook('mailgun'), bad);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'WEBHOOK_MALFORMED', message: 'email webhook: message-headers: expected a JSON array of [name, value] pairs' } });
    const dead = await sql<{ dead_reason: string }>`select dead_reason from raw_inbound where channel_account_id = ${accountId} and status = 'dead'`.execute(desk.database.db);
    expect(dead.rows).toEqual([{ dead_reason: 'message-headers: expected a JSON array of [name, value] pairs' }]);
  });

  it('stores a Postmark delivery with the right Basic credentials once, and refuses wrong ones', async () => {
    const body = JSON.stringify(postmarkPayload({ Attachments: [{ Name: 'a.txt', Content: Buffer.from('attachment secret').toString('base64'), ContentType: 'text/plain', ContentLength: 17, ContentID: '' }] }));
    expect((await deliverPostmark(hook('postmark'), body, POSTMARK)).status).toBe(200);
    expect((await deliverPostmark(hook('postmark'), body, POSTMARK)).status).toBe(200);
    const before = await rawCount();
    expect((await deliverPostmark(hook('postmark'), body, { user: POSTMARK.user, password: 'wrong-password' })).status).toBe(401);
    expect((await deliverPostmark(hook('postmark'), body, null)).status).toBe(401);
    // Postmark credentials do not open the SendGrid path, and the reverse.
    expect((await deliverPostmark(hook('sendgrid'), body, POSTMARK)).status).toBe(401);
    expect(await rawCount()).toBe(before);
    await desk.ingest();
    expect((await messages()).filter((m) => m.externalId === '<order-42@customer.example>')).toEqual([
      { externalId: '<order-42@customer.example>', direction: 'inbound', text: 'Where is order 42?\n[attachment a.txt (text/plain, 17 B)]', inReplyTo: null },
    ]);
    const stored = await sql<{ payload: string }>`select payload::text as payload from raw_inbound where dedupe_key = '<order-42@customer.example>'`.execute(desk.database.db);
    expect(stored.rows[0]!.payload).not.toContain(Buffer.from('attachment secret').toString('base64'));
  });

  it('answers malformed Postmark JSON with 400 and a dead letter, and an oversized body with 413', async () => {
    const res = await deliverPostmark(hook('postmark'), '{"FromFull": {"Email": 42}', POSTMARK);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe('WEBHOOK_MALFORMED');
    const dead = await sql<{ dead_reason: string }>`select dead_reason from raw_inbound where channel_account_id = ${accountId} and status = 'dead' and dead_reason like 'body:%'`.execute(desk.database.db);
    expect(dead.rows).toHaveLength(1);
    const before = await rawCount();
    const huge = await deliverPostmark(hook('postmark'), JSON.stringify(postmarkPayload({ TextBody: 'x'.repeat(300 * 1024) })), POSTMARK);
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body)).toMatchObject({ error: { code: 'INPUT_TOO_LARGE' } });
    expect(await rawCount()).toBe(before);
  });

  it('stores SendGrid parsed and raw-MIME deliveries, threads a reply, and refuses missing credentials', async () => {
    const fields = sendgridForm(
      {
        headers: 'From: Casey <casey@customer.example>\r\nTo: support@desk.example\r\nSubject: Parsed\r\nMessage-ID: <sg-1@customer.example>\r\nDate: Thu, 5 Apr 2026 10:00:00 +0000',
        from: 'Casey <casey@customer.example>',
        to: 'support@desk.example',
        subject: 'Parsed',
        text: '',
        html: '<div>Hi <script>alert(1)</script><b>desk</b></div>',
        envelope: '{"to":["support@desk.example"],"from":"casey@customer.example"}',
        'attachment-info': '{"attachment1":{"filename":"log.txt","type":"text/plain"}}',
        attachments: '1',
      },
      [{ field: 'attachment1', name: 'log.txt', type: 'text/plain', content: Buffer.from('log line\n') }],
    );
    expect((await deliverSendgrid(hook('sendgrid'), fields, SENDGRID)).status).toBe(200);
    const raw = rawMail({ messageId: '<sg-2@customer.example>', inReplyTo: '<sg-1@customer.example>', references: '<sg-1@customer.example>', subject: 'Re: Parsed', text: 'And one more thing.' });
    expect((await deliverSendgrid(hook('sendgrid'), sendgridForm({ email: raw, to: 'support@desk.example' }), SENDGRID)).status).toBe(200);
    expect((await deliverSendgrid(hook('sendgrid'), sendgridForm({ email: raw }), null)).status).toBe(401);
    await desk.ingest();
    const conv = (await desk.conversationsOf(accountId)).find((c) => c.messages.some((m) => m.externalId === '<sg-1@customer.example>'))!;
    expect(conv.messages.map((m) => m.text)).toEqual(['Hi desk\n[attachment log.txt (text/plain, 9 B)]', 'And one more thing.']);
  });

  it('marks our reply failed when a bounce for it arrives by webhook, and opens no conversation', async () => {
    const conv = (await desk.conversationsOf(accountId)).find((c) => c.messages.some((m) => m.externalId === '<mg-1@customer.example>'))!;
    await desk.reply(conv.id, `reply that will bounce (${engine})`);
    expect((await desk.outbox()).sent).toBe(1);
    const sent = smtp.messages.find((m) => m.text.includes(`reply that will bounce (${engine})`))!;
    // Without an IMAP folder the parent's subject is unknown (the desk stores no subjects): the reply still
    // threads by In-Reply-To/References, under a generic subject.
    expect(sent).toMatchObject({ inReplyTo: '<mg-1@customer.example>', references: ['<mg-1@customer.example>'], subject: 'Re: your message' });
    const conversationsBefore = (await desk.conversationsOf(accountId)).length;
    const dsn = rawMail({
      from: 'MAILER-DAEMON@mx.customer.example',
      subject: 'Undelivered Mail Returned to Sender',
      body: {
        contentType: 'multipart/report; report-type=delivery-status; boundary="r"',
        content: [
          '--r',
          'Content-Type: text/plain',
          '',
          'Delivery failed.',
          '--r',
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mx.customer.example',
          '',
          'Final-Recipient: rfc822; casey@customer.example',
          'Action: failed',
          'Status: 5.2.2',
          'Diagnostic-Code: smtp; 552 5.2.2 mailbox full',
          '',
          '--r',
          'Content-Type: text/rfc822-headers',
          '',
          `Message-ID: ${sent.messageId!}`,
          '',
          '--r--',
        ].join('\r\n'),
      },
    });
    expect((await deliverSendgrid(hook('sendgrid'), sendgridForm({ email: dsn }), SENDGRID)).status).toBe(200);
    await desk.outbox();
    const messageId = (await sql<{ id: MessageId }>`select id from message where external_id = ${sent.messageId!}`.execute(desk.database.db)).rows[0]!.id;
    expect((await deliveryStatuses(desk.database.db, [messageId])).get(messageId)).toMatchObject({
      status: 'failed',
      reason: 'bounced by casey@customer.example: 5.2.2 552 5.2.2 mailbox full',
    });
    await desk.ingest();
    expect((await desk.conversationsOf(accountId)).length).toBe(conversationsBefore);
  });

  it('refuses a provider path this account has no key for, and an unknown path', async () => {
    const other = await desk.addAccount('email', `webhooks none ${engine}`, { smtpHost: smtp.host, smtpPort: String(smtp.port), fromAddress: 'support@desk.example' });
    const res = await deliverPostmark(`${desk.url}/hooks/email/${other.id}/postmark`, JSON.stringify(postmarkPayload()), POSTMARK);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.message).toContain('not enabled for this account');
    expect((await deliverPostmark(`${desk.url}/hooks/email/${accountId}/elsewhere`, '{}', POSTMARK)).status).toBe(401);
  });
});
