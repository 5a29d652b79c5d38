// A PBX that speaks Zammad's generic CTI (PROTOCOLS.md §12): posts newCall / answer / hangup to the desk's URL
// with the path token, as JSON or as form data with `user[]` repeated, and can script repeats and missing events.
export interface CtiCall {
  readonly callId: string;
  readonly from: string;
  readonly to: string;
  readonly direction: 'in' | 'out';
}

export interface CtiDriver {
  newCall(call: CtiCall, extra?: { user?: string[]; queue?: string }): Promise<{ status: number; body: string }>;
  answer(call: CtiCall, user: string, answeringNumber?: string): Promise<{ status: number; body: string }>;
  hangup(call: CtiCall, cause: string, answeringNumber?: string): Promise<{ status: number; body: string }>;
  /** Posts any body, for hostile-input tests. */
  raw(body: string, contentType: string, url?: string): Promise<{ status: number; body: string }>;
}

export function ctiDriver(hookUrl: string, options: { form?: boolean } = {}): CtiDriver {
  const post = async (fields: Record<string, string | string[] | undefined>) => {
    let body: string;
    let contentType: string;
    if (options.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) {
        if (v === undefined) continue;
        if (Array.isArray(v)) for (const item of v) params.append(`${k}[]`, item);
        else params.append(k, v);
      }
      body = params.toString();
      contentType = 'application/x-www-form-urlencoded';
    } else {
      body = JSON.stringify(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v])));
      contentType = 'application/json';
    }
    return raw(body, contentType);
  };
  const raw = async (body: string, contentType: string, url = hookUrl) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: res.status, body: await res.text() };
  };
  return {
    newCall: (c, extra = {}) => post({ event: 'newCall', ...c, user: extra.user, queue: extra.queue }),
    answer: (c, user, answeringNumber) => post({ event: 'answer', ...c, user, answeringNumber }),
    hangup: (c, cause, answeringNumber) => post({ event: 'hangup', ...c, cause, answeringNumber }),
    raw,
  };
}
