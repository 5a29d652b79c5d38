// A stored email → message, dead-letter reason or delivery report; hostile HTML becomes safe text.
import { describe, expect, it } from 'vitest';
import { parseEmailInbound, STORED_EMAIL_TYPE } from '../../../../src/channels/email/parse-inbound.js';
import type { StoredEmail } from '../../../../src/channels/email/wire-schema.js';

const base: StoredEmail = {
  v: 1,
  source: 'imap',
  messageId: '<m2@customer.example>',
  fallbackId: 'sha256:00',
  inReplyTo: ['<m1@desk.example>'],
  references: ['<root@customer.example>', '<m1@desk.example>'],
  from: { address: 'casey@customer.example', name: 'Casey' },
  replyTo: null,
  to: ['support@desk.example'],
  subject: 'Re: Order',
  date: 1_700_000_000_000,
  receivedAt: 1_700_000_005_000,
  headers: {},
  contentType: 'text/plain',
  text: 'Thanks!',
  html: null,
  attachments: [],
  report: null,
};

describe('parseEmailInbound', () => {
  it('threads by In-Reply-To and keys the thread on the References root', () => {
    expect(parseEmailInbound(base)).toEqual({
      kind: 'ok',
      deliveryUpdates: [],
      messages: [
        {
          externalId: '<m2@customer.example>',
          inReplyToExternalId: '<m1@desk.example>',
          threadKey: 'mail:<root@customer.example>',
          direction: 'inbound',
          author: { handle: 'casey@customer.example', displayName: 'Casey' },
          text: 'Thanks!',
          sentAt: 1_700_000_000_000,
          isPublic: false,
        },
      ],
    });
  });

  it('falls back to the content hash as id when there is no Message-ID, and to the arrival time for a far-future Date', () => {
    const out = parseEmailInbound({ ...base, messageId: null, inReplyTo: [], references: [], date: base.receivedAt + 3 * 86_400_000 });
    expect(out).toMatchObject({ kind: 'ok', messages: [{ externalId: 'sha256:00', threadKey: 'mail:sha256:00', sentAt: base.receivedAt }] });
    expect((out as unknown as { messages: object[] }).messages[0]).not.toHaveProperty('inReplyToExternalId');
  });

  it('turns hostile HTML into plain text without scripts, handlers or javascript: links', () => {
    const html =
      '<div onmouseover="x()">Hi<script>fetch("//evil")</script><style>*{}</style><iframe src="//evil"></iframe>' +
      '<a href="javascript:steal()">here</a> <a href="https://shop.example/o/1">order</a><img src=1 onerror=alert(1)></div>';
    const out = parseEmailInbound({ ...base, text: null, html });
    expect(out).toMatchObject({ kind: 'ok', messages: [{ text: 'Hihere order <https://shop.example/o/1>' }] });
  });

  it('names attachments but not inline images the HTML shows', () => {
    const out = parseEmailInbound({
      ...base,
      text: null,
      html: '<p>See <img src="cid:logo1"></p>',
      attachments: [
        { filename: 'logo.png', contentType: 'image/png', size: 900, contentId: '<logo1>' },
        { filename: 'report.pdf', contentType: 'application/pdf', size: 2_500_000, contentId: null },
      ],
    });
    expect(out).toMatchObject({ kind: 'ok', messages: [{ text: 'See\n[attachment report.pdf (application/pdf, 2.4 MB)]' }] });
  });

  it('refuses automatic mail with the reason and reports a bounce of our message as failed', () => {
    expect(parseEmailInbound({ ...base, headers: { 'auto-submitted': 'auto-generated' } })).toEqual({
      kind: 'invalid',
      reason: 'automatic mail, not a customer message: Auto-Submitted: auto-generated',
    });
    const report = { action: 'failed', status: '5.1.1', finalRecipient: 'gone@x.example', diagnostic: '550 unknown', originalMessageId: '<earshot.1@desk.example>' };
    expect(parseEmailInbound({ ...base, contentType: 'multipart/report; report-type=delivery-status', report })).toEqual({
      kind: 'ok',
      messages: [],
      deliveryUpdates: [{ externalId: '<earshot.1@desk.example>', status: 'failed', reason: 'bounced by gone@x.example: 5.1.1 550 unknown' }],
    });
    expect(parseEmailInbound({ ...base, report: { ...report, action: 'delayed' } })).toEqual({ kind: 'ok', messages: [], deliveryUpdates: [] });
  });

  it('reads an email stored inside a webhook delivery, and names what is wrong with a bad one', () => {
    const hook = { contentType: STORED_EMAIL_TYPE, body: JSON.stringify(base), bodyEncoding: 'utf8', headers: {}, url: 'http://x', receivedAt: 1 };
    expect(parseEmailInbound(hook)).toMatchObject({ kind: 'ok', messages: [{ externalId: '<m2@customer.example>' }] });
    expect(parseEmailInbound({ ...hook, contentType: 'text/plain' })).toEqual({ kind: 'invalid', reason: `stored webhook: content type text/plain, expected ${STORED_EMAIL_TYPE}` });
    expect(parseEmailInbound({ ...base, from: null })).toEqual({ kind: 'invalid', reason: 'From: missing or without an address' });
    expect(parseEmailInbound({ v: 2 })).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('stored email: v:') });
  });
});
