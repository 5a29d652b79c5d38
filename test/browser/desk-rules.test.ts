// The rest of the app's promises in Chromium, on PGlite: first-admin setup through the one-time link, team
// scoping (an agent never sees another team's conversation), the collision indicator between two agents, and
// a virtualised inbox that stays small in the DOM with 10,000 conversations.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/domain/inbound-message.js';
import { validateChannelConfig } from '../../src/channels/index.js';
import { createChannelAccount, createQueue, createTeam, ensureChannelAccount, issueSetupToken, storeRawInbound } from '../../src/store/index.js';
import { eventually, launchBrowser, seriousViolations, signIn, startBrowserDesk, type Browser, type BrowserDesk } from './browser-desk.js';

const CONVERSATIONS = 10_000;

describe('first-admin setup in the web app', () => {
  let desk: BrowserDesk;
  let browser: Browser;
  beforeAll(async () => {
    [desk, browser] = await Promise.all([startBrowserDesk('pglite'), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  it('creates the first admin from the setup link, signs them in, and refuses the link a second time', async () => {
    const { database, organisation } = desk.desk.context;
    // The desk announced its own link on start; ours replaces it (issuing deletes unused links), so wait for theirs first.
    await eventually(async () => (await sql<{ n: number }>`select count(*)::int as n from setup_token`.execute(database.db)).rows[0]!.n > 0, 'the announced setup link');
    const token = (await issueSetupToken(database.db, organisation.id, Date.now()))!;
    const page = await browser.newPage();
    await page.goto(`${desk.url}/`);
    await page.getByText('This desk has no admin yet').waitFor();
    await page.goto(`${desk.url}/setup?token=${token}`);
    await page.getByRole('heading', { name: 'Create the first admin' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Name').fill('Ada Admin');
    await page.getByLabel('Email').fill('ada@desk.test');
    await page.getByLabel('Password (10 characters or more)').fill('a long enough password');
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await page.getByRole('heading', { name: 'Connect a channel account' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/channels');
    await page.locator('.me', { hasText: 'Ada Admin' }).waitFor();

    const again = await browser.newPage();
    await again.goto(`${desk.url}/setup?token=${token}`);
    await again.getByLabel('Name').fill('Mallory');
    await again.getByLabel('Email').fill('mallory@desk.test');
    await again.getByLabel('Password (10 characters or more)').fill('a long enough password');
    await again.getByRole('button', { name: 'Create admin and sign in' }).click();
    await again.getByRole('alert').waitFor();
    expect(await again.getByRole('alert').textContent()).toMatch(/setup|link|token/i);
    expect(await again.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
  });
});

describe('the inbox with teams, two agents and 10,000 conversations', () => {
  let desk: BrowserDesk;
  let browser: Browser;
  let conversationA = '';

  beforeAll(async () => {
    [desk, browser] = await Promise.all([startBrowserDesk('pglite'), launchBrowser()]);
    const { database, organisation } = desk.desk.context;
    const teamA = await createTeam(database.db, organisation.id, 'Team A');
    const teamB = await createTeam(database.db, organisation.id, 'Team B');
    const queueA = await createQueue(database.db, organisation.id, { name: 'Queue A', teamId: teamA.id });
    await desk.addAgent('lead@desk.test', 'lead', [teamA.id]);
    await desk.addAgent('anna@desk.test', 'agent', [teamA.id]);
    await desk.addAgent('bob@desk.test', 'agent', [teamB.id]);
    const account = await ensureChannelAccount(database.db, { organisationId: organisation.id, kind: 'x', name: 'brand-x' });
    // Team A's conversation is an SMS, so its compose box can reply (an imported X archive has no connector).
    const twilio = validateChannelConfig('twilio', { accountSid: `AC${'0'.repeat(32)}`, authToken: 'not-used-by-this-test', fromNumber: '+15005550006' });
    const sms = await createChannelAccount(database.db, desk.desk.context.secretKey, { organisationId: organisation.id, kind: 'twilio', name: 'SMS', ...twilio });
    const start = Date.now() - 86_400_000;
    const items: InboundMessage[] = Array.from({ length: CONVERSATIONS }, (_, i) => ({
      externalId: `bulk-${i}`,
      direction: 'inbound',
      author: { handle: `cust${i}`, displayName: `Customer ${i}` },
      text: i === 0 ? 'Team A only: my card was charged twice' : `question number ${i} about my order`,
      sentAt: i === 0 ? Date.now() : start + i * 1000,
      isPublic: true,
      threadKey: `t-${i}`,
    }));
    for (let at = 0; at < items.length; at += 2000) {
      await storeRawInbound(
        database.db,
        items
          .slice(at, at + 2000)
          .map((m) => ({ organisationId: organisation.id, channelAccountId: m.externalId === 'bulk-0' ? sms.id : account.id, source: 'normalised', dedupeKey: m.externalId, payload: m })),
      );
    }
    desk.desk.worker?.wake();
    await eventually(
      async () => (await sql<{ n: number }>`select count(*)::int as n from conversation`.execute(database.db)).rows[0]!.n >= CONVERSATIONS,
      `${CONVERSATIONS} conversations ingested`,
      120_000,
    );
    // Routing is another issue's work: the test puts one conversation in Team A's queue directly.
    conversationA = (await sql<{ id: string }>`select conversation_id as id from message where external_id = 'bulk-0'`.execute(database.db)).rows[0]!.id;
    await sql`update conversation set queue_id = ${queueA.id}::uuid where id = ${conversationA}::uuid`.execute(database.db);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  it('keeps the DOM small with 10,000 conversations and loads the next page on scroll', async () => {
    const page = await browser.newPage();
    const started = Date.now();
    await signIn(page, desk.url, 'lead@desk.test');
    await page.locator('.row').first().waitFor();
    const firstRender = Date.now() - started;
    const list = page.locator('ul.list');
    expect(await list.getAttribute('data-count')).toBe('100');
    expect(await page.locator('.row').count()).toBeLessThan(40);
    await page.locator('.list-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect.poll(() => list.getAttribute('data-count'), { timeout: 10_000 }).toBe('200');
    expect(await page.locator('.row').count()).toBeLessThan(40);
    expect(firstRender).toBeLessThan(10_000);
  });

  it("hides another team's conversation from an agent and shows it to the team", async () => {
    const bob = await browser.newPage();
    await signIn(bob, desk.url, 'bob@desk.test');
    // Team B has no conversations: everything else waits in the unteamed Triage queue, which team agents do not work.
    await bob.getByText('Nothing waiting here').waitFor();
    expect(await bob.locator('.row').count()).toBe(0);
    await bob.goto(`${desk.url}/inbox/open/c/${conversationA}`);
    await bob.getByText('This conversation could not be opened').waitFor();
    expect(await bob.getByRole('alert').textContent()).toContain('not in your teams');

    const anna = await browser.newPage();
    await signIn(anna, desk.url, 'anna@desk.test');
    await anna.locator('.row', { hasText: 'Team A only' }).waitFor();
  });

  it('shows each agent that the other is viewing, then typing', async () => {
    const lead = await browser.newPage();
    await signIn(lead, desk.url, 'lead@desk.test');
    await lead.goto(`${desk.url}/inbox/open/c/${conversationA}`);
    await lead.locator('.message-inbound', { hasText: 'Team A only' }).waitFor();

    const anna = await browser.newPage();
    await signIn(anna, desk.url, 'anna@desk.test');
    await anna.goto(`${desk.url}/inbox/open/c/${conversationA}`);
    await anna.getByTestId('presence').filter({ hasText: 'Lead is also viewing' }).waitFor({ timeout: 10_000 });
    await lead.getByTestId('presence').filter({ hasText: 'Anna is also viewing' }).waitFor({ timeout: 10_000 });
    await anna.getByLabel('Reply to the customer').pressSequentially('On it');
    await lead.getByTestId('presence').filter({ hasText: 'Anna is typing a reply' }).waitFor({ timeout: 10_000 });
  });
});
