// The load generator of bench/webhooks, run in its own process so it does not share the server's event loop:
// reads pre-signed requests from a JSON file and fires them open-loop at a fixed rate over keep-alive
// connections, then prints every request's status and latency as JSON.
// Usage (by bench/webhooks.ts): node --import tsx bench/webhook-load.ts URL FILE RATE
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

const [base, file, rateText] = process.argv.slice(2) as [string, string, string];
const requests = JSON.parse(readFileSync(file, 'utf8')) as { path: string; headers: Record<string, string>; body: string }[];
const rate = Number(rateText);
const agent = new Agent({ keepAlive: true, maxSockets: 128 });
const target = new URL(base);
const results: { status: number; ms: number }[] = new Array(requests.length);

function send(i: number): Promise<void> {
  const r = requests[i]!;
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = request(
      { host: target.hostname, port: target.port, path: r.path, method: 'POST', agent, headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) } },
      (res) => {
        res.resume();
        res.on('end', () => {
          results[i] = { status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 };
          resolve();
        });
      },
    );
    req.on('error', () => {
      results[i] = { status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 };
      resolve();
    });
    req.end(r.body);
  });
}

const t0 = performance.now();
const inflight: Promise<void>[] = [];
let next = 0;
await new Promise<void>((done) => {
  const tick = () => {
    // Open loop: every request leaves at its scheduled time, whatever happened to the earlier ones.
    const due = Math.min(requests.length, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
    while (next < due) inflight.push(send(next++));
    if (next >= requests.length) return done();
    setTimeout(tick, 1);
  };
  tick();
});
await Promise.all(inflight);
const elapsed = (performance.now() - t0) / 1000;
process.stdout.write(JSON.stringify({ elapsed, results }));
agent.destroy();
