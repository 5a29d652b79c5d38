// The agent's day in Chromium against the real desk: sign in, a signed Twilio webhook appears live in the inbox,
// open it with j, reply with r, the reply reaches the Twilio fake and its delivery status shows, resolve with e;
// axe-core finds no serious or critical violations on the sign-in, inbox and conversation pages.
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundSms, startFakeTwilio, type FakeTwilio } from '../fakes/twilio/server.js';
import { ENGINES } from '../support/databases.js';
import { eventually, launchBrowser, PASSWORD, seriousViolations, startBrowserDesk, type Browser, type BrowserDesk } from './browser-desk.js';

const sid = (seed: string) => `SM${Buffer.from(seed).toString('hex').padEnd(32, '0').slice(0, 32)}`;

describe.each(ENGINES)('the agent web app on %s', (engine) => {
  let desk: BrowserDesk;
  let fake: FakeTwilio;
  let browser: Browser;
  let page: Page;
  let hook = '';

  beforeAll(async () => {
    [desk, fake, browser] = await Promise.all([startBrowserDesk(engine), startFakeTwilio(), launchBrowser()]);
    await desk.addAgent('admin@desk.test', 'admin');
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await fake?.close();
    await desk?.close();
  });

  it('serves the app at / and client routes, and keeps JSON 404s for API and hook paths', async () => {
    for (const path of ['/', '/inbox/open', '/inbox/open/c/x', '/settings/agents', '/setup?token=abc']) {
      const res = await fetch(desk.url + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('<div id="root">');
    }
    for (const path of ['/api/nope', '/hooks/nope', '/chat/nope', '/inbox-but-not', '/assets/../package.json', '/assets/missing.js']) {
      const res = await fetch(desk.url + path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ROUTE_NOT_FOUND');
    }
  });

  it('signs in, with a readable error for a wrong password and no serious accessibility violations', async () => {
    await page.goto(desk.url);
    await page.getByRole('heading', { name: 'Sign in to the desk' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Email').fill('admin@desk.test');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).not.toMatch(/at .*\.(ts|js):\d+/);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'All open' }).waitFor();
    await page.getByText('Nothing waiting here').waitFor();
    await page.getByTestId('live-state').filter({ hasText: 'Live' }).waitFor();
  });

  it('shows a signed inbound SMS in the inbox live, without a reload', async () => {
    const account = (await (
      await page.request.post(`${desk.url}/api/channel-accounts`, {
        headers: { 'x-csrf-token': (await (await page.request.get(`${desk.url}/api/me`)).json()).csrfToken as string },
        data: { kind: 'twilio', name: 'Support SMS', config: { accountSid: fake.accountSid, authToken: fake.authToken, fromNumber: '+15005550006', apiBaseUrl: fake.url } },
      })
    ).json()) as { id: string };
    hook = `${desk.url}/hooks/twilio/${account.id}`;
    await page.evaluate('window.__sameDocument = true');

    const res = await fake.deliver(hook, inboundSms(fake.accountSid, { MessageSid: sid('web-1'), From: '+15551230001', Body: 'My parcel never arrived and I am furious\nOrder 4812' }));
    expect(res.status).toBe(200);
    const row = page.locator('.row', { hasText: 'My parcel never arrived and I am furious' });
    await row.waitFor({ timeout: 15_000 });
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    // The first line only, with the channel's icon and the triage badges.
    expect(await row.textContent()).not.toContain('Order 4812');
    await row.getByRole('img', { name: 'SMS/WhatsApp' }).waitFor();
    expect(await row.locator('.badge-negative').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('opens it with j, replies with r, and shows the delivery status the Twilio fake reports', async () => {
    await page.keyboard.press('j');
    await page.locator('.message-inbound', { hasText: 'My parcel never arrived' }).waitFor();
    expect(page.url()).toMatch(/\/inbox\/open\/c\/[0-9a-f-]{36}$/);
    await page.keyboard.press('r');
    const box = page.getByLabel('Reply to the customer');
    await expect.poll(() => box.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await box.pressSequentially('Sorry about that: a new parcel ships today.');
    expect(await page.getByTestId('char-count').textContent()).toBe('43 / 1600 characters');
    await page.keyboard.press('Control+Enter');

    await eventually(() => fake.messages.some((m) => m.body === 'Sorry about that: a new parcel ships today.'), 'the reply at the Twilio fake', 15_000);
    const sent = fake.messages.find((m) => m.body === 'Sorry about that: a new parcel ships today.')!;
    expect(sent.to).toBe('+15551230001');
    const reply = page.locator('.message-outbound', { hasText: 'a new parcel ships today' });
    await reply.locator('[data-testid=delivery-status][data-status=sent]').waitFor({ timeout: 10_000 });
    expect((await fake.sendStatus(sent.sid, 'delivered')).status).toBe(200);
    await reply.locator('[data-testid=delivery-status][data-status=delivered]').waitFor({ timeout: 10_000 });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('resolves the open conversation with e', async () => {
    await page.locator('#main').click({ position: { x: 5, y: 5 } }); // leave the compose box so e is a shortcut
    await page.keyboard.press('e');
    await page.getByTestId('conversation-status').filter({ hasText: 'resolved' }).waitFor();
    const stored = await sql<{ status: string }>`select c.status from conversation c join message m on m.conversation_id = c.id where m.external_id = ${sid('web-1')}`.execute(
      desk.desk.context.database.db,
    );
    expect(stored.rows[0]!.status).toBe('resolved');
    // It leaves the "All open" list live.
    await page.locator('.row', { hasText: 'My parcel never arrived' }).waitFor({ state: 'detached' });
  });
});
