import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCtiInbound } from '../../../../src/channels/phone/parse-inbound.js';
import { verifyCtiWebhook } from '../../../../src/channels/phone/verify-webhook.js';

const TOKEN = 'a'.repeat(32);
const NOW = 1_700_000_000_000;
const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/phone/${name}`, import.meta.url));
const type = (name: string) => (name.endsWith('.json') ? 'application/json' : 'application/x-www-form-urlencoded');

function verify(name: string, token = TOKEN) {
  return verifyCtiWebhook(TOKEN, { method: 'POST', url: `https://desk.example.com/hooks/phone/acc/${token}`, headers: { 'content-type': type(name) }, rawBody: fixture(name) }, NOW);
}
function parse(name: string) {
  const v = verify(name);
  if (v.kind !== 'verified') throw new Error(v.kind);
  const out = parseCtiInbound(v.payload);
  if (out.kind !== 'ok') throw new Error(out.reason);
  return out.messages[0]!;
}

describe('verifyCtiWebhook', () => {
  it('accepts the path token and dedupes on call id and event', () => {
    expect(verify('new-call-in.json')).toMatchObject({ kind: 'verified', dedupeKey: '4991155921769858278-1:newCall' });
  });
  it('rejects a wrong token as forged', () => {
    expect(verify('new-call-in.json', 'b'.repeat(32)).kind).toBe('forged');
  });
  it('dead-letters malformed JSON with the parser message', () => {
    const out = verifyCtiWebhook(TOKEN, { method: 'POST', url: `https://d/hooks/phone/acc/${TOKEN}`, headers: { 'content-type': 'application/json' }, rawBody: Buffer.from('{"event":') }, NOW);
    expect(out).toMatchObject({ kind: 'malformed', reason: expect.stringMatching(/^body: malformed JSON/) });
  });
});

describe('parseCtiInbound', () => {
  it('puts an incoming call on the caller thread as a customer message', () => {
    expect(parse('new-call-in.json')).toEqual({
      externalId: 'call:4991155921769858278-1:newCall',
      threadKey: 'phone:4930609854180',
      direction: 'inbound',
      author: { handle: '4930609854180', verifiedPhone: '+4930609854180' },
      text: 'Incoming call from 4930609854180 to 4930609811111 (queue support)',
      sentAt: NOW,
      isPublic: false,
    });
  });
  it('records answering and a normal hang-up as the company side, so the call needs no further work', () => {
    expect(parse('answer-in.json')).toMatchObject({ direction: 'outbound', text: 'Call from 4930609854180 answered by Alice' });
    expect(parse('hangup-answered.json')).toMatchObject({ direction: 'outbound', text: 'Call from 4930609854180 ended (normalClearing)' });
  });
  it('turns a cancelled call into a missed-call message that asks for a call back', () => {
    expect(parse('hangup-missed.json')).toMatchObject({ direction: 'inbound', text: 'Missed call from 4930609854199 (cancel): call back' });
  });
  it('reads form data with repeated user[] and keeps anonymous callers apart', () => {
    const m = parse('new-call-anonymous.form');
    expect(m.author).toEqual({ handle: 'anonymous:4991155921769858278-3' });
    expect(m.threadKey).toBe('phone:anonymous:4991155921769858278-3');
  });
  it('names the bad field in the dead-letter reason', () => {
    const v = verifyCtiWebhook(TOKEN, { method: 'POST', url: `https://d/x/${TOKEN}`, headers: { 'content-type': 'application/json' }, rawBody: Buffer.from('{"event":"ring","callId":"1","from":"1","to":"2","direction":"in"}') }, NOW);
    if (v.kind !== 'verified') throw new Error(v.kind);
    expect(parseCtiInbound(v.payload)).toEqual({ kind: 'invalid', reason: expect.stringMatching(/^event: /) });
  });
});
