// application/x-www-form-urlencoded bodies as ordered name/value pairs: signature schemes (Twilio) need every
// parameter, repeated names included, exactly as sent.

export type FormPairs = readonly (readonly [string, string])[];

/** Decodes a form body; null when it is not valid UTF-8 or not form-encoded. */
export function parseFormBody(raw: Buffer): FormPairs | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return null;
  }
  try {
    return [...new URLSearchParams(text)].map(([k, v]) => [k, v] as const);
  } catch {
    return null;
  }
}

/** Last value wins for single fields; `name[]`-style repeats are kept by `formAll`. */
export function formObject(pairs: FormPairs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) out[k] = v;
  return out;
}

export function formAll(pairs: FormPairs, name: string): string[] {
  return pairs.filter(([k]) => k === name).map(([, v]) => v);
}
