// Personal data in a message (emails, phone numbers, payment cards, IBANs), found by pattern plus checksum so an
// order number is not called a card, and masked in the preview agents and logs see.
import type { PiiKind } from '../domain/triage-result.js';

/** Longest preview kept; the agent opens the message for the rest. */
export const PREVIEW_CHARS = 280;

export interface PiiFinding {
  readonly kinds: readonly PiiKind[];
  /** The first PREVIEW_CHARS of the text with every finding replaced by `[kind]`. */
  readonly masked: string;
}

// Scanned past the preview too, so PII further down a long mail still counts; bounded for 100 KB inputs.
const SCAN_CHARS = 20_000;

const PATTERNS: readonly (readonly [PiiKind, RegExp])[] = [
  ['email', /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu],
  ['iban', /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b/gi],
  ['card', /\b\d(?:[ -]?\d){12,18}\b/g],
  ['phone', /(?:\+|\b00)\d[\d ()./-]{6,16}\d\b|\(?\b\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b|\b0\d{2,4}[ /-]?\d{5,8}\b/g],
];

/** Luhn mod-10: every payment card number passes it, most random digit runs do not. */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

/** ISO 13616 mod-97 check, so a product code that happens to start with two letters is not an IBAN. */
export function isIbanValid(candidate: string): boolean {
  const compact = candidate.replace(/ /g, '').toUpperCase();
  if (compact.length < 15 || compact.length > 34) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

function isReal(kind: PiiKind, match: string): boolean {
  if (kind === 'card') return isLuhnValid(match.replace(/\D/g, ''));
  if (kind === 'iban') return isIbanValid(match);
  return true;
}

/** The shortest phone number the patterns accept has 8 digits. */
const MIN_DIGITS = 8;
const EMAIL_HINT = /@[^\s@]+\.\p{L}/u;

/** Most digits in one run that may contain the separators the patterns allow (space - . ( ) /). */
function longestDigitRun(text: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      run++;
      if (run > best) best = run;
    } else if (c !== 32 && c !== 45 && c !== 46 && c !== 40 && c !== 41 && c !== 47 && c !== 43) {
      run = 0;
    }
  }
  return best;
}

function mask(text: string, kinds: Set<PiiKind>): string {
  let out = text;
  for (const [kind, pattern] of PATTERNS) {
    out = out.replace(pattern, (match) => {
      if (!isReal(kind, match)) return match;
      kinds.add(kind);
      return `[${kind}]`;
    });
  }
  return out;
}

/** Finds PII kinds in the text and masks them in a preview. Never throws. */
export function findPii(raw: string): PiiFinding {
  const text = raw.slice(0, SCAN_CHARS).toWellFormed();
  const kinds = new Set<PiiKind>();
  // Most messages have no run of digits and no address: skip the patterns unless a cheap count says they could match.
  if (longestDigitRun(text) < MIN_DIGITS && !EMAIL_HINT.test(text)) return { kinds: [], masked: text.slice(0, PREVIEW_CHARS) };
  // Mask before cutting the preview so a number straddling the cut is not half shown.
  const masked = mask(text, kinds);
  return { kinds: [...kinds].sort(), masked: masked.slice(0, PREVIEW_CHARS).toWellFormed() };
}
