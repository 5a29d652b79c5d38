import { describe, expect, it } from 'vitest';
import { createLexiconTriager, findPii } from '../../../src/triage/lexicon-triager.js';

const triager = createLexiconTriager();

describe('lexicon triager', () => {
  it.each([
    ['empty text', ''],
    ['emoji only', '😡😡😡'],
    ['URL only', 'https://example.com/a/b?c=d'],
    ['lone surrogates', 'bad \ud83d text \ude2d'],
    ['right-to-left text', 'الخدمة سيئة جدا ولم يرد أحد على رسائلي'],
    ['100 KB of text', 'my order is late. '.repeat(6000)],
  ])('rates %s without throwing and with storable output', (_name, text) => {
    const result = triager.triage({ text });
    expect(result.priority.value).toBeGreaterThanOrEqual(0);
    expect(result.priority.value).toBeLessThanOrEqual(100);
    expect(JSON.stringify(result)).not.toMatch(/\\ud[89a-f]/i);
  });

  it('says unknown rather than guessing the language of a short text', () => {
    expect(triager.triage({ text: 'ok thx' }).language.value).toBe('unknown');
  });

  it('recognises a clear language with a reason', () => {
    const r = triager.triage({ text: 'Meine Bestellung ist immer noch nicht angekommen und niemand antwortet' });
    expect(r.language.value).toBe('de');
    expect(r.language.reasons[0]).toMatch(/trigrams/);
  });

  it('rates an angry public billing complaint as urgent, negative, and to be moved private', () => {
    const r = triager.triage({ text: 'I was charged twice and still waiting for my refund, worst service ever', isPublic: true });
    expect(r.sentiment.value).toBe('negative');
    expect(r.complaint.value).toBe(true);
    expect(r.intent.value).toBe('billing');
    expect(r.urgency.reasons).toEqual(expect.arrayContaining(['money lost', 'still waiting']));
    expect(r.path.value).toBe('acknowledge-then-private');
    expect(r.priority.reasons.length).toBeGreaterThan(0);
  });

  it('escalates crisis terms from a configurable list', () => {
    const custom = createLexiconTriager({ crisisTerms: ['exploding battery'] });
    const r = custom.triage({ text: 'my phone had an exploding battery this morning' });
    expect(r.crisis.terms).toEqual(['exploding battery']);
    expect(r.path.value).toBe('escalate');
  });

  it('gives influence from followers and the verified flag, with reasons', () => {
    const r = triager.triage({ text: 'hello', author: { followers: 1_000_000, verified: true } });
    expect(r.influence.value).toBeGreaterThan(0.9);
    expect(r.influence.reasons).toEqual(['1000000 followers', 'verified author']);
  });
});

describe('findPii', () => {
  it('masks emails, phone numbers, IBANs and Luhn-valid card numbers', () => {
    const r = findPii('mail me at ann@example.com or +44 20 7946 0958, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00');
    expect(r.kinds.sort()).toEqual(['card', 'email', 'iban', 'phone']);
    expect(r.masked).toBe('mail me at [email] or [phone], card [card], IBAN [iban]');
  });

  it('leaves a 16-digit number that fails the Luhn check alone', () => {
    expect(findPii('order 4111 1111 1111 1112').kinds).toEqual([]);
  });
});
