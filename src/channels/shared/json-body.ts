// A webhook body as JSON: strict UTF-8 first (a bad byte must not become U+FFFD and then parse), then JSON.parse.
export type JsonBody = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

export function parseJsonBody(body: Buffer): JsonBody {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) };
  } catch {
    return { ok: false, reason: 'body: not UTF-8 JSON' };
  }
}
