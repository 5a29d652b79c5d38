import { describe, expect, it } from 'vitest';
import { extractMentions, mentionMatches } from '../../../src/domain/mentions.js';

describe('mentions', () => {
  it('finds @handles and @emails once each, ignoring plain email addresses', () => {
    expect(extractMentions('cc @Anna and @bob@desk.test, again @anna. mail me at x@y.z')).toEqual(['anna', 'bob@desk.test']);
  });

  it('matches an agent by full email or by the part before the at sign', () => {
    expect(mentionMatches('anna', 'Anna@desk.test')).toBe(true);
    expect(mentionMatches('anna@desk.test', 'anna@desk.test')).toBe(true);
    expect(mentionMatches('ann', 'anna@desk.test')).toBe(false);
  });
});
