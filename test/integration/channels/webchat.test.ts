// Web chat end to end: the /chat/v1 protocol on both engines (tokens, origins, clientMsgId dedupe, seq order,
// replay after lastSeq), then the real widget driven in Chromium on a company page of another origin.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webchatRoutes } from '../../../src/server/routes/webchat.js';
import { ENGINES } from '../../support/databases.js';
import { startChannelDesk, type ChannelDesk } from './harness.js';

const CHROMIUM = '/usr/bin/chromium';
const INSTALL = 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-liberation';
const SITE = 'https://shop.example.com';

function chatDesk(engine: (typeof ENGINES)[number]): Promise<ChannelDesk> {
  return startChannelDesk(engine, {
    plugins: ({ database, connectors, secretKey }) => [
      (app) =>
        webchatRoutes({
          webchat: {
            database,
            secretKey,
            get connectors() {
              return connectors();
            },
          },
          pollMs: 50,
          messagesPerMinute: 1000,
        })(app),
    ],
  });
}

async function readSse(url: string, headers: Record<string, string>, frames: number): Promise<Record<string, unknown>[]> {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const out: Record<string, unknown>[] = [];
  let buffer = '';
  const timer = setTimeout(() => controller.abort(), 5000);
  try {
    while (out.length < frames) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += new TextDecoder().decode(value);
      let at: number;
      while ((at = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (data) out.push(JSON.parse(data.slice(6)) as Record<string, unknown>);
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return out;
}

describe.each(ENGINES)('web chat protocol on %s', (engine) => {
  let desk: ChannelDesk;
  let accountId: string;
  beforeAll(async () => {
    desk = await chatDesk(engine);
    accountId = (await desk.addAccount('webchat', 'site chat', { allowedOrigins: SITE, siteSecret: 'site-secret-0123456789' })).id;
  });
  afterAll(async () => {
    await desk.close();
  });

  const session = async (body: Record<string, unknown> = {}, origin = SITE) =>
    fetch(`${desk.url}/chat/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ accountId, ...body }) });
  const message = (token: string, body: Record<string, unknown>, origin = SITE) =>
    fetch(`${desk.url}/chat/v1/messages?accountId=${accountId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, origin },
      body: JSON.stringify(body),
    });

  it('refuses other origins, forged tokens, unknown fields and wrong user hashes', async () => {
    expect((await session({}, 'https://evil.example.com')).status).toBe(403);
    const s = (await (await session()).json()) as { visitorToken: string };
    expect((await message(`${s.visitorToken}x`, { clientMsgId: crypto.randomUUID(), body: 'hi' })).status).toBe(401);
    const extra = await message(s.visitorToken, { clientMsgId: crypto.randomUUID(), body: 'hi', admin: true });
    expect(extra.status).toBe(400);
    expect(await extra.json()).toMatchObject({ error: { code: 'INPUT_INVALID', message: expect.stringContaining('admin') } });
    expect((await session({ userId: 'u-1', userHash: '00' })).status).toBe(401);
  });

  it('dedupes a resent clientMsgId, orders by seq, and replays after lastSeq', async () => {
    const s = (await (await session()).json()) as { visitorId: string; visitorToken: string };
    const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const acks = [];
    for (const [i, id] of ids.entries()) acks.push((await (await message(s.visitorToken, { clientMsgId: id, body: `line ${i + 1}`, ...(i === 0 ? { email: 'ann@example.com' } : {}) })).json()) as { seq: number; duplicate: boolean });
    const again = (await (await message(s.visitorToken, { clientMsgId: ids[1], body: 'line 2' })).json()) as { seq: number; duplicate: boolean };
    expect(again).toMatchObject({ seq: acks[1]!.seq, duplicate: true });
    expect(acks.map((a) => a.seq)).toEqual([...acks.map((a) => a.seq)].sort((a, b) => a - b));

    await desk.ingest();
    const convs = await desk.conversationsOf(accountId);
    const conv = convs.find((c) => c.messages.some((m) => m.text.startsWith('line 1')))!;
    expect(conv.messages.map((m) => m.text)).toEqual(['line 1\n\n(Visitor left an email address for the answer: ann@example.com)', 'line 2', 'line 3']);

    await desk.reply(conv.id, 'agent answer');
    expect((await desk.outbox()).sent).toBe(1);
    const status = await sql<{ status: string }>`select status from outbox_item where conversation_id = ${conv.id}`.execute(desk.database.db);
    expect(status.rows[0]!.status).toBe('delivered');

    const frames = await readSse(`${desk.url}/chat/v1/events?accountId=${accountId}&token=${encodeURIComponent(s.visitorToken)}&lastSeq=${acks[0]!.seq}`, { origin: SITE }, 3);
    expect(frames.map((f) => [f['direction'], f['body']])).toEqual([
      ['inbound', 'line 2'],
      ['inbound', 'line 3'],
      ['outbound', 'agent answer'],
    ]);
    expect(frames.every((f) => f['conversationId'] === s.visitorId)).toBe(true);
  });

  it('gives a host-asserted user the same visitor id on every device', async () => {
    const { createHmac } = await import('node:crypto');
    const userHash = createHmac('sha256', 'site-secret-0123456789').update('customer-42').digest('hex');
    const a = (await (await session({ userId: 'customer-42', userHash })).json()) as { visitorId: string };
    const b = (await (await session({ userId: 'customer-42', userHash })).json()) as { visitorId: string };
    expect(a.visitorId).toBe(b.visitorId);
  });
});

describe('web chat widget in Chromium', () => {
  let desk: ChannelDesk;
  let site: FastifyInstance;
  let siteUrl = '';
  let browser: BrowserContext;
  let profile: string;
  let accountId: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}; install it with: ${INSTALL}`);
    desk = await chatDesk('pglite');
    site = Fastify();
    site.get('/', async (_req, reply) =>
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .send(`<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1><script src="${desk.url}/chat/v1/widget.js" data-account="${accountId}" async></script></body></html>`),
    );
    await site.listen({ port: 0, host: '127.0.0.1' });
    const address = site.server.address();
    siteUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    accountId = (await desk.addAccount('webchat', 'browser chat', { allowedOrigins: siteUrl, title: 'Shop support' })).id;
    profile = mkdtempSync(join(tmpdir(), 'earshot-chromium-'));
    // A fresh profile per run: playwright takes it as the persistent context's user-data dir.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await desk?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('lets a visitor chat, leave an email when nobody is online, see the agent reply live and keep the transcript after a reload', async () => {
    const page = await browser.newPage();
    await page.goto(siteUrl);
    await page.click('[data-testid=earshot-launcher]');
    await page.locator('[data-testid=earshot-offline]').waitFor({ state: 'visible' });
    await page.fill('[data-testid=earshot-name]', 'Ann');
    await page.fill('[data-testid=earshot-email]', 'ann@example.com');
    await page.fill('[data-testid=earshot-input]', 'My order <b>4812</b> is late');
    await page.click('[data-testid=earshot-send]');
    await page.locator('.msg.visitor[data-seq]:not(.pending)').waitFor();

    // The ack (seq) means the raw row is committed: the pipeline can take it from here.
    await desk.ingest();
    const [conv] = await desk.conversationsOf(accountId);
    expect(conv!.messages[0]!.text).toBe('My order <b>4812</b> is late\n\n(Visitor left an email address for the answer: ann@example.com)');

    await desk.reply(conv!.id, 'Sorry, Ann — it ships today.');
    await desk.outbox();
    const agent = page.locator('.msg.agent');
    await agent.waitFor({ timeout: 5000 });
    expect(await agent.textContent()).toBe('Sorry, Ann — it ships today.');
    // Customer text is text, never markup.
    expect(await page.locator('.msg.visitor b').count()).toBe(0);
    expect(await page.locator('.msg.visitor').first().textContent()).toBe('My order <b>4812</b> is late');

    await page.reload();
    await page.click('[data-testid=earshot-launcher]');
    await page.locator('.msg.agent').waitFor({ timeout: 5000 });
    expect(await page.locator('.msg').allTextContents()).toEqual(['My order <b>4812</b> is late', 'Sorry, Ann — it ships today.']);
    await page.close();
  });
});
