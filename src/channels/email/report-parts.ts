// The two machine-readable parts of a `multipart/report; report-type=delivery-status` (RFC 3464 §2): the
// `message/delivery-status` fields and the returned message's headers. mailparser folds the status part into the
// body text, so the report is split on its own boundary here; only the top level is read, as RFC 6522 places it.

export interface ReportParts {
  readonly status: string | null;
  readonly returnedHeaders: string | null;
}

function boundaryOf(contentType: string): string | null {
  const m = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

export function reportParts(raw: Buffer, contentType: string): ReportParts {
  const boundary = boundaryOf(contentType);
  if (boundary === null) return { status: null, returnedHeaders: null };
  // Reports are small; the returned message may carry a large body, of which only the headers are wanted.
  const text = raw.subarray(0, 512 * 1024).toString('latin1');
  let status: string | null = null;
  let returnedHeaders: string | null = null;
  for (const part of text.split(`--${boundary}`).slice(1)) {
    const split = /\r?\n\r?\n/.exec(part);
    if (!split) continue;
    const head = part.slice(0, split.index);
    const body = part.slice(split.index + split[0].length);
    const type = /content-type:\s*([^;\s]+)/i.exec(head)?.[1]?.toLowerCase();
    if (type === 'message/delivery-status' && status === null) status = body;
    else if ((type === 'text/rfc822-headers' || type === 'message/rfc822') && returnedHeaders === null) {
      const end = /\r?\n\r?\n/.exec(body);
      returnedHeaders = end ? body.slice(0, end.index) : body;
    }
  }
  return { status, returnedHeaders };
}
