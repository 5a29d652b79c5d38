import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RawWebhook } from '../../../../src/channels/connector.js';
import { oauth1Signature } from '../../../../src/channels/x/oauth1.js';
import { parseAaaBody, parseXInbound } from '../../../../src/channels/x/parse-inbound.js';
import { advancePass } from '../../../../src/channels/x/poll-cursor.js';
import { crcResponseToken, verifyXWebhook } from '../../../../src/channels/x/verify-webhook.js';
import { xSignatureOf } from '../../../fakes/x/server.js';

const SECRET = 'test-consumer-secret';
const URL_ = 'https://desk.example.com/hooks/x/6f1c1c52-1a0e-4c39-9e39-6a3bdb4f0d11';
const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/x/${name}`, import.meta.url));
const post = (body: string | Buffer, signature?: string): RawWebhook => ({
  method: 'POST',
  url: URL_,
  headers: signature === undefined ? {} : { 'x-twitter-webhooks-signature': signature },
  rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
});
function messagesOf(name: string) {
  const r = parseAaaBody(fixture(name));
  if (r.kind !== 'ok') throw new Error(r.reason);
  return r.messages;
}

describe('verifyXWebhook', () => {
  it('answers the CRC with the PROTOCOLS.md §15 reference token', () => {
    expect(crcResponseToken(SECRET, 'crc-token-123')).toBe('sha256=m3yscIcSwL62BbDuWy/k/ml4+4Yfj3c0hep3IWko1Ws=');
    const get: RawWebhook = { method: 'GET', url: `${URL_}?crc_token=crc-token-123`, headers: {}, rawBody: Buffer.alloc(0) };
    expect(verifyXWebhook(SECRET, get, 0)).toEqual({
      kind: 'challenge',
      ack: { status: 200, contentType: 'application/json', body: '{"response_token":"sha256=m3yscIcSwL62BbDuWy/k/ml4+4Yfj3c0hep3IWko1Ws="}' },
    });
  });

  it('accepts the §15 event vector and rejects a changed byte or a missing header', () => {
    const body = '{"for_user_id":"2244994945","tweet_create_events":[]}';
    const good = 'sha256=ZDeJuJXkQK97/vxoaM61RQVVMBhiS+LjbtVJsV7PhW4=';
    expect(verifyXWebhook(SECRET, post(body, good), 0)).toMatchObject({ kind: 'verified', stream: 'inbound' });
    expect(verifyXWebhook(SECRET, post(body.replace('[]', '[ ]'), good), 0)).toEqual({ kind: 'forged', reason: 'x-twitter-webhooks-signature does not match the body' });
    expect(verifyXWebhook(SECRET, post(body), 0)).toEqual({ kind: 'forged', reason: 'x-twitter-webhooks-signature header missing' });
  });

  it('dead-letters an authentic delivery that is not an Account Activity payload', () => {
    const body = '{"tweet_create_events":[]}';
    expect(verifyXWebhook(SECRET, post(body, xSignatureOf(SECRET, body)), 0)).toMatchObject({ kind: 'malformed', reason: expect.stringContaining('for_user_id') });
  });
});

describe('parseXInbound', () => {
  it('keeps post ids exact from id_str although the numeric id rounds in JSON.parse', () => {
    expect(String((JSON.parse(fixture('tweet-create.json').toString()) as { tweet_create_events: { id: number }[] }).tweet_create_events[0]!.id)).not.toBe('1346889436626259969');
    const [m, ...rest] = messagesOf('tweet-create.json');
    expect(rest).toEqual([]); // our own answer is not a customer message
    expect(m).toEqual({
      externalId: '1346889436626259969',
      inReplyToExternalId: '1346889436626259001',
      direction: 'inbound',
      author: {
        handle: '6253282',
        displayName: 'Jane Müller (@jane)',
        profileUrl: 'https://x.com/jane',
        followers: 5400,
        verified: true,
        avatarUrl: 'https://pbs.twimg.com/profile_images/1/jane_normal.jpg',
      },
      text: '@acme my order is late 😤',
      sentAt: 1_609_866_585_000,
      isPublic: true,
    });
  });

  it('reads a customer DM into the sender\'s DM thread and drops ours and likes', () => {
    expect(messagesOf('dm.json')).toEqual([
      {
        externalId: 'dm:1710000000000000001',
        threadKey: 'dm:6253282',
        direction: 'inbound',
        author: { handle: '6253282', displayName: 'Jane (@jane)', profileUrl: 'https://x.com/jane', followers: 310, verified: false, avatarUrl: 'https://pbs.twimg.com/profile_images/1/jane_normal.jpg' },
        text: 'hi, order #4812?',
        sentAt: 1_700_000_000_000,
        isPublic: false,
      },
    ]);
    expect(messagesOf('favorite.json')).toEqual([]);
  });

  it('reads a polled v2 post with the post it replies to and the author\'s public metrics', () => {
    const r = parseXInbound({
      source: 'x.v2',
      tweet: { id: '1346889436626259999', text: '@acme hello', author_id: '6253282', created_at: '2025-01-02T03:04:05.000Z', referenced_tweets: [{ type: 'replied_to', id: '1346889436626259001' }] },
      author: { id: '6253282', username: 'jane', name: 'Jane', verified: false, public_metrics: { followers_count: 12 } },
    });
    expect(r).toMatchObject({ kind: 'ok', messages: [{ externalId: '1346889436626259999', inReplyToExternalId: '1346889436626259001', author: { followers: 12 }, sentAt: Date.parse('2025-01-02T03:04:05.000Z') }] });
    expect(parseXInbound({ source: 'x.v2', tweet: { id: 1346889436626259999 } })).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('tweet.id') });
  });
});

describe('advancePass', () => {
  it('keeps since_id while following next_token and stores the first page\'s newest_id after the last page', () => {
    const first = advancePass({ since: '100', next: null, newest: null }, { newest_id: '190', next_token: 'b' });
    expect(first).toEqual({ state: { since: '100', next: 'b', newest: '190' }, done: false });
    const last = advancePass(first.state, { newest_id: '150' });
    expect(last).toEqual({ state: { since: '190', next: null, newest: null }, done: true });
    expect(advancePass({ since: '190', next: null, newest: null }, {})).toEqual({ state: { since: '190', next: null, newest: null }, done: true });
  });
});

describe('oauth1Signature', () => {
  it('reproduces the signature of X\'s "Creating a signature" worked example', () => {
    const oauth: [string, string][] = [
      ['oauth_consumer_key', 'xvz1evFS4wEEPTGEFPHBog'],
      ['oauth_nonce', 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '1318622958'],
      ['oauth_token', '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb'],
      ['oauth_version', '1.0'],
    ];
    const signature = oauth1Signature(
      {
        method: 'POST',
        url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
        consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
        consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
        token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
        tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
        nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
        timestamp: 1318622958,
        formParams: [['status', 'Hello Ladies + Gentlemen, a signed OAuth request!']],
      },
      oauth,
    );
    expect(signature).toBe('hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
  });
});
