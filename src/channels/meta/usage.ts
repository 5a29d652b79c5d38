// Meta's throttling signals (PROTOCOLS.md §2 "Errors and limits"): error codes rather than 429s, and usage headers
// in percent; `X-Business-Use-Case-Usage` says how many minutes until access returns.
import { z } from 'zod';

/** Throttling codes: app (4), user (17), Pages/business use case (32, 613) and the 80001-range per-product limits. */
export function isThrottleCode(code: number | undefined): boolean {
  return code === 4 || code === 17 || code === 32 || code === 613 || (code !== undefined && code >= 80000 && code < 80100);
}

const bucUsage = z.record(z.string(), z.array(z.object({ estimated_time_to_regain_access: z.number().optional() }).loose()));

/** The longest `estimated_time_to_regain_access` (minutes) in X-Business-Use-Case-Usage, in ms; null when absent. */
export function regainAccessMs(headers: Headers): number | null {
  const raw = headers.get('x-business-use-case-usage');
  if (raw === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = bucUsage.safeParse(json);
  if (!parsed.success) return null;
  const minutes = Math.max(0, ...Object.values(parsed.data).flatMap((list) => list.map((u) => u.estimated_time_to_regain_access ?? 0)));
  return minutes > 0 ? minutes * 60_000 : null;
}
