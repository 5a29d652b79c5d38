// Writes docs/screenshots/*.png of the agent app at 1440×900: a throwaway desk in a temp dir filled with
// `earshot demo` data, one SMS conversation through the local Twilio fake (so a reply shows its delivery
// status), then Debian Chromium signs in and photographs sign-in, inbox, conversation and settings.
// Run: npx tsx scripts/screenshots.ts
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import { createLogger, startDesk } from '../src/main.js';
import { loadDemoData } from '../src/pipeline/index.js';
import { createAgent, createTeam } from '../src/store/index.js';
import { inboundSms, startFakeTwilio } from '../test/fakes/twilio/server.js';
import { buildWebAppIfStale } from '../web/app/build.js';

const OUT = join(import.meta.dirname, '..', 'docs', 'screenshots');
const PASSWORD = 'correct horse battery';

async function main(): Promise<void> {
  await buildWebAppIfStale();
  mkdirSync(OUT, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'earshot-shots-'));
  const port = 34000 + Math.floor(Math.random() * 1000);
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({ EARSHOT_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'silent', EARSHOT_PUBLIC_URL: url }, dataDir);
  const desk = await startDesk(config, { role: 'all', log: createLogger('silent'), runCommand: () => async () => 1 });
  const fake = await startFakeTwilio();
  const profile = mkdtempSync(join(tmpdir(), 'earshot-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const { database, organisation } = desk.context;
    const team = await createTeam(database.db, organisation.id, 'Care EMEA');
    const admin = await createAgent(database.db, { organisationId: organisation.id, email: 'maria@desk.example', name: 'Maria Lopez', role: 'admin', password: PASSWORD, teamIds: [team.id] });
    await createAgent(database.db, { organisationId: organisation.id, email: 'sam@desk.example', name: 'Sam Okafor', role: 'agent', password: PASSWORD, teamIds: [team.id] });
    await loadDemoData(desk.context.ingestDeps('screenshots'), { organisation, messages: 1500, seed: 42, endAt: Date.now() });

    const page = await browser.newPage();
    await page.goto(url);
    await page.getByRole('heading', { name: 'Sign in to the desk' }).waitFor();
    await page.screenshot({ path: join(OUT, 'login.png') });

    await page.getByLabel('Email').fill('maria@desk.example');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    const csrf = ((await (await page.request.get(`${url}/api/me`)).json()) as { csrfToken: string }).csrfToken;
    const headers = { 'x-csrf-token': csrf };
    const account = (await (
      await page.request.post(`${url}/api/channel-accounts`, {
        headers,
        data: { kind: 'twilio', name: 'Support SMS', config: { accountSid: fake.accountSid, authToken: fake.authToken, fromNumber: '+15005550006', apiBaseUrl: fake.url } },
      })
    ).json()) as { id: string };
    const hook = `${url}/hooks/twilio/${account.id}`;
    await fake.deliver(hook, inboundSms(fake.accountSid, { From: '+15551230001', Body: 'Hi, my router keeps dropping the connection every evening since the update. I work from home and this is the third time I write about it.' }));
    await page.goto(`${url}/inbox/open`);
    const row = page.locator('.row', { hasText: 'my router keeps dropping' });
    await row.waitFor({ timeout: 15_000 });
    const conversationId = (await row.getAttribute('data-conversation-id'))!;
    await page.request.post(`${url}/api/conversations/${conversationId}/assign`, { headers, data: { assigneeId: admin.id } });
    await page.request.post(`${url}/api/conversations/${conversationId}/replies`, {
      headers,
      data: { text: "I'm sorry, that sounds really frustrating. I've reset your line profile; could you tell me if it drops again tonight? — Maria" },
    });
    for (let i = 0; i < 50 && fake.messages.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    if (fake.messages[0]) await fake.sendStatus(fake.messages[0].sid, 'delivered');
    await page.request.post(`${url}/api/conversations/${conversationId}/notes`, {
      headers,
      data: { text: '@sam@desk.example third contact about evening drops: worth a look at the area outage map.' },
    });

    await page.goto(`${url}/inbox/open`);
    await page.locator('.row').first().waitFor();
    await page.screenshot({ path: join(OUT, 'inbox.png') });

    await page.goto(`${url}/inbox/open/c/${conversationId}`);
    await page.locator('[data-testid=delivery-status][data-status=delivered]').waitFor({ timeout: 15_000 });
    await page.locator('.triage summary').first().click();
    await page.getByLabel('Reply to the customer').fill('Thanks for your patience — ');
    await page.screenshot({ path: join(OUT, 'conversation.png') });

    await page.goto(`${url}/settings/channels`);
    await page.getByRole('heading', { name: 'Connect a channel account' }).waitFor();
    await page.screenshot({ path: join(OUT, 'settings.png') });
    process.stdout.write(`screenshots written to ${OUT}\n`);
  } finally {
    await browser.close();
    await fake.close();
    await desk.stop();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
