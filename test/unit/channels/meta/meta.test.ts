import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RawWebhook, VerifyOutcome } from '../../../../src/channels/connector.js';
import { parseMetaBody, verifyMetaWebhook, type MetaKind } from '../../../../src/channels/meta/index.js';
import { metaSignatureOf } from '../../../fakes/meta/server.js';

const SECRETS = { appSecret: 'test-app-secret', verifyToken: 'my-verify-token' };
const URL_ = 'https://desk.example.com/hooks/facebook/6f1c1c52-1a0e-4c39-9e39-6a3bdb4f0d11';
const NOW = 1_700_000_000_000;
const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/meta/${name}`, import.meta.url));

function post(body: Buffer | string, signature?: string): RawWebhook {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return { method: 'POST', url: URL_, headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }) }, rawBody: raw };
}
const verify = (kind: MetaKind, req: RawWebhook): VerifyOutcome => verifyMetaWebhook(kind, SECRETS, req, NOW);
const signedFixture = (kind: MetaKind, name: string) => verify(kind, post(fixture(name), metaSignatureOf(SECRETS.appSecret, fixture(name))));
function parsed(kind: MetaKind, name: string) {
  const r = parseMetaBody(kind, fixture(name));
  if (r.kind !== 'ok') throw new Error(r.reason);
  return r;
}

describe('verifyMetaWebhook', () => {
  it('accepts the PROTOCOLS.md §15 Meta reference vector and rejects a changed byte or a missing header', () => {
    const body = '{"object":"page","entry":[]}';
    const good = 'sha256=1a82db3abc2fa71a3fffecfedef579a8468a44850cd8a83a0c56974faff81689';
    expect(verify('facebook', post(body, good))).toMatchObject({ kind: 'verified', stream: 'inbound' });
    expect(verify('facebook', post(body.replace('page', 'pagE'), good))).toEqual({ kind: 'forged', reason: 'X-Hub-Signature-256 does not match the body' });
    expect(verify('facebook', post(body))).toEqual({ kind: 'forged', reason: 'X-Hub-Signature-256 header missing' });
    // The older sha1 header alone is not enough.
    expect(verify('facebook', { ...post(body), headers: { 'x-hub-signature': 'sha1=0000' } })).toMatchObject({ kind: 'forged' });
  });

  it('verifies the escaped bytes Meta signs, not a re-serialisation of the parsed body', () => {
    const raw = fixture('page-comment.json');
    expect(raw.toString()).toContain('\\ud83d\\ude21');
    expect(raw.toString()).toContain('https:\\/\\/acme.example');
    const reserialised = JSON.stringify(JSON.parse(raw.toString()));
    expect(verify('facebook', post(raw, metaSignatureOf('test-app-secret', reserialised)))).toMatchObject({ kind: 'forged' });
    expect(verify('facebook', post(raw, metaSignatureOf('test-app-secret', raw)))).toMatchObject({ kind: 'verified' });
  });

  it('answers the verification handshake with the bare challenge, and 403 for a wrong token or mode', () => {
    const get = (q: string): RawWebhook => ({ method: 'GET', url: `${URL_}?${q}`, headers: {}, rawBody: Buffer.alloc(0) });
    expect(verify('whatsapp', get('hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=1158201444'))).toEqual({
      kind: 'challenge',
      ack: { status: 200, contentType: 'text/plain', body: '1158201444' },
    });
    expect(verify('whatsapp', get('hub.mode=subscribe&hub.verify_token=other-token&hub.challenge=1'))).toMatchObject({ kind: 'challenge', ack: { status: 403 } });
    expect(verify('whatsapp', get('hub.mode=unsubscribe&hub.verify_token=my-verify-token&hub.challenge=1'))).toMatchObject({ kind: 'challenge', ack: { status: 403 } });
  });

  it('sends customer items to ingest, receipts to the outbox worker and a mixed batch to both', () => {
    expect(signedFixture('facebook', 'page-comment.json')).toMatchObject({ kind: 'verified', stream: 'inbound', dedupeKey: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(signedFixture('facebook', 'page-batch.json')).toMatchObject({ kind: 'verified', stream: 'both' });
    expect(signedFixture('whatsapp', 'whatsapp-statuses.json')).toMatchObject({ kind: 'verified', stream: 'receipt' });
  });

  it('dead-letters authentic but unreadable deliveries with the reason', () => {
    const sign = (b: string) => post(b, metaSignatureOf('test-app-secret', b));
    expect(verify('facebook', sign('{"object":"page",'))).toMatchObject({ kind: 'malformed', reason: 'body: not UTF-8 JSON' });
    expect(verify('facebook', sign('{"object":"instagram","entry":[]}'))).toMatchObject({ kind: 'malformed', reason: 'object: expected page for a facebook account; got instagram' });
    const badChange = '{"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":{"verb":"add"}}]}]}';
    expect(verify('facebook', sign(badChange))).toMatchObject({ kind: 'malformed', reason: expect.stringContaining('entry.0.changes.0: item:') });
    const bytes = Buffer.from([0x7b, 0xff, 0x7d]);
    expect(verify('facebook', post(bytes, metaSignatureOf('test-app-secret', bytes)))).toMatchObject({ kind: 'malformed', payload: { bodyEncoding: 'base64' } });
  });
});

describe('parseMetaBody', () => {
  it('reads a Page comment with its decoded text, author profile and one thread per person and post', () => {
    expect(parsed('facebook', 'page-comment.json').messages).toEqual([
      {
        externalId: 'comment:771200000000001_880100000000001',
        threadKey: 'fbpost:104350000000001_771200000000001:6100000000000001',
        direction: 'inbound',
        author: { handle: '6100000000000001', displayName: 'Zoë Müller', profileUrl: 'https://www.facebook.com/6100000000000001' },
        text: 'Is the app down? 😡 https://acme.example/status',
        sentAt: 1_700_000_000_000,
        isPublic: true,
      },
    ]);
  });

  it('reads every item of a batched delivery and leaves out our own comments, echoes, edits and reactions', () => {
    const r = parsed('facebook', 'page-batch.json');
    expect(r.messages.map((m) => [m.externalId, m.inReplyToExternalId ?? null, m.threadKey ?? null, m.text, m.isPublic])).toEqual([
      ['comment:771200000000001_880100000000002', 'comment:771200000000001_880100000000001', null, 'same here', true],
      ['post:104350000000001_771200000000009', null, null, 'Still waiting for my refund', true],
      ['dm:m_AbCdEf0123456789', null, 'dm:7100000000000001', 'hello, I need help\n[image: https://scontent.example/img.jpg]', false],
      ['dm:m_XyZ0000000002', 'dm:m_SentByUs000001', 'dm:7100000000000001', 'this one answers yours', false],
    ]);
    expect(r.messages[2]!.sentAt).toBe(1_700_000_200_000);
    expect(r.deliveryUpdates).toEqual([{ externalId: 'dm:m_SentByUs000001', status: 'delivered' }]);
  });

  it('reads Instagram comments and Direct messages, skipping our own reply and mention pointers', () => {
    const r = parsed('instagram', 'instagram.json');
    expect(r.messages).toEqual([
      {
        externalId: 'comment:17865799348089039',
        threadKey: 'igmedia:17900000000000001:17841405822304914',
        direction: 'inbound',
        author: { handle: '17841405822304914', displayName: '@jane.doe', profileUrl: 'https://www.instagram.com/jane.doe' },
        text: 'Où est ma commande ? 📦',
        sentAt: 1_700_000_300_000,
        isPublic: true,
      },
      {
        externalId: 'dm:aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx',
        threadKey: 'dm:8100000000000001',
        direction: 'inbound',
        author: { handle: '8100000000000001' },
        text: 'DM: order #4812?',
        sentAt: 1_700_000_301_000,
        isPublic: false,
      },
    ]);
  });

  it('reads a WhatsApp text with the verified phone, the message it answers and the provider time', () => {
    expect(parsed('whatsapp', 'whatsapp-text.json').messages).toEqual([
      {
        externalId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTdCNkY5',
        threadKey: 'wa:16505551234',
        inReplyToExternalId: 'wamid.ORIGINAL0000000000000000',
        direction: 'inbound',
        author: { handle: '16505551234', displayName: 'Sheena', verifiedPhone: '+16505551234' },
        text: 'Does it come in another color? ¿Azul?',
        sentAt: 1_749_416_383_000,
        isPublic: false,
      },
    ]);
  });

  it('keys a phone-less WhatsApp contact on the business-scoped user id and skips reactions and system notices', () => {
    const r = parsed('whatsapp', 'whatsapp-media-bsuid.json');
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0]).toMatchObject({ author: { handle: 'US.13491208655302741918', displayName: 'Ana' }, text: '[image] broken on arrival', threadKey: 'wa:US.13491208655302741918' });
    expect(r.messages[0]!.author).not.toHaveProperty('verifiedPhone');
  });

  it('maps WhatsApp statuses onto delivery updates, read as delivered and failures with the error code', () => {
    expect(parsed('whatsapp', 'whatsapp-statuses.json').deliveryUpdates).toEqual([
      { externalId: 'wamid.SENTBYUS000000000000000001', status: 'delivered' },
      { externalId: 'wamid.SENTBYUS000000000000000001', status: 'delivered' },
      { externalId: 'wamid.SENTBYUS000000000000000002', status: 'failed', reason: 'WhatsApp error 131047: Re-engagement message' },
    ]);
  });
});
