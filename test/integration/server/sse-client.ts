// A minimal EventSource for tests (Node 20 has none): frames parsed as they arrive, with waiting helpers.
import { request } from 'node:http';

export interface Frame {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: { type: string; conversationIds: string[]; payload: Record<string, unknown>; id?: string };
}

export interface SseStream {
  readonly frames: Frame[];
  readonly status: number;
  /** Resolves once a frame matching `pred` has arrived (rejects after `timeoutMs`). */
  waitFor(pred: (f: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  readonly ended: Promise<void>;
  close(): void;
}

export function openStream(url: string, headers: Record<string, string>): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const frames: Frame[] = [];
      const waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
      let buffer = '';
      let endResolve: () => void = () => undefined;
      const ended = new Promise<void>((r) => (endResolve = r));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let at = buffer.indexOf('\n\n'); at >= 0; at = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (line.startsWith(':') || !line.includes(':')) continue;
            const i = line.indexOf(':');
            fields.set(line.slice(0, i), line.slice(i + 1).trimStart());
          }
          if (!fields.has('data')) continue;
          const frame: Frame = { id: fields.get('id'), event: fields.get('event') ?? 'message', data: JSON.parse(fields.get('data')!) as Frame['data'] };
          frames.push(frame);
          for (const w of [...waiters]) {
            if (!w.pred(frame)) continue;
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(frame);
          }
        }
      });
      res.on('end', () => endResolve());
      res.on('close', () => endResolve());
      resolve({
        frames,
        status: res.statusCode ?? 0,
        ended,
        waitFor(pred, timeoutMs = 10_000) {
          const found = frames.find(pred);
          if (found) return Promise.resolve(found);
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`no matching frame in ${timeoutMs} ms; got ${JSON.stringify(frames.map((f) => f.data))}`)), timeoutMs);
            waiters.push({ pred, resolve: (f) => (clearTimeout(timer), ok(f)) });
          });
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}
