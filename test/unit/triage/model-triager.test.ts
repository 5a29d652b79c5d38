import { describe, expect, it } from 'vitest';
import { RESPONSE_PATHS, SENTIMENTS, type TriageResult } from '../../../src/domain/triage-result.js';
import { loadTriager } from '../../../src/triage/index.js';

const triager = loadTriager();

function expectStorable(r: TriageResult): void {
  expect(r.priority.value).toBeGreaterThanOrEqual(0);
  expect(r.priority.value).toBeLessThanOrEqual(100);
  expect(SENTIMENTS).toContain(r.sentiment.value);
  expect(RESPONSE_PATHS).toContain(r.path.value);
  const json = JSON.stringify(r);
  expect(json).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i);
  expect(JSON.parse(json)).toEqual(r);
}

/** Every decision away from its default must say why. */
function expectReasonsForNonDefaults(r: TriageResult): void {
  if (r.language.value !== 'unknown') expect(r.language.reasons.length).toBeGreaterThan(0);
  if (r.sentiment.value !== 'neutral') expect(r.sentiment.reasons.length).toBeGreaterThan(0);
  if (r.emotion.value !== 'none') expect(r.emotion.reasons.length).toBeGreaterThan(0);
  if (r.complaint.value) expect(r.complaint.reasons.length).toBeGreaterThan(0);
  if (r.intent.value !== 'other') expect(r.intent.reasons.length).toBeGreaterThan(0);
  if (r.urgency.value > 0) expect(r.urgency.reasons.length).toBeGreaterThan(0);
  if (r.influence.value > 0) expect(r.influence.reasons.length).toBeGreaterThan(0);
  if (r.priority.value !== 10) expect(r.priority.reasons.length).toBeGreaterThan(0);
  expect(r.path.reasons.length).toBeGreaterThan(0);
}

describe('model triager on hostile input', () => {
  it.each([
    ['empty text', ''],
    ['whitespace only', '  \n\t '],
    ['emoji only', '😡😡😡'],
    ['URL only', 'https://example.com/a/b?c=d'],
    ['lone surrogates', 'bad \ud83d text \ude2d and \udfff'],
    ['right-to-left text', 'الخدمة سيئة جدا ولم يرد أحد على رسائلي منذ ثلاثة أيام'],
    ['mixed languages', 'mi pedido no ha llegado, still waiting since Monday, muy mal servicio'],
    ['100 KB of text', 'my order is late and nobody answers. '.repeat(2800)],
    ['control characters', '\u0000\u0001\u001f hello \u2028\u2029'],
    ['a zero-width joiner family emoji', '👨‍👩‍👧‍👦 thanks!'],
  ])('rates %s without throwing, with storable output and reasons', (_name, text) => {
    const r = triager.triage({ text });
    expectStorable(r);
    expectReasonsForNonDefaults(r);
  });

  it('rates 100 KB of text in well under a second', () => {
    const started = performance.now();
    triager.triage({ text: 'x'.repeat(100_000) });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('treats a message that is only a link as having nothing to rate', () => {
    const r = triager.triage({ text: 'https://example.com/a/b?c=d' });
    expect(r.sentiment.value).toBe('neutral');
    expect(r.language.value).toBe('unknown');
    expect(r.intent.value).toBe('other');
  });

  it('records the model version on every result', () => {
    expect(triager.triage({ text: 'hi' }).modelVersion).toBe(triager.version);
  });
});

describe('model triager signals', () => {
  it('says unknown rather than guessing the language of a short text', () => {
    const r = triager.triage({ text: 'ok thx' });
    expect(r.language.value).toBe('unknown');
    expect(r.language.reasons[0]).toMatch(/too little text/);
  });

  it.each([
    ['en', 'I have been waiting for my parcel for two weeks and nobody answers my emails'],
    ['de', 'Meine Bestellung ist immer noch nicht angekommen und niemand antwortet mir'],
    ['es', 'Mi pedido todavía no ha llegado y nadie responde a mis mensajes'],
    ['fr', "Ma commande n'est toujours pas arrivée et personne ne répond à mes messages"],
    ['it', 'Il mio ordine non è ancora arrivato e nessuno risponde ai miei messaggi'],
    ['pt', 'Meu pedido ainda não chegou e ninguém responde às minhas mensagens'],
    ['ar', 'طلبي لم يصل بعد ولا أحد يرد على رسائلي'],
  ])('recognises %s with a reason', (language, text) => {
    const r = triager.triage({ text });
    expect(r.language.value).toBe(language);
    expect(r.language.reasons.length).toBeGreaterThan(0);
  });

  it('names the writing system for scripts the model does not cover', () => {
    expect(triager.triage({ text: '注文した商品がまだ届いていません。いつ届きますか' }).language.value).toBe('ja');
    expect(triager.triage({ text: 'Мой заказ до сих пор не пришёл, никто не отвечает' }).language.value).toBe('unknown');
  });

  it('does not call plain English about a product Hindi', () => {
    expect(triager.triage({ text: 'your product is garbage and your support is worse' }).language.value).toBe('en');
  });

  it('rates clear praise as positive, joyful praise to thank', () => {
    const r = triager.triage({ text: '@AmericanAir thank you so much for the upgrade, your crew was amazing 😍' });
    expect(r.sentiment.value).toBe('positive');
    expect(r.intent.value).toBe('praise');
    expect(r.path.value).toBe('thank');
  });

  it('rates an angry public billing complaint as urgent, negative, a complaint, and to be moved private', () => {
    const r = triager.triage({ text: 'I was charged twice for my subscription and still waiting for a refund, this is the third time I am asking!!', isPublic: true });
    expect(r.sentiment.value).toBe('negative');
    expect(r.complaint.value).toBe(true);
    expect(r.intent.value).toBe('billing');
    expect(r.urgency.reasons).toEqual(expect.arrayContaining(['money lost', 'still waiting', 'repeated contact']));
    expect(r.path.value).toBe('acknowledge-then-private');
    expect(r.priority.value).toBeGreaterThanOrEqual(50);
  });

  it('maps a banking question to its fine-grained intent and a care intent', () => {
    const r = triager.triage({ text: 'How do I change the PIN on my card?' });
    expect(r.intent.fine?.label).toBe('change_pin');
    expect(r.intent.value).toBe('account');
    expect(r.intent.reasons[0]).toMatch(/banking77 model: change_pin/);
  });

  it('recognises an outage report and a churn threat by keyword rules', () => {
    expect(triager.triage({ text: 'is your app down? cannot connect since this morning' }).intent.value).toBe('outage');
    const churn = triager.triage({ text: "I'm going to cancel my subscription and switch to a competitor" });
    expect(churn.intent.value).toBe('cancel');
    expect(churn.priority.reasons.join(' ')).toMatch(/churn threat/);
  });

  it('ignores spam with priority 0', () => {
    const r = triager.triage({ text: 'WIN A FREE IPHONE!!! click here and follow me for a giveaway' });
    expect(r.intent.value).toBe('spam');
    expect(r.priority.value).toBe(0);
    expect(r.path.value).toBe('ignore-spam');
  });

  it('escalates a safety problem and names the trigger', () => {
    const r = triager.triage({ text: 'My phone charger caught fire and burned my hand, this is dangerous' });
    expect(r.urgency.reasons).toContain('safety');
    expect(r.path.value).toBe('escalate');
  });

  it('escalates a legal threat', () => {
    const r = triager.triage({ text: 'If this is not fixed by Friday my lawyer will be in touch' });
    expect(r.urgency.reasons).toContain('legal threat');
    expect(r.path.value).toBe('escalate');
  });

  it('gives influence from followers, the verified flag and reach, with reasons', () => {
    const r = triager.triage({ text: 'hello there', author: { followers: 1_000_000, verified: true }, reach: 50_000 });
    expect(r.influence.value).toBeGreaterThan(0.9);
    expect(r.influence.reasons).toEqual(['1,000,000 followers', 'verified author', 'post reach 50,000']);
    expect(triager.triage({ text: 'hello there' }).influence.value).toBe(0);
  });

  it('escalates a negative message from a very influential author', () => {
    const r = triager.triage({ text: 'your product is garbage and your support is even worse', author: { followers: 2_500_000, verified: true } });
    expect(r.path.value).toBe('escalate');
    expect(r.priority.reasons.join(' ')).toMatch(/influential author/);
  });

  it('masks PII in the preview and moves a public post with PII to a private channel', () => {
    const r = triager.triage({ text: 'my card 4111 1111 1111 1111 was charged, mail me at jane.doe@example.com', isPublic: true });
    expect(r.pii.kinds).toEqual(['card', 'email']);
    expect(r.pii.maskedPreview).not.toMatch(/4111|jane/);
    expect(r.path.value).toBe('acknowledge-then-private');
    expect(r.tags).toContain('pii');
  });

  it('finds crisis terms from a configurable list and escalates', () => {
    const custom = loadTriager({ crisisTerms: ['exploding battery'] });
    const r = custom.triage({ text: 'my phone had an Exploding Battery this morning' });
    expect(r.crisis.terms).toEqual(['exploding battery']);
    expect(r.path.value).toBe('escalate');
    expect(custom.triage({ text: 'there was a data breach' }).crisis.terms).toEqual([]);
    expect(triager.triage({ text: 'there was a data breach' }).crisis.terms).toEqual(['data breach']);
  });

  it('uses configured priority weights', () => {
    const text = 'I was charged twice and still waiting for my refund';
    const normal = triager.triage({ text }).priority.value;
    const noUrgency = loadTriager({ weights: { urgency: 0 } }).triage({ text }).priority.value;
    expect(noUrgency).toBeLessThan(normal);
  });
});
