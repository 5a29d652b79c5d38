// Urgency from transparent triggers (safety, legal threat, outage, money lost, repeated contact, still
// waiting); the strongest trigger sets the level and each further one adds a little.
import type { Signal } from '../domain/triage-result.js';
import { makeSignal } from './signal.js';

export const URGENCY_TRIGGERS: readonly (readonly [string, RegExp, number])[] = [
  ['safety', /\b(fire|smoke|smoking|explod\w*|injur(ed|y|ies)|danger(ous)?|unsafe|emergency|hospital|carbon monoxide|gas leak|electrocut\w*|choking|allergic reaction|food poisoning)\b/i, 1],
  ['legal threat', /\b(lawyer|attorney|solicitor|sue|suing|lawsuit|legal action|small claims|ombudsman|regulator|trading standards|ftc|fcc|consumer protection)\b/i, 0.8],
  ['outage', /\b(outage|down for (hours|days)|(is|are|still) down|not working|no (service|signal|internet|power|wifi))\b/i, 0.6],
  ['money lost', /\b(money (is )?(gone|missing|taken|stolen)|charged (me )?twice|double charged|stolen|fraud\w*|unauthori[sz]ed|scam(med)?|overdrawn|lost \$?\d+)\b/i, 0.8],
  ['repeated contact', /\b((third|fourth|fifth|\d+(st|nd|rd|th)) time|(\d+|several|many|multiple|countless) (times|emails|calls|messages|dms|tweets)|again and again|keep (calling|emailing|asking))\b/i, 0.5],
  ['still waiting', /\b(still (waiting|no|not|haven'?t|hasn'?t)|no (reply|response|answer)|nobody (answers|replies|responds|is responding)|no one (answers|replies|is responding|responds)|ignor(ed|ing) (me|my)|been waiting|waiting (for )?(\d+|weeks|days|hours))\b/i, 0.6],
];

export function rateUrgency(text: string): Signal<number> {
  const scanned = text.length > 5000 ? text.slice(0, 5000) : text;
  const fired = URGENCY_TRIGGERS.filter(([, re]) => re.test(scanned));
  if (fired.length === 0) return makeSignal(0, 0, []);
  const level = Math.min(1, Math.max(...fired.map(([, , w]) => w)) + 0.1 * (fired.length - 1));
  return makeSignal(Math.round(level * 100) / 100, level, fired.map(([name]) => name));
}
