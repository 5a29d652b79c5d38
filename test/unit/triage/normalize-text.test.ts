import { describe, expect, it } from 'vitest';
import { MAX_MODEL_CHARS, normalizeText } from '../../../src/triage/normalize-text.js';
import { extractFeatures, FEATURE_GROUPS } from '../../../src/triage/hashed-features.js';

describe('normalizeText', () => {
  it('folds URLs, mentions and digits so they share features', () => {
    expect(normalizeText('@Delta flight 1234 see https://t.co/xyz').text).toBe('@user flight 0000 see http');
  });

  it('shortens elongations to two letters and marks them', () => {
    const n = normalizeText('sooooo goooood');
    expect(n.text).toBe('soo good');
    expect(n.tokens).toContain('<elongated>');
  });

  it('keeps a hashtag as itself and as its word', () => {
    expect(normalizeText('down again #outage').tokens).toEqual(expect.arrayContaining(['#outage', 'outage']));
  });

  it('gives the words after a negation a neg: twin', () => {
    expect(normalizeText("this is not good at all").tokens).toEqual(expect.arrayContaining(['good', 'neg:good']));
    expect(normalizeText('this is good').tokens).not.toContain('neg:good');
  });

  it('keeps emoji as tokens and decodes literal \\u escapes found in tweet corpora', () => {
    expect(normalizeText('love it 😍').tokens).toContain('😍');
    expect(normalizeText('I\\u2019m here').text).toBe('i’m here');
  });

  it('reads at most MAX_MODEL_CHARS of a long text and repairs lone surrogates', () => {
    const n = normalizeText(`\ud83d${'a b '.repeat(50_000)}`);
    expect(n.text.length).toBeLessThanOrEqual(MAX_MODEL_CHARS);
    expect(n.text.isWellFormed()).toBe(true);
  });
});

describe('extractFeatures', () => {
  it('gives the same hashes for the same text and different ones for different text', () => {
    const a = extractFeatures(normalizeText('my order is late'), { groups: FEATURE_GROUPS }).hashes.slice();
    const b = extractFeatures(normalizeText('my order is late'), { groups: FEATURE_GROUPS }).hashes.slice();
    const c = extractFeatures(normalizeText('my parcel is late'), { groups: FEATURE_GROUPS }).hashes.slice();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('extracts only the groups asked for', () => {
    const f = extractFeatures(normalizeText('my order is late'), { groups: ['w1'] });
    expect(f.hashes.length).toBe(4);
    expect(f.start[1]).toBe(4);
  });
});
