/**
 * Identity in the dashboard, end to end: the whole local cloud (API, emulators, outbox) in headless
 * Chromium, on the agency host `demo.localhost:PORT` and the platform host `localhost:PORT`.
 *
 * Sign-in and its refusals, the session in the header and the navigation, the team (seeded list,
 * last-admin refusal, invitation by email accepted in a fresh browser, deactivation), API keys
 * (shown once, revoked), the audit log, sign-out, and the super admin's agencies and plans. The
 * steps share one cloud and build on each other, so they run in order. Every screen is saved to
 * `.tmp/screenshots/identity-*.png` for a person to look at.
 *
 * Needs the dashboard build (`npm run build:frontend`; `npm test` makes it first).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD as PASSWORD } from '../support/api-client.ts';
import { type LaunchedBrowser, launchBrowser, savePng } from '../support/browser.ts';
import { expectToast, fill, openSignedIn, signIn, startDashboardCloud } from '../support/dashboard.ts';
import type { TestCloud } from '../support/local-cloud.ts';

const NEW_MEMBER = 'nina.novak@demo.example.com';
const NEW_MEMBER_PASSWORD = 'Welcome-Aboard-42';

let cloud: TestCloud;
let chromium: LaunchedBrowser;
/** The owner's tab: one tab keeps its session (sessionStorage) across navigations. */
let owner: Page;
/** The super admin's tab on the platform host. */
let admin: Page;
const others: LaunchedBrowser[] = [];

const demo = (path: string) => `http://demo.localhost:${cloud.port}${path}`;
const acme = (path: string) => `http://acme.localhost:${cloud.port}${path}`;
const platform = (path: string) => `http://localhost:${cloud.port}${path}`;

/**
 * A tab in a browser of its own: no cookies or storage shared with the owner's tab, as for a
 * person on another computer. (A separate browser rather than an incognito context: the
 * single-process Chromium build cannot open pages in a second context.)
 */
async function freshTab(width = 1280, height = 800): Promise<Page> {
  const browser = await launchBrowser();
  others.push(browser);
  const page = await browser.browser.newPage();
  await page.setViewport({ width, height });
  return page;
}

/** Submits the sign-in form and returns the refusal it shows (code and text). */
async function refusedSignIn(page: Page, email: string, password: string) {
  await fill(page, '#email', email);
  await fill(page, '#password', password);
  await Promise.all([
    page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/login')),
    page.click('form[data-sign-in] button[type="submit"]'),
  ]);
  await page.waitForSelector('[data-form-alert]:not([hidden])');
  return page.$eval('[data-form-alert]', (alert) => ({
    code: alert.getAttribute('data-code'),
    text: alert.textContent?.replace(/\s+/g, ' ').trim() ?? '',
  }));
}

const texts = (page: Page, selector: string) =>
  page.$$eval(selector, (nodes) => nodes.map((node) => node.textContent?.trim()));

const visibleNav = (page: Page) =>
  page.$$eval('nav[aria-label="Main"] a', (links) =>
    links.filter((link) => link.closest('[hidden]') === null).map((link) => link.textContent?.trim()),
  );

beforeAll(async () => {
  cloud = await startDashboardCloud('team');
  chromium = await launchBrowser();
  owner = await chromium.browser.newPage();
  await owner.setViewport({ width: 1280, height: 800 });
});

afterAll(async () => {
  await Promise.all(others.map((browser) => browser.close()));
  await chromium?.close();
  await cloud?.destroy();
});

describe('identity in the dashboard (end to end)', () => {
  it('sends visitors of a signed-in page to sign in, and back there afterwards', async () => {
    await owner.goto(demo('/team'), { waitUntil: 'domcontentloaded' });
    await owner.waitForSelector('form[data-sign-in]');
    expect(new URL(owner.url()).pathname + new URL(owner.url()).search).toBe('/sign-in?next=%2Fteam');
    expect(await owner.$eval('[data-sign-in-intro]', (node) => node.textContent)).toBe(
      'Please sign in to continue.',
    );
    expect(await owner.$eval('[data-forgot-link]', (link) => link.getAttribute('href'))).toBe(
      '/forgot-password',
    );
    await savePng(owner, 'identity-sign-in');
  });

  it('says when the password is wrong', async () => {
    const refusal = await refusedSignIn(owner, 'owner@demo.example.com', 'Not-The-Password-1');
    expect(refusal.code).toBe('AUTH_001');
    expect(refusal.text).toContain('Email or password is incorrect.');
    expect(refusal.text).toMatch(/Reference for support: req_/);
    expect(new URL(owner.url()).pathname).toBe('/sign-in');
    await savePng(owner, 'identity-sign-in-wrong-password');
  });

  it('signs the owner in and shows the agency and the user, with the navigation their role allows', async () => {
    await fill(owner, '#email', 'owner@demo.example.com');
    await fill(owner, '#password', PASSWORD);
    await Promise.all([owner.waitForNavigation(), owner.click('form[data-sign-in] button[type="submit"]')]);
    await owner.waitForSelector('body[data-session-ready]');
    // `next` brought the owner back to the team page.
    expect(new URL(owner.url()).pathname).toBe('/team');

    await openSignedIn(owner, demo('/'));
    expect(await owner.$eval('.app-header [data-brand-name]', (node) => node.textContent)).toBe(
      'Demo Agency',
    );
    expect(await texts(owner, '[data-user-menu-button] .user-text > span')).toEqual([
      'Olivia Owens',
      'Admin',
    ]);
    expect(await owner.$eval('[data-greeting]', (node) => node.textContent)).toBe('Welcome, Olivia');
    expect(await owner.$eval('[data-fact="plan"]', (node) => node.textContent)).toBe('Enterprise (Annual)');
    expect(await visibleNav(owner)).toEqual([
      'Dashboard',
      'Clients',
      'Documents',
      'Generate',
      'Schedule',
      'Templates',
      'Team',
      'Settings',
      'System status',
    ]);
    await savePng(owner, 'identity-dashboard');

    await owner.click('[data-user-menu-button]');
    await owner.waitForSelector('[data-user-menu-panel]:not([hidden])');
    expect(await owner.$eval('[data-user-agency]', (node) => node.textContent)).toBe(
      'Demo Agency · Enterprise (Annual)',
    );
    await savePng(owner, 'identity-user-menu');
    await owner.keyboard.press('Escape');
  });

  it('keeps the session across a reload of the tab', async () => {
    await owner.reload({ waitUntil: 'domcontentloaded' });
    await owner.waitForSelector('body[data-session-ready]');
    expect(new URL(owner.url()).pathname).toBe('/');
  });

  it('keeps the sections of later releases as "coming" pages inside the signed-in layout', async () => {
    await openSignedIn(owner, demo('/schedule'));
    expect(
      await owner.$eval('nav[aria-label="Main"] a[aria-current="page"]', (link) => link.textContent?.trim()),
    ).toBe('Schedule');
    expect(await owner.$eval('#coming-soon-title', (node) => node.textContent)).toBe(
      'Schedule is not available yet',
    );
    await openSignedIn(owner, demo('/settings'));
    expect(await texts(owner, 'nav.tabs a:not([hidden])')).toEqual([
      'General',
      'Branding',
      'Billing & usage',
      'AI providers',
      'API keys',
      'Audit log',
    ]);
    await owner.waitForSelector('form[data-general-form]:not([hidden])');
    await savePng(owner, 'identity-settings-general');
  });

  it('paints the dashboard in the agency’s brand colours (white label)', async () => {
    // The brand kit is set through the API, as an agency admin would in Settings → Branding.
    const login = await cloud.request('/api/v1/auth/login', {
      agency: 'demo',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@demo.example.com', password: PASSWORD }),
    });
    const { data } = (await login.json()) as { data: { access_token: string } };
    const branding = await cloud.request('/api/v1/agency/branding', {
      agency: 'demo',
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${data.access_token}` },
      body: JSON.stringify({
        color_accent_1: '#1A4A6E',
        color_accent_2: '#B8860B',
        color_accent_3: '#2980B9',
      }),
    });
    expect(branding.status).toBe(200);

    await openSignedIn(owner, demo('/team'));
    // Primary buttons take the primary colour with white text (the better contrast on navy);
    // waiting for it, since buttons ease between colours.
    await owner.waitForFunction(() => {
      const style = getComputedStyle(document.querySelector('[data-invite-open]') as Element);
      return style.backgroundColor === 'rgb(26, 74, 110)' && style.color === 'rgb(255, 255, 255)';
    });
    expect(
      await owner.evaluate(() => document.documentElement.style.getPropertyValue('--brand-accent')),
    ).toBe('#2980b9');
    await savePng(owner, 'identity-team-branded');
  });

  it('renews a rejected access token from the refresh cookie without asking to sign in again', async () => {
    // As if the access token had expired on the server's clock: the API answers 401 and the
    // client must refresh once and repeat the request.
    await owner.evaluate(() => {
      sessionStorage.setItem(
        'cs.access-token',
        JSON.stringify({ token: 'expired.or.forged', expiresAt: Date.now() + 600_000 }),
      );
    });
    const refreshes: number[] = [];
    const onResponse = (response: { url(): string; status(): number }) => {
      if (response.url().endsWith('/api/v1/auth/refresh')) refreshes.push(response.status());
    };
    owner.on('response', onResponse);
    await openSignedIn(owner, demo('/team'));
    await owner.waitForSelector('tbody[data-rows] tr[data-member]');
    owner.off('response', onResponse);
    expect(refreshes).toEqual([200]);
    expect(new URL(owner.url()).pathname).toBe('/team');
  });

  it('lists the seeded team and refuses to demote the last admin', async () => {
    await openSignedIn(owner, demo('/team'));
    await owner.waitForSelector('tbody[data-rows] tr[data-member]');
    expect(
      await owner.$$eval('tbody[data-rows] tr[data-member]', (rows) =>
        rows.map((row) => row.getAttribute('data-member')),
      ),
    ).toEqual(['client@demo.example.com', 'member@demo.example.com', 'owner@demo.example.com']);
    // Client users show the client they belong to.
    expect(
      await owner.$eval(
        'tr[data-member="client@demo.example.com"] td:nth-child(2)',
        (cell) => cell.textContent,
      ),
    ).toBe('Client userNorthwind Health');
    // The owner may not deactivate themself; the button is not offered.
    expect(await owner.$('tr[data-member="owner@demo.example.com"] [data-action="deactivate"]')).toBeNull();
    await savePng(owner, 'identity-team');

    await owner.click('tr[data-member="owner@demo.example.com"] [data-action="edit"]');
    await owner.waitForSelector('#edit-dialog[open]');
    await owner.click('#edit-dialog input[name="role"][value="agency_member"]');
    await Promise.all([
      owner.waitForResponse((response) => response.request().method() === 'PUT'),
      owner.click('#edit-dialog button[type="submit"]'),
    ]);
    await owner.waitForSelector('#edit-dialog [data-form-alert]:not([hidden])');
    expect(await owner.$eval('#edit-dialog [data-form-alert]', (node) => node.textContent)).toContain(
      'The agency must keep at least one active agency admin',
    );
    await savePng(owner, 'identity-team-last-admin');
    await owner.click('#edit-dialog [data-dialog-close]');
  });

  it('filters the team by role and search', async () => {
    await owner.select('#team-role', 'agency_member');
    await owner.waitForFunction(
      () => document.querySelectorAll('tbody[data-rows] tr[data-member]').length === 1,
    );
    expect(await texts(owner, 'tbody[data-rows] tr[data-member] td:first-child .entity-sub')).toEqual([
      'member@demo.example.com',
    ]);
    expect(new URL(owner.url()).search).toBe('?role=agency_member');
    await owner.select('#team-role', '');
    await owner.type('#team-search', 'olivia');
    await owner.waitForFunction(
      () =>
        document.querySelectorAll('tbody[data-rows] tr[data-member]').length === 1 &&
        document.querySelector('tbody[data-rows] tr[data-member]')?.getAttribute('data-member') ===
          'owner@demo.example.com',
    );
    await fill(owner, '#team-search', '');
    await owner.click('#team-search');
    await owner.keyboard.press('Enter');
    await owner.waitForFunction(
      () => document.querySelectorAll('tbody[data-rows] tr[data-member]').length === 3,
    );
  });

  it('invites a member by email, who accepts in their own browser and cannot manage the team', async () => {
    await owner.click('[data-invite-open]');
    await owner.waitForSelector('#invite-dialog[open]');
    await owner.type('#invite-email', NEW_MEMBER);
    await owner.type('#invite-first', 'Nina');
    await owner.type('#invite-last', 'Novak');
    await owner.type('#invite-title', 'Copywriter');
    await savePng(owner, 'identity-team-invite');
    await owner.click('#invite-dialog button[type="submit"]');
    await expectToast(owner, `Invitation sent to ${NEW_MEMBER}.`);
    await owner.waitForSelector(`tr[data-member="${NEW_MEMBER}"]`);
    expect(await owner.$eval(`tr[data-member="${NEW_MEMBER}"] .badge`, (node) => node.textContent)).toBe(
      'Invitation pending',
    );

    const outbox = (await (await cloud.request('/_local/outbox')).json()) as {
      to: string[];
      text?: string;
    }[];
    const invitation = outbox.find((email) => email.to.includes(NEW_MEMBER));
    const link = invitation?.text?.match(/https?:\/\/\S*\/accept-invitation\?token=[\w%-]+/)?.[0];
    expect(link, 'invitation email with its link').toBeDefined();
    expect(new URL(link as string).host).toBe(`demo.localhost:${cloud.port}`);

    const member = await freshTab();
    await member.goto(link as string, { waitUntil: 'domcontentloaded' });
    await member.waitForSelector('form[data-new-password]');
    await member.type('#password', 'short');
    expect(
      await member.$$eval('[data-rule][data-met="true"]', (rules) =>
        rules.map((rule) => rule.getAttribute('data-rule')),
      ),
    ).toEqual(['lower']);
    await savePng(member, 'identity-accept-invitation-rules');
    await fill(member, '#password', NEW_MEMBER_PASSWORD);
    await member.type('#password_confirmation', NEW_MEMBER_PASSWORD);
    expect(await member.$$eval('[data-rule][data-met="false"]', (rules) => rules.length)).toBe(0);
    await savePng(member, 'identity-accept-invitation');
    await Promise.all([
      member.waitForNavigation(),
      member.click('form[data-new-password] button[type="submit"]'),
    ]);
    await member.waitForSelector('body[data-session-ready]');
    expect(new URL(member.url()).pathname).toBe('/');
    expect(await texts(member, '[data-user-menu-button] .user-text > span')).toEqual([
      'Nina Novak',
      'Member',
    ]);
    expect(await visibleNav(member)).toEqual([
      'Dashboard',
      'Clients',
      'Documents',
      'Generate',
      'Schedule',
      'Templates',
      'Team',
      'Settings',
      'System status',
    ]);

    await openSignedIn(member, demo('/team'));
    await member.waitForSelector('tbody[data-rows] tr[data-member]');
    expect(await member.$eval('[data-invite-open]', (node) => (node as HTMLElement).hidden)).toBe(true);
    expect(await member.$$('tbody[data-rows] [data-action]')).toHaveLength(0);
    await savePng(member, 'identity-team-as-member');

    // Pages their role does not include say so instead of failing.
    await member.goto(demo('/settings/api-keys'), { waitUntil: 'domcontentloaded' });
    await member.waitForSelector('[data-page-state]');
    expect(await member.$eval('[data-page-state] h1', (node) => node.textContent)).toBe(
      'You don’t have access to this page',
    );
  });

  it('invites a client user for one of the agency’s clients', async () => {
    await owner.click('[data-invite-open]');
    await owner.waitForSelector('#invite-dialog[open]');
    expect(await owner.$eval('[data-client-field]', (node) => (node as HTMLElement).hidden)).toBe(true);
    await owner.type('#invite-email', 'carla.reyes@brightline.example.com');
    await owner.click('#invite-dialog input[name="role"][value="client"]');
    await owner.waitForSelector('[data-client-field]:not([hidden])');
    const choice = await owner.$$eval('#invite-client option', (options) =>
      options.map((option) => [option.textContent, (option as HTMLOptionElement).value]),
    );
    expect(choice.map(([name]) => name)).toEqual(['Brightline Logistics', 'Northwind Health']);
    await owner.select('#invite-client', choice[0]?.[1] as string);
    await savePng(owner, 'identity-team-invite-client');
    await owner.click('#invite-dialog button[type="submit"]');
    await expectToast(owner, 'Invitation sent to carla.reyes@brightline.example.com.');
    await owner.waitForSelector('tr[data-member="carla.reyes@brightline.example.com"]');
    expect(
      await owner.$eval(
        'tr[data-member="carla.reyes@brightline.example.com"] td:nth-child(2)',
        (cell) => cell.textContent,
      ),
    ).toBe('Client userBrightline Logistics');
  });

  it('deactivates the new member after confirmation; they can no longer sign in', async () => {
    await owner.click(`tr[data-member="${NEW_MEMBER}"] [data-action="deactivate"]`);
    await owner.waitForSelector('#deactivate-dialog[open]');
    expect(await owner.$eval('#deactivate-dialog [data-dialog-title]', (node) => node.textContent)).toBe(
      'Deactivate Nina Novak?',
    );
    await owner.type('#deactivate-reason', 'Left the agency');
    await savePng(owner, 'identity-team-deactivate');
    await owner.click('#deactivate-dialog button[type="submit"]');
    await expectToast(owner, 'Nina Novak was deactivated.');
    await owner.waitForFunction(
      (email) => document.querySelector(`tr[data-member="${email}"] .badge`)?.textContent === 'Deactivated',
      {},
      NEW_MEMBER,
    );

    const member = await freshTab();
    await member.goto(demo('/sign-in'), { waitUntil: 'domcontentloaded' });
    const refusal = await refusedSignIn(member, NEW_MEMBER, NEW_MEMBER_PASSWORD);
    expect(refusal.code).toBe('AUTH_006');
    expect(refusal.text).toContain('This account is inactive.');
    await savePng(member, 'identity-sign-in-inactive');
  });

  it('creates an API key that is shown once, then only by its prefix, and revokes it', async () => {
    await openSignedIn(owner, demo('/settings/api-keys'));
    await owner.waitForSelector('tbody[data-rows] tr.table-message');
    await owner.click('[data-create-open]');
    await owner.waitForSelector('#create-key-dialog[open]');
    await owner.type('#key-name', 'CRM integration');
    await owner.click('#create-key-dialog input[value="clients:list"]');
    await owner.click('#create-key-dialog input[value="documents:read"]');
    await owner.type('#key-ips', '203.0.113.0/24');
    await savePng(owner, 'identity-api-key-create');
    await owner.click('#create-key-dialog button[type="submit"]');

    await owner.waitForSelector('#created-key-dialog[open]');
    const key = await owner.$eval(
      '#created-key-dialog [data-secret]',
      (input) => (input as HTMLInputElement).value,
    );
    expect(key).toMatch(/^csa_live_[A-Za-z0-9_-]{43}$/);
    expect(await owner.$eval('[data-created-example]', (node) => node.textContent)).toContain(
      `X-API-Key: ${key}`,
    );
    await savePng(owner, 'identity-api-key-shown-once');
    await owner.click('#created-key-dialog .dialog-footer [data-dialog-close]');
    await owner.waitForSelector('tr[data-key="CRM integration"]');
    expect(await owner.$eval('tr[data-key="CRM integration"] .key-prefix', (node) => node.textContent)).toBe(
      `${key.slice(0, 12)}…`,
    );
    // Closing the dialog drops the key from the page: nothing can show it again.
    await owner.waitForSelector('#created-key-dialog:not([open])');
    await owner.waitForFunction(() => document.querySelector('[data-created-example]')?.textContent === '');
    expect(
      await owner.$eval('#created-key-dialog [data-secret]', (input) => (input as HTMLInputElement).value),
    ).toBe('');
    expect(await owner.evaluate(() => document.body.innerHTML)).not.toContain(key);
    await savePng(owner, 'identity-api-keys');

    await owner.click('tr[data-key="CRM integration"] [data-action="revoke"]');
    await owner.waitForSelector('#revoke-key-dialog[open]');
    await owner.click('#revoke-key-dialog button[type="submit"]');
    await expectToast(owner, '“CRM integration” was revoked.');
    await owner.waitForFunction(
      () => !document.querySelector('tr[data-key="CRM integration"] [data-action="revoke"]'),
    );
  });

  it('shows the audit log with the actions just taken, filterable by action', async () => {
    await openSignedIn(owner, demo('/settings/audit-log'));
    await owner.waitForSelector('tbody[data-rows] tr[data-action]');
    const actions = await owner.$$eval('tbody[data-rows] tr[data-action]', (rows) =>
      rows.map((row) => row.getAttribute('data-action')),
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'login',
        'login_failed',
        'team_member_invite',
        'api_key_create',
        'api_key_revoke',
      ]),
    );
    await owner.select('#audit-action', 'api_key_create');
    await owner.waitForFunction(() => {
      const rows = [...document.querySelectorAll('tbody[data-rows] tr[data-action]')];
      return rows.length === 1 && rows[0]?.getAttribute('data-action') === 'api_key_create';
    });
    expect(new URL(owner.url()).search).toBe('?action=api_key_create');
    await owner.click('tbody[data-rows] tr[data-action] button[aria-expanded]');
    await owner.waitForSelector('tr.audit-details:not([hidden])');
    expect(
      await owner.$eval('tr[data-action="api_key_create"] td:nth-child(2)', (node) => node.textContent),
    ).toBe('Olivia Owens');
    await savePng(owner, 'identity-audit-log');
  });

  it('signs out; signed-in pages then ask to sign in again', async () => {
    await openSignedIn(owner, demo('/team'));
    await owner.click('[data-user-menu-button]');
    await owner.waitForSelector('[data-sign-out]');
    await Promise.all([owner.waitForNavigation(), owner.click('[data-sign-out]')]);
    await owner.waitForSelector('[data-notice]:not([hidden])');
    expect(await owner.$eval('[data-notice]', (node) => node.textContent)).toBe('You have signed out.');
    await savePng(owner, 'identity-signed-out');

    await owner.goto(demo('/settings/api-keys'), { waitUntil: 'domcontentloaded' });
    await owner.waitForSelector('form[data-sign-in]');
    expect(new URL(owner.url()).searchParams.get('next')).toBe('/settings/api-keys');
  });

  it('locks an account after repeated wrong passwords, and says so', async () => {
    const page = await freshTab();
    await page.goto(acme('/sign-in'), { waitUntil: 'domcontentloaded' });
    let refusal = await refusedSignIn(page, 'member@acme.example.com', 'Wrong-Password-1');
    for (let attempt = 2; attempt <= 6 && refusal.code === 'AUTH_001'; attempt += 1) {
      refusal = await refusedSignIn(page, 'member@acme.example.com', 'Wrong-Password-1');
    }
    expect(refusal.code).toBe('AUTH_005');
    refusal = await refusedSignIn(page, 'member@acme.example.com', PASSWORD);
    expect(refusal.code).toBe('AUTH_005');
    expect(refusal.text).toContain('This account is temporarily locked.');
    await savePng(page, 'identity-sign-in-locked');
  });

  it('answers a password-reset request the same way whether or not the account exists', async () => {
    const page = await freshTab();
    const confirmations: string[] = [];
    for (const email of ['member@demo.example.com', 'nobody@demo.example.com']) {
      await page.goto(demo('/forgot-password'), { waitUntil: 'domcontentloaded' });
      await page.type('#email', email);
      await page.click('form[data-forgot] button[type="submit"]');
      await page.waitForSelector('[data-sent]:not([hidden])');
      confirmations.push(
        (await page.$eval('[data-sent]', (node) => node.textContent)).replace(email, '<email>'),
      );
    }
    expect(confirmations[0]).toBe(confirmations[1]);
    await savePng(page, 'identity-forgot-password-sent');
  });

  it('resets a password from the emailed link, showing the API’s policy and mismatch errors', async () => {
    const outbox = (await (await cloud.request('/_local/outbox')).json()) as {
      to: string[];
      text?: string;
    }[];
    const reset = outbox.findLast((email) => email.to.includes('member@demo.example.com'));
    const link = reset?.text?.match(/https?:\/\/\S*\/reset-password\?token=[\w%-]+/)?.[0];
    expect(link, 'reset email with its link').toBeDefined();

    const page = await freshTab();
    await page.goto(link as string, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('form[data-new-password]');
    await page.type('#password', 'lowercase-only');
    await page.type('#password_confirmation', 'something-else');
    await page.click('form[data-new-password] button[type="submit"]');
    await page.waitForSelector('#password-error');
    expect(await page.$eval('#password-error', (node) => node.textContent)).toContain('uppercase');
    expect(await page.$eval('#password_confirmation-error', (node) => node.textContent)).toBe(
      'Passwords do not match',
    );
    expect(await page.$eval('#password', (input) => input.getAttribute('aria-invalid'))).toBe('true');
    await savePng(page, 'identity-reset-password-errors');

    await fill(page, '#password', 'Fresh-Start-2027');
    await fill(page, '#password_confirmation', 'Fresh-Start-2027');
    await Promise.all([
      page.waitForNavigation(),
      page.click('form[data-new-password] button[type="submit"]'),
    ]);
    await page.waitForSelector('[data-notice]:not([hidden])');
    expect(await page.$eval('[data-notice]', (node) => node.textContent)).toContain(
      'Your password has been changed.',
    );
    await page.type('#email', 'member@demo.example.com');
    await page.type('#password', 'Fresh-Start-2027');
    await Promise.all([page.waitForNavigation(), page.click('form[data-sign-in] button[type="submit"]')]);
    await page.waitForSelector('body[data-session-ready]');
    expect(await texts(page, '[data-user-menu-button] .user-text > span')).toEqual(['Max Meyer', 'Member']);

    // The link worked once.
    await page.goto(link as string, { waitUntil: 'domcontentloaded' });
    await page.type('#password', 'Another-Start-2028');
    await page.type('#password_confirmation', 'Another-Start-2028');
    await page.click('form[data-new-password] button[type="submit"]');
    await page.waitForSelector('[data-form-alert]:not([hidden])');
    expect(await page.$eval('[data-form-alert]', (node) => node.textContent)).toContain(
      'This reset link is invalid or has expired.',
    );
  });

  it('says so when an email verification link is not valid', async () => {
    const page = await freshTab();
    await page.goto(demo('/verify-email?token=not-a-real-token'), { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-verify][data-state="failed"]');
    expect(await page.$eval('[data-form-alert]', (node) => node.textContent)).toContain(
      'This link is invalid or has expired.',
    );
    await savePng(page, 'identity-verify-email-invalid');
  });

  it('shows the super admin on the platform host the platform area only, with agencies, plans and figures', async () => {
    admin = await freshTab();
    const page = admin;
    await signIn(page, platform('/sign-in'), 'admin@example.com');
    expect(new URL(page.url()).pathname).toBe('/admin');
    expect(await visibleNav(page)).toEqual(['Overview', 'Agencies', 'Plans', 'Templates', 'System status']);
    await page.waitForFunction(() => document.querySelector('[data-stat="agencies"]')?.textContent !== '—');
    expect(await page.$eval('[data-stat="agencies"]', (node) => node.textContent)).toBe('2');
    await savePng(page, 'identity-admin-overview');

    await openSignedIn(page, platform('/admin/agencies'));
    await page.waitForSelector('tbody[data-rows] tr[data-agency]');
    expect(
      await page.$$eval('tbody[data-rows] tr[data-agency]', (rows) =>
        rows.map((row) => row.getAttribute('data-agency')),
      ),
    ).toEqual(['acme', 'demo']);
    await savePng(page, 'identity-admin-agencies');

    // Agency pages are not for platform staff: they land back in the platform area.
    await page.goto(platform('/team'), { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => window.location.pathname === '/admin');
  });

  it('lets the super admin create an agency (inviting its admin) and change its subscription', async () => {
    const page = admin;
    await openSignedIn(page, platform('/admin/agencies'));
    await page.waitForSelector('tbody[data-rows] tr[data-agency]');
    await page.click('[data-create-open]');
    await page.waitForSelector('#create-agency-dialog[open]');
    await page.type('#new-name', 'Northwind Creative');
    expect(await page.$eval('#new-slug', (input) => (input as HTMLInputElement).value)).toBe(
      'northwind-creative',
    );
    await page.select('#new-plan', 'pro_annual');
    await page.type('#new-admin-email', 'ada@northwind.example.com');
    await page.type('#new-admin-first', 'Ada');
    await page.type('#new-admin-last', 'Quinn');
    await savePng(page, 'identity-admin-agency-create');
    await page.click('#create-agency-dialog button[type="submit"]');
    await expectToast(page, 'Northwind Creative was created. Invitation sent to ada@northwind.example.com.');
    await page.waitForSelector('tr[data-agency="northwind-creative"]');
    const outbox = (await (await cloud.request('/_local/outbox')).json()) as {
      to: string[];
      text?: string;
    }[];
    const invitation = outbox.find((email) => email.to.includes('ada@northwind.example.com'));
    expect(invitation?.text).toContain(
      `http://northwind-creative.localhost:${cloud.port}/accept-invitation?token=`,
    );

    await Promise.all([page.waitForNavigation(), page.click('tr[data-agency="northwind-creative"] a')]);
    await page.waitForSelector('[data-agency-view]:not([hidden])');
    expect(await page.$eval('[data-agency-name]', (node) => node.textContent)).toBe('Northwind Creative');
    await page.select('#edit-status', 'past_due');
    await page.type('#edit-notes', 'Card declined on renewal; reminded by email.');
    await page.click('form[data-edit-form] button[type="submit"]');
    await expectToast(page, 'Northwind Creative was updated.');
    expect(await page.$eval('[data-agency-badges] .badge', (node) => node.textContent)).toBe('Past due');
    await savePng(page, 'identity-admin-agency');

    await openSignedIn(page, platform('/admin/plans'));
    await page.waitForSelector('tbody[data-rows] tr[data-plan]');
    expect(await page.$$eval('tbody[data-rows] tr[data-plan]', (rows) => rows.length)).toBe(4);
    await page.click('tr[data-plan="pro_annual"] [data-action="edit"]');
    await page.waitForSelector('#plan-dialog[open]');
    await savePng(page, 'identity-admin-plan-edit');
    await page.click('#plan-dialog [data-dialog-close]');
    await savePng(page, 'identity-admin-plans');
  });

  it('fits a phone screen', async () => {
    const page = await freshTab(390, 844);
    await signIn(page, demo('/sign-in'), 'owner@demo.example.com');
    await openSignedIn(page, demo('/team'));
    await page.waitForSelector('tbody[data-rows] tr[data-member]');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await savePng(page, 'identity-team-mobile');
  });
});
