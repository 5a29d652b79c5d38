// Which inbound mail is a customer's and which is automatic or a bounce (PROTOCOLS.md §9, RFC 3834, RFC 3464).
import { describe, expect, it } from 'vitest';
import { classifyMail, parseDeliveryStatus } from '../../../../src/channels/email/automatic-mail.js';
import { normaliseMessageId } from '../../../../src/channels/email/message-id.js';

const mail = (over: Partial<Parameters<typeof classifyMail>[0]> = {}) => ({
  headers: {},
  from: { address: 'casey@customer.example', name: 'Casey' },
  subject: 'Question about my order',
  contentType: 'text/plain',
  report: null,
  ...over,
});

describe('classifyMail', () => {
  it('takes ordinary mail, and Auto-Submitted: no, as a customer message', () => {
    expect(classifyMail(mail())).toEqual({ kind: 'customer' });
    expect(classifyMail(mail({ headers: { 'auto-submitted': 'no' } }))).toEqual({ kind: 'customer' });
  });

  it.each([
    [{ 'auto-submitted': 'auto-replied' }, 'Auto-Submitted: auto-replied'],
    [{ precedence: 'Bulk' }, 'Precedence: bulk'],
    [{ precedence: 'auto_reply' }, 'Precedence: auto_reply'],
    [{ 'x-autoreply': 'yes' }, 'X-Autoreply: yes'],
    [{ 'x-autorespond': 'on vacation' }, 'X-Autorespond present'],
    [{ 'x-auto-response-suppress': 'All' }, 'X-Auto-Response-Suppress: All'],
    [{ 'list-id': '<news.shop.example>' }, 'list mail (List-Id)'],
    [{ 'list-unsubscribe': '<mailto:u@shop.example>' }, 'list mail (List-Unsubscribe)'],
    [{ 'return-path': '<>' }, 'null sender (Return-Path: <>)'],
  ])('treats %o as automatic', (headers, reason) => {
    expect(classifyMail(mail({ headers }))).toEqual({ kind: 'automatic', reason });
  });

  it.each(['Out of Office: back Monday', 'Automatic reply: Your order', 'AUTO: away', 'Abwesenheitsnotiz: Urlaub'])('treats the subject "%s" as an out-of-office reply', (subject) => {
    expect(classifyMail(mail({ subject })).kind).toBe('automatic');
  });

  it('does not take a customer who writes about an office for an auto-reply', () => {
    expect(classifyMail(mail({ subject: 'Office chair arrived broken' }))).toEqual({ kind: 'customer' });
  });

  it('recognises a multipart/report DSN and a MAILER-DAEMON bounce', () => {
    expect(classifyMail(mail({ contentType: 'multipart/report; report-type=delivery-status; boundary="x"' })).kind).toBe('bounce');
    expect(classifyMail(mail({ from: { address: 'MAILER-DAEMON@mx.example', name: '' }, subject: 'Undelivered Mail Returned to Sender' })).kind).toBe('bounce');
    expect(classifyMail(mail({ from: { address: 'postmaster@mx.example', name: '' }, subject: 'hello', headers: { 'x-failed-recipients': 'a@b.c' } })).kind).toBe('bounce');
  });
});

describe('parseDeliveryStatus', () => {
  it('reads the per-recipient fields and the returned Message-ID', () => {
    const status = 'Reporting-MTA: dns; mx.example\r\nAction: relayed\r\n\r\nFinal-Recipient: rfc822;\r\n gone@customer.example\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 unknown user\r\n';
    expect(parseDeliveryStatus(status, 'Subject: Re: x\r\nMessage-ID:\r\n <earshot.1@desk.example>', normaliseMessageId)).toEqual({
      action: 'failed',
      status: '5.1.1',
      finalRecipient: 'gone@customer.example',
      diagnostic: '550 5.1.1 unknown user',
      originalMessageId: '<earshot.1@desk.example>',
    });
  });
});
