// Sends outbound webhook deliveries: turns new events into deliveries (fan-out), then posts each due one, signed,
// to its subscription's URL — or, for a mailto: subscription, emails it through EARSHOT_SMTP_URL. A failure is
// retried with exponential backoff (30 s, 1 min, 2 min … at most 1 h apart, 8 attempts) and every attempt is in
// the delivery log; a 410 Gone or a missing SMTP configuration fails at once, as no retry can fix it.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { claimDueDeliveries, fanOutEvents, openWebhookSecret, recordDeliveryResult, type ClaimedDelivery, type Database, type DeliveryResult } from '../store/index.js';
import { signWebhook } from './webhook-signature.js';

export const MAX_DELIVERY_ATTEMPTS = 8;
const FAN_OUT_WINDOW = 5000;

/** Delay before attempt `attempt + 1` after attempt `attempt` failed. */
export function backoffMs(attempt: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** (attempt - 1));
}

export interface EmailSettings {
  /** smtp://user:password@host:port or smtps://…; absent: mailto: subscriptions fail with that reason. */
  readonly smtpUrl: string | undefined;
  readonly from: string;
}

export interface DeliveryWorkerDeps {
  readonly database: Database;
  readonly log: Logger;
  readonly secretKey: Buffer;
  readonly email: EmailSettings;
  /** Public base URL of the desk, so emailed alerts link to the inbox; absent: relative paths. */
  readonly publicUrl: string | undefined;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly clock?: () => number;
}

export interface DeliveryWorker {
  /** One pass: fan out new events, then send everything due at `now`. Returns the attempts made. */
  runOnce(now?: number): Promise<number>;
  stop(): Promise<void>;
}

function emailOf(body: string, publicUrl: string | undefined): { subject: string; text: string } {
  const event = JSON.parse(body) as { type: string; data: Record<string, unknown> };
  const alert = event.data['alert'] as { reason?: string; inboxPath?: string } | undefined;
  const title = typeof event.data['title'] === 'string' ? event.data['title'] : undefined;
  const summary = alert?.reason ?? title ?? event.type;
  const link = alert?.inboxPath === undefined ? '' : `\n\nOpen in earshot: ${(publicUrl ?? '').replace(/\/$/, '')}${alert.inboxPath}\n`;
  // A digest carries its own text; other events show their JSON under the summary.
  const detail = typeof event.data['text'] === 'string' ? event.data['text'] : JSON.stringify(event, null, 2);
  return { subject: `[earshot] ${event.type}: ${summary}`.slice(0, 200), text: `${summary}${link}\n\n${detail}\n` };
}

async function attempt(deps: DeliveryWorkerDeps, d: ClaimedDelivery, transport: () => Transporter | undefined, now: number): Promise<DeliveryResult> {
  const retry = (status: number | null, error: string): DeliveryResult =>
    d.attempt >= MAX_DELIVERY_ATTEMPTS ? { kind: 'failed', status, error: `${error} (gave up after ${d.attempt} attempts)` } : { kind: 'retry', status, error, at: now + backoffMs(d.attempt) };
  if (d.url.startsWith('mailto:')) {
    const smtp = transport();
    if (!smtp) return { kind: 'failed', status: null, error: 'EARSHOT_SMTP_URL is not set, so mailto: subscriptions cannot be delivered' };
    try {
      const mail = emailOf(d.body, deps.publicUrl);
      await smtp.sendMail({ from: deps.email.from, to: decodeURIComponent(d.url.slice('mailto:'.length)), subject: mail.subject, text: mail.text });
      return { kind: 'delivered', status: null };
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      return retry(code ?? null, `SMTP: ${(err as Error).message}`.slice(0, 500));
    }
  }
  const timestamp = Math.floor(now / 1000);
  const secret = openWebhookSecret(deps.secretKey, d.subscriptionId, d.sealedSecret);
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'earshot-webhooks/1',
        'x-earshot-event': d.eventType,
        'x-earshot-delivery': d.id,
        'x-earshot-timestamp': String(timestamp),
        'x-earshot-signature': signWebhook(secret, timestamp, d.body),
      },
      body: d.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    await res.body?.cancel();
    if (res.status >= 200 && res.status < 300) return { kind: 'delivered', status: res.status };
    if (res.status === 410) return { kind: 'failed', status: 410, error: 'receiver answered 410 Gone' };
    return retry(res.status, `receiver answered ${res.status}`);
  } catch (err) {
    return retry(null, `request failed: ${(err as Error).message}`.slice(0, 500));
  }
}

export function startDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const clock = deps.clock ?? Date.now;
  let smtp: Transporter | undefined;
  const transport = () => (deps.email.smtpUrl === undefined ? undefined : (smtp ??= nodemailer.createTransport(deps.email.smtpUrl)));
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const runOnce = async (now = clock()): Promise<number> => {
    await fanOutEvents(deps.database.db, FAN_OUT_WINDOW);
    let attempts = 0;
    for (;;) {
      const due = await claimDueDeliveries(deps.database.db, { now, limit: 20, leaseMs: deps.timeoutMs * 2 + 60_000 });
      if (due.length === 0) return attempts;
      const results = await Promise.all(due.map((d) => attempt(deps, d, transport, now)));
      for (const [i, result] of results.entries()) {
        const d = due[i]!;
        await recordDeliveryResult(deps.database.db, d.id, result, clock());
        if (result.kind !== 'delivered') deps.log.warn({ deliveryId: d.id, subscriptionId: d.subscriptionId, attempt: d.attempt, outcome: result.kind, error: result.error }, 'webhook delivery failed');
      }
      attempts += due.length;
    }
  };
  const schedule = () => {
    if (stopped || deps.intervalMs <= 0) return;
    timer = setTimeout(() => {
      const run = runOnce().catch((err: unknown) => deps.log.warn({ err }, 'webhook delivery pass failed; retrying at the next interval'));
      running = run;
      void run.finally(schedule);
    }, deps.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    runOnce: (now) => {
      const run = runOnce(now);
      running = run.catch(() => undefined);
      return run;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      smtp?.close();
    },
  };
}
