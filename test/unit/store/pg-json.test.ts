import { describe, expect, it } from 'vitest';
import { toPgJson } from '../../../src/store/pg-json.js';

describe('toPgJson', () => {
  it('replaces a lone high or low surrogate with U+FFFD and keeps proper pairs', () => {
    const text = `a\ud83d b\ude2d c😭`;
    expect(JSON.parse(toPgJson({ text }))).toEqual({ text: 'a\ufffd b\ufffd c😭' });
  });

  it('replaces NUL, which PostgreSQL text cannot hold', () => {
    expect(JSON.parse(toPgJson(['x\u0000y']))).toEqual(['x\ufffdy']);
  });

  it('leaves an escaped backslash followed by a surrogate-looking sequence alone', () => {
    const text = '\\ud800 is how you write it';
    expect(JSON.parse(toPgJson(text))).toBe(text);
  });
});
