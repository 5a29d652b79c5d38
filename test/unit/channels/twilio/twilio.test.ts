import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RawWebhook } from '../../../../src/channels/connector.js';
import { parseTwilioInbound } from '../../../../src/channels/twilio/parse-inbound.js';
import { verifyTwilioWebhook } from '../../../../src/channels/twilio/verify-webhook.js';
import { twilioSignatureOf } from '../../../fakes/twilio/server.js';

const TOKEN = 'test-auth-token';
const URL_ = 'https://desk.example.com/hooks/twilio/6f1c1c52-1a0e-4c39-9e39-6a3bdb4f0d11';
const NOW = 1_700_000_000_000;
const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/twilio/${name}`, import.meta.url));

function signed(body: Buffer, over: Partial<RawWebhook> = {}): RawWebhook {
  const pairs = [...new URLSearchParams(body.toString('utf8'))];
  return {
    method: 'POST',
    url: URL_,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignatureOf(TOKEN, URL_, pairs) },
    rawBody: body,
    ...over,
  };
}

function verifiedPayload(name: string): unknown {
  const outcome = verifyTwilioWebhook(TOKEN, signed(fixture(name)), NOW);
  if (outcome.kind !== 'verified') throw new Error(`${name}: ${outcome.kind}`);
  return outcome.payload;
}

describe('verifyTwilioWebhook', () => {
  it('accepts every fixture signed over the URL and its sorted parameters', () => {
    for (const name of ['inbound-sms.form', 'inbound-mms.form', 'inbound-whatsapp.form', 'status-delivered.form']) {
      expect(verifyTwilioWebhook(TOKEN, signed(fixture(name)), NOW).kind).toBe('verified');
    }
  });
  it('rejects a missing signature, a wrong token, a changed body and another URL as forged', () => {
    const body = fixture('inbound-sms.form');
    const good = signed(body);
    expect(verifyTwilioWebhook(TOKEN, { ...good, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, NOW)).toMatchObject({ kind: 'forged', reason: /missing/ });
    expect(verifyTwilioWebhook('other-token', good, NOW).kind).toBe('forged');
    expect(verifyTwilioWebhook(TOKEN, { ...good, rawBody: Buffer.from(body.toString().replace('Body=My', 'Body=Our')) }, NOW).kind).toBe('forged');
    // The proxy case (PROTOCOLS.md §14.5): signed for https, checked against the http URL the app saw.
    expect(verifyTwilioWebhook(TOKEN, { ...good, url: URL_.replace('https:', 'http:') }, NOW).kind).toBe('forged');
  });
  it('sorts parameters by name so the order on the wire does not matter', () => {
    const body = fixture('inbound-sms.form');
    const reversed = Buffer.from([...new URLSearchParams(body.toString())].reverse().map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
    expect(verifyTwilioWebhook(TOKEN, { ...signed(body), rawBody: reversed }, NOW).kind).toBe('verified');
  });
  it('keys inbound messages by MessageSid and status callbacks by sid and status, as separate streams', () => {
    expect(verifyTwilioWebhook(TOKEN, signed(fixture('inbound-sms.form')), NOW)).toMatchObject({ stream: 'inbound', dedupeKey: 'SM11111111111111111111111111111111' });
    expect(verifyTwilioWebhook(TOKEN, signed(fixture('status-delivered.form')), NOW)).toMatchObject({
      stream: 'receipt',
      dedupeKey: 'status:SM55555555555555555555555555555555:delivered',
    });
  });
  it('treats a body that is not UTF-8 as forged, since no signature over it can be checked', () => {
    const raw = Buffer.from([0x42, 0x6f, 0x64, 0x79, 0x3d, 0xff, 0xfe]);
    expect(verifyTwilioWebhook(TOKEN, { ...signed(Buffer.from('Body=x')), rawBody: raw }, NOW).kind).toBe('forged');
  });
  it('dead-letters an authentic delivery without a MessageSid', () => {
    expect(verifyTwilioWebhook(TOKEN, signed(Buffer.from('Body=hello&From=%2B15551230001')), NOW)).toMatchObject({ kind: 'malformed', reason: 'MessageSid: missing' });
  });
});

describe('parseTwilioInbound', () => {
  it('turns an SMS into one inbound message on the sender thread with the emoji intact', () => {
    const out = parseTwilioInbound(verifiedPayload('inbound-sms.form'));
    expect(out).toEqual({
      kind: 'ok',
      deliveryUpdates: [],
      messages: [
        {
          externalId: 'SM11111111111111111111111111111111',
          threadKey: 'from:+15551230001',
          direction: 'inbound',
          author: { handle: '+15551230001', verifiedPhone: '+15551230001' },
          text: 'My order #4812 never arrived 😡',
          sentAt: NOW,
          isPublic: false,
        },
      ],
    });
  });
  it('lists MMS media in the text', () => {
    const out = parseTwilioInbound(verifiedPayload('inbound-mms.form'));
    if (out.kind !== 'ok') throw new Error(out.reason);
    expect(out.messages[0]!.text.split('\n')).toEqual([
      'Photo of the damage and the receipt',
      expect.stringMatching(/^\[attachment image\/jpeg: https:\/\/api\.twilio\.com\/.*ME0+1\]$/),
      expect.stringMatching(/^\[attachment application\/pdf: .*ME0+2\]$/),
    ]);
  });
  it('keeps the WhatsApp address as handle, the profile name, and the replied-to message', () => {
    const out = parseTwilioInbound(verifiedPayload('inbound-whatsapp.form'));
    if (out.kind !== 'ok') throw new Error(out.reason);
    expect(out.messages[0]).toMatchObject({
      author: { handle: 'whatsapp:+34600111222', displayName: 'Ana Pérez', verifiedPhone: '+34600111222' },
      inReplyToExternalId: 'SM44444444444444444444444444444444',
      text: '¿Puedo cambiar la dirección?',
    });
  });
  it('turns status callbacks into delivery updates, with the error code on failures', () => {
    expect(parseTwilioInbound(verifiedPayload('status-delivered.form'))).toEqual({
      kind: 'ok',
      messages: [],
      deliveryUpdates: [{ externalId: 'SM55555555555555555555555555555555', status: 'delivered' }],
    });
    expect(parseTwilioInbound(verifiedPayload('status-undelivered.form'))).toMatchObject({
      deliveryUpdates: [{ status: 'failed', reason: 'Twilio undelivered (error 30003)' }],
    });
  });
  it('gives a dead-letter reason naming the field for an SMS without From', () => {
    const payload = { ...(verifiedPayload('inbound-sms.form') as object), body: 'MessageSid=SM11111111111111111111111111111111&AccountSid=AC0123456789abcdef0123456789abcdef&To=%2B1' };
    expect(parseTwilioInbound(payload)).toEqual({ kind: 'invalid', reason: expect.stringMatching(/^inbound message: From: /) });
  });
});
