/**
 * Agency settings and brand kits through the local gateway (PRD §6.7, §6.3, §11.1.3): the
 * `GET /api/v1/agency` shape without secrets, validated updates (IANA time zones, URLs, e-mails,
 * `#RRGGBB` colours) with every bad field in one 422, client overrides that fall back to the
 * agency, the resolved brand with PDF colours and its WCAG verdict, and who may do what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserItem } from '../../shared/data/entities/users.ts';
import { service } from '../../shared/data/service.ts';
import { encryptAgencySecret } from '../../shared/provider-keys/agency-secrets.ts';
import { callApi, type Envelope, type RawAnswer } from '../support/api-client.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { agencyIdsBySlug, SEEDED_AGENCIES, tokenForRole } from '../support/seed-data.ts';

let cloud: TestCloud;
const agencyIds: Record<string, string> = {};
const clientIds: Record<string, string[]> = {};
const tokens: Record<string, string> = {};

// biome-ignore lint/suspicious/noExplicitAny: the tests read answers as nested JSON
type Answer = RawAnswer<Envelope<Record<string, any>>>;

const call = (
  method: string,
  path: string,
  token: string,
  body?: unknown,
  agency = 'demo',
): Promise<Answer> => callApi(cloud, method, path, { agency, bearer: token, body });

const fields = (answer: Answer) =>
  ((answer.body.error?.details ?? []) as { field: string }[]).map((detail) => detail.field).sort();

const tokenFor = (slug: string, role: UserItem['role']) => tokenForRole(agencyIds[slug] as string, role);

beforeAll(async () => {
  cloud = await startTestCloud();
  Object.assign(agencyIds, await agencyIdsBySlug());
  for (const slug of SEEDED_AGENCIES) {
    const clients = await service()
      .entities.client.query.byId({ agency_id: agencyIds[slug] as string })
      .go();
    clientIds[slug] = clients.data.map((client) => client.id);
  }
  tokens.owner = await tokenFor('demo', 'agency_admin');
  tokens.member = await tokenFor('demo', 'agency_member');
  tokens.client = await tokenFor('demo', 'client');
  tokens.acmeOwner = await tokenFor('acme', 'agency_admin');
});
afterAll(() => cloud.destroy());

describe('agency settings (connected)', () => {
  it('shows the PRD §6.7 view: plan, seats, credits, brand kit, key status — never a secret', async () => {
    const webhookSecret = await encryptAgencySecret(
      agencyIds.demo as string,
      'webhook_secret_encrypted',
      'whsec_demo_never_shown',
    );
    await service()
      .entities.agency.patch({ id: agencyIds.demo as string })
      .set({
        freepik_api_key_last4: 'x7z9',
        freepik_api_key_encrypted: 'ciphertext',
        webhook_secret_encrypted: webhookSecret,
      })
      .go();
    const answer = await call('GET', '/api/v1/agency', tokens.member as string);
    expect(answer.status).toBe(200);
    const data = answer.body.data ?? {};
    expect(data).toMatchObject({
      id: agencyIds.demo,
      slug: 'demo',
      plan: { name: 'enterprise_annual', client_image_upload_allowed: true },
      subscription: { status: 'active' },
      branding: { color_mode: 'light' },
      settings: { default_timezone: 'America/New_York', webhook_configured: false },
      api_keys: {
        anthropic: { configured: false, last4: null },
        freepik: { configured: true, last4: 'x7z9' },
        freepik_configured: true,
        freepik_last4: 'x7z9',
      },
      oauth_status: { linkedin: { configured: false }, google_business: { configured: false } },
      custom_domain: null,
    });
    expect(data.usage.seats_used + data.usage.seats_available).toBe(data.plan.max_seats);
    expect(data.usage.api_credits_used_cents).toBeTypeOf('number');
    const text = JSON.stringify(data);
    expect(text).not.toContain('ciphertext');
    expect(text).not.toContain('whsec');
    expect(text).not.toContain(webhookSecret);
  });

  it('updates company info, social links and settings; null clears; bad fields all in one 422', async () => {
    const updated = await call('PUT', '/api/v1/agency', tokens.owner as string, {
      name: 'Demo Agency Ltd',
      company_website: 'https://demo.example',
      company_email: 'hello@demo.example',
      footer_text: '© Demo Agency',
      social_linkedin_url: 'https://linkedin.com/company/demo',
      default_timezone: 'Europe/Berlin',
      notification_email: 'alerts@demo.example',
      webhook_url: 'https://hooks.demo.example/cs',
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({
      name: 'Demo Agency Ltd',
      company_info: { website: 'https://demo.example', footer_text: '© Demo Agency' },
      social_links: { linkedin: 'https://linkedin.com/company/demo', instagram: null },
      settings: { default_timezone: 'Europe/Berlin', webhook_configured: true },
    });
    const cleared = await call('PUT', '/api/v1/agency', tokens.owner as string, { notification_email: null });
    expect(cleared.body.data?.settings.notification_email).toBeNull();

    const bad = await call('PUT', '/api/v1/agency', tokens.owner as string, {
      default_timezone: 'Mars/Olympus_Mons',
      company_email: 'not-an-email',
      company_website: 'ftp://demo.example',
      webhook_url: 'http://hooks.demo.example',
      name: '',
      unknown_field: 1,
    });
    expect(bad.status).toBe(422);
    expect(fields(bad)).toEqual(
      expect.arrayContaining(['company_email', 'company_website', 'default_timezone', 'name', 'webhook_url']),
    );
    expect(JSON.stringify(bad.body.error?.details)).toContain('unknown_field');
    for (const zone of ['+02:00', 'EST5EDT_NOT', 'america/new york']) {
      const answer = await call('PUT', '/api/v1/agency', tokens.owner as string, { default_timezone: zone });
      expect(answer.status, zone).toBe(422);
    }
    expect(
      (await call('PUT', '/api/v1/agency', tokens.owner as string, { default_timezone: 'UTC' })).status,
    ).toBe(200);
  });

  it('refuses agency writes by members with 403 AUTH_004', async () => {
    for (const [path, body] of [
      ['/api/v1/agency', { name: 'Taken over' }],
      ['/api/v1/agency/branding', { color_accent_1: '#000000' }],
    ] as const) {
      const answer = await call('PUT', path, tokens.member as string, body);
      expect({ status: answer.status, code: answer.body.error?.code }).toEqual({
        status: 403,
        code: 'AUTH_004',
      });
    }
  });
});

describe('brand kits (connected)', () => {
  it('updates the agency colours (#RRGGBB, stored lowercase), mode and footer', async () => {
    const answer = await call('PUT', '/api/v1/agency/branding', tokens.owner as string, {
      color_mode: 'dark',
      color_accent_1: '#1A4A6E',
      color_accent_2: '#b8860b',
      color_accent_3: '#ffd700',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({
      color_mode: 'dark',
      color_accent_1: '#1a4a6e',
      color_accent_3: '#ffd700',
    });
    const bad = await call('PUT', '/api/v1/agency/branding', tokens.owner as string, {
      color_accent_1: '#abc',
      color_accent_2: 'red',
      color_mode: 'sepia',
    });
    expect(bad.status).toBe(422);
    expect(fields(bad)).toEqual(['color_accent_1', 'color_accent_2', 'color_mode']);
  });

  it('resolves a client brand: overrides win, the rest comes from the agency, with PDF colours and AA verdict', async () => {
    const [clientId, otherId] = clientIds.demo as string[];
    const override = await call('PUT', `/api/v1/clients/${clientId}/branding`, tokens.owner as string, {
      color_accent_1: '#2563EB',
      footer_text: '© Northwind Health',
    });
    expect(override.status).toBe(200);
    expect(override.body.data).toMatchObject({ color_accent_1: '#2563eb', color_accent_2: null });

    const resolved = await call(
      'GET',
      `/api/v1/clients/${clientId}/branding/resolved`,
      tokens.member as string,
    );
    expect(resolved.status).toBe(200);
    expect(resolved.body.data).toMatchObject({
      client_id: clientId,
      color_mode: 'dark',
      color_accent_1: '#2563eb',
      color_accent_2: '#b8860b',
      color_accent_3: '#ffd700',
      footer_text: '© Northwind Health',
      sources: { color_accent_1: 'client', color_accent_2: 'agency', footer_text: 'client' },
      pdf_colors: { primary: '#2563eb', primary_light: '#e9effd', primary_dark: '#124bc7', text: '#1a1a1a' },
      contrast: { level: 'AA', passes_aa: false },
    });
    const contrast = resolved.body.data?.contrast;
    expect(contrast.primary.as_text).toMatchObject({ ratio: 5.17, passes_aa: true });
    expect(contrast.accent.as_text.passes_aa).toBe(false);
    expect(contrast.accent.as_text.text_safe_ratio).toBeGreaterThanOrEqual(4.5);
    expect(contrast.accent.text_on_color.text_color).toBe('#000000');

    const reset = await call('PUT', `/api/v1/clients/${clientId}/branding`, tokens.owner as string, {
      color_accent_1: null,
    });
    expect(reset.body.data?.color_accent_1).toBeNull();
    const inherited = await call(
      'GET',
      `/api/v1/clients/${clientId}/branding/resolved`,
      tokens.owner as string,
    );
    expect(inherited.body.data).toMatchObject({
      color_accent_1: '#1a4a6e',
      sources: { color_accent_1: 'agency' },
    });

    // A client user sees its own client's brand only.
    const own = await call('GET', `/api/v1/clients/${clientId}/branding/resolved`, tokens.client as string);
    const ownClient = (
      await service()
        .entities.user.query.byId({ agency_id: agencyIds.demo as string })
        .go()
    ).data.find((user) => user.role === 'client')?.client_id;
    const other = ownClient === clientId ? otherId : clientId;
    expect(own.status).toBe(ownClient === clientId ? 200 : 404);
    expect(
      (await call('GET', `/api/v1/clients/${other}/branding/resolved`, tokens.client as string)).status,
    ).toBe(404);
  });

  it('validates client overrides and keeps them inside the agency', async () => {
    const [clientId] = clientIds.demo as string[];
    const bad = await call('PUT', `/api/v1/clients/${clientId}/branding`, tokens.owner as string, {
      color_accent_2: '#12345g',
      color_accent_3: 'blue',
    });
    expect(fields(bad)).toEqual(['color_accent_2', 'color_accent_3']);
    const foreign = await call(
      'PUT',
      `/api/v1/clients/${clientIds.acme?.[0]}/branding`,
      tokens.owner as string,
      {
        color_accent_1: '#000000',
      },
    );
    expect(foreign.status).toBe(404);
    const member = await call('PUT', `/api/v1/clients/${clientId}/branding`, tokens.member as string, {
      color_accent_1: '#000000',
    });
    expect(member.status).toBe(403);
  });
});
