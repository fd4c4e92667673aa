/**
 * Templates by plan (PRD §1.4, §6.6) and their super-admin management (§6.9) through the local
 * gateway: Enterprise sees every active template, Pro only its assignments and never premium ones
 * (403 BIZ_002 wherever a code is accepted); exactly one default, moved atomically; versions on
 * markup changes; the assignment limit holds under concurrent requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgencyItem } from '../../shared/data/entities/agencies.ts';
import { service } from '../../shared/data/service.ts';
import { ApiError } from '../../shared/http/errors.ts';
import { closeBrowser } from '../../shared/pdf/browser.ts';
import { templateQuota } from '../../shared/templates/assignment-quota.ts';
import { allTemplates, assertTemplateAllowed } from '../../shared/templates/plan-access.ts';
import { type Answer, authApi } from '../support/api-client.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { agencyBySlug } from '../support/seed-data.ts';

let cloud: TestCloud;
let api: ReturnType<typeof authApi>;
let superToken: string;
let acmeToken: string;
let demoToken: string;
let acme: AgencyItem;
let demo: AgencyItem;

type Row = Record<string, unknown>;
const rows = (answer: Answer) => answer.body.data as unknown as Row[];

const admin = (method: string, path: string, body?: unknown) =>
  api.call(method, path, { bearer: superToken, body });

async function templateId(code: string): Promise<string> {
  const found = (await allTemplates()).find((template) => template.code === code);
  if (!found) throw new Error(`no template ${code}`);
  return found.id;
}

async function createCustom(code: string, extra: Row = {}) {
  const answer = await admin('POST', '/api/v1/admin/templates', {
    code,
    name: `Custom ${code}`,
    // Published templates must render the sample content (admin-template-check.ts).
    html_template: "{% include 'base/document' %}",
    css_template: 'h1 { color: var(--brand); }',
    ...extra,
  });
  if (answer.status !== 201) throw new Error(`create ${code}: ${JSON.stringify(answer.body)}`);
  return answer.body.data as Row;
}

/** BIZ_002 from the shared check, as generation, schedules and CSV imports will see it. */
async function refusal(target: AgencyItem, code: string): Promise<string | undefined> {
  try {
    await assertTemplateAllowed(target, code);
    return undefined;
  } catch (error) {
    return error instanceof ApiError ? error.code : String(error);
  }
}

beforeAll(async () => {
  cloud = await startTestCloud();
  api = authApi(cloud);
  superToken = (await api.session(undefined, 'admin@example.com')).access;
  acmeToken = (await api.session('acme', 'member@acme.example.com')).access;
  demoToken = (await api.session('demo', 'member@demo.example.com')).access;
  acme = await agencyBySlug('acme');
  demo = await agencyBySlug('demo');
});
afterAll(async () => {
  await cloud?.destroy();
  // The admin publish check renders sample content: Chromium must not outlive the file.
  await closeBrowser();
});

describe('templates an agency sees', () => {
  it('Enterprise: every active template, premium included', async () => {
    const answer = await api.call('GET', '/api/v1/templates', { agency: 'demo', bearer: demoToken });
    expect(answer.status).toBe(200);
    expect(rows(answer).map((row) => row.code)).toEqual([
      'EXEC_01',
      'MINIMAL_02',
      'MODERN_03',
      'CORPORATE_04',
      'BOLD_05',
    ]);
    expect(rows(answer)[0]).toMatchObject({ is_default: true, capabilities: { max_sections: 10 } });
    const bold = await api.call('GET', '/api/v1/templates/BOLD_05', { agency: 'demo', bearer: demoToken });
    expect(bold.body.data).toMatchObject({ code: 'BOLD_05', is_premium: true, version: 1 });
    expect(await refusal(demo, 'BOLD_05')).toBeUndefined();
  });

  it('Pro: only assigned templates; premium and unassigned codes answer 403 BIZ_002 everywhere', async () => {
    const answer = await api.call('GET', '/api/v1/templates', { agency: 'acme', bearer: acmeToken });
    expect(rows(answer).map((row) => row.code)).toEqual(['EXEC_01', 'MINIMAL_02']);
    for (const code of ['BOLD_05', 'MODERN_03']) {
      const one = await api.call('GET', `/api/v1/templates/${code}`, { agency: 'acme', bearer: acmeToken });
      expect(one.status).toBe(403);
      expect(one.body.error?.code).toBe('BIZ_002');
      expect(await refusal(acme, code)).toBe('BIZ_002');
    }
    expect(await refusal(acme, 'exec_01')).toBeUndefined();
    expect(
      (await api.call('GET', '/api/v1/templates/NOPE_99', { agency: 'acme', bearer: acmeToken })).status,
    ).toBe(404);
    expect(await refusal(acme, 'NOPE_99')).toBe('RES_001');
  });

  it('Pro never uses a premium template, even with an assignment row written around the API', async () => {
    const row = { agency_id: acme.id, template_id: await templateId('BOLD_05') };
    await service().entities.agencyTemplate.create(row).go();
    try {
      expect(await refusal(acme, 'BOLD_05')).toBe('BIZ_002');
      const answer = await api.call('GET', '/api/v1/templates', { agency: 'acme', bearer: acmeToken });
      expect(rows(answer).map((item) => item.code)).not.toContain('BOLD_05');
    } finally {
      await service().entities.agencyTemplate.delete(row).go();
    }
  });
});

describe('super-admin template management', () => {
  it('creates a custom template, refuses a duplicate code, and versions markup changes only', async () => {
    const created = await createCustom('CUSTOM_01', { tags: ['custom'] });
    expect(created).toMatchObject({
      code: 'CUSTOM_01',
      version: 1,
      is_default: false,
      has_custom_markup: true,
    });
    const duplicate = await admin('POST', '/api/v1/admin/templates', {
      code: 'CUSTOM_01',
      name: 'Again',
      html_template: 'x',
      css_template: 'y',
    });
    expect(duplicate.status).toBe(409);
    const renamed = await admin('PUT', `/api/v1/admin/templates/${created.id}`, { name: 'Renamed' });
    expect(renamed.body.data).toMatchObject({ name: 'Renamed', version: 1 });
    const restyled = await admin('PUT', `/api/v1/admin/templates/${created.id}`, {
      css_template: 'h1 { margin: 0 }',
    });
    expect(restyled.body.data).toMatchObject({ version: 2 });
    const same = await admin('PUT', `/api/v1/admin/templates/${created.id}`, {
      css_template: 'h1 { margin: 0 }',
    });
    expect(same.body.data).toMatchObject({ version: 2 });
  });

  it('keeps exactly one default when admins move it concurrently', async () => {
    const candidates = await Promise.all(
      ['DEF_A', 'DEF_B', 'DEF_C', 'DEF_D'].map((code) => createCustom(code)),
    );
    const rounds = [candidates, [...candidates].reverse()];
    for (const round of rounds) {
      const answers = await Promise.all(
        round.map((template) => admin('PUT', `/api/v1/admin/templates/${template.id}`, { is_default: true })),
      );
      expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(1);
      for (const answer of answers) expect([200, 409]).toContain(answer.status);
      const defaults = (await allTemplates()).filter((template) => template.is_default);
      expect(defaults).toHaveLength(1);
      const marker = await service()
        .entities.unique.get({ namespace: 'template_code', value: '~default' })
        .go();
      expect(marker.data?.owner_id).toBe(defaults[0]?.id);
    }
    const current = (await allTemplates()).find((template) => template.is_default);
    const clear = await admin('PUT', `/api/v1/admin/templates/${current?.id}`, { is_default: false });
    expect(clear.status).toBe(422);
    const retire = await admin('PUT', `/api/v1/admin/templates/${current?.id}`, { is_active: false });
    expect(retire.status).toBe(422);
    // Hand the default back to EXEC_01 so the catalogue looks seeded again.
    const back = await admin('PUT', `/api/v1/admin/templates/${await templateId('EXEC_01')}`, {
      is_default: true,
    });
    expect(back.body.data).toMatchObject({ is_default: true });
    expect((await allTemplates()).filter((template) => template.is_default).map((t) => t.code)).toEqual([
      'EXEC_01',
    ]);
  });
});

describe('assignments', () => {
  it('refuses premium templates and agencies whose plan has every template', async () => {
    const premium = await admin('POST', `/api/v1/admin/agencies/${acme.id}/templates`, {
      template_ids: [await templateId('BOLD_05')],
    });
    expect(premium.status).toBe(403);
    expect(premium.body.error?.code).toBe('BIZ_002');
    const enterprise = await admin('POST', `/api/v1/admin/agencies/${demo.id}/templates`, {
      template_ids: [await templateId('MODERN_03')],
    });
    expect(enterprise.body.error?.code).toBe('BIZ_005');
  });

  it('holds the plan limit (5) under concurrent assignments, and frees a slot on unassign', async () => {
    const extra = await Promise.all(
      ['LIM_1', 'LIM_2', 'LIM_3', 'LIM_4', 'LIM_5', 'LIM_6'].map((code) => createCustom(code)),
    );
    const answers = await Promise.all(
      extra.map((template) =>
        admin('POST', `/api/v1/admin/agencies/${acme.id}/templates`, { template_ids: [template.id] }),
      ),
    );
    const accepted = answers.filter((answer) => answer.status === 200);
    // acme starts with EXEC_01 and MINIMAL_02: three of the six fit.
    expect(accepted).toHaveLength(3);
    for (const answer of answers.filter((item) => item.status !== 200))
      expect(['BIZ_002', 'RES_003']).toContain(answer.body.error?.code);
    const assigned = await service()
      .entities.agencyTemplate.query.byAgency({ agency_id: acme.id })
      .go({ pages: 'all', consistent: true });
    expect(assigned.data).toHaveLength(5);
    const quota = await templateQuota().get({ agency_id: acme.id }).go({ consistent: true });
    expect(quota.data?.assigned_count).toBe(5);

    const list = await api.call('GET', '/api/v1/templates', { agency: 'acme', bearer: acmeToken });
    expect(rows(list)).toHaveLength(5);

    const over = await admin('POST', `/api/v1/admin/agencies/${acme.id}/templates`, {
      template_ids: [await templateId('MODERN_03')],
    });
    expect(over.body.error?.code).toBe('BIZ_002');
    const removed = await admin(
      'DELETE',
      `/api/v1/admin/agencies/${acme.id}/templates/${await templateId('MINIMAL_02')}`,
    );
    expect(removed.status).toBe(200);
    expect(await refusal(acme, 'MINIMAL_02')).toBe('BIZ_002');
    const again = await admin('POST', `/api/v1/admin/agencies/${acme.id}/templates`, {
      template_ids: [await templateId('MODERN_03')],
    });
    expect(again.status).toBe(200);
    expect((again.body.data as unknown as { assigned: unknown[] }).assigned).toHaveLength(5);
    expect(await refusal(acme, 'MODERN_03')).toBeUndefined();
  });

  it('takes access away when an assigned template becomes premium', async () => {
    const modern = await templateId('MODERN_03');
    await admin('PUT', `/api/v1/admin/templates/${modern}`, { is_premium: true });
    expect(await refusal(acme, 'MODERN_03')).toBe('BIZ_002');
    expect(await refusal(demo, 'MODERN_03')).toBeUndefined();
    await admin('PUT', `/api/v1/admin/templates/${modern}`, { is_premium: false });
  });

  it('lists an agency’s assignments and counts them in the admin catalogue; agency users are refused', async () => {
    const answer = await admin('GET', `/api/v1/admin/agencies/${acme.id}/templates`);
    expect(answer.body.data).toMatchObject({ agency_id: acme.id, max_templates: 5 });
    const catalogue = await admin('GET', '/api/v1/admin/templates');
    const exec = rows(catalogue).find((row) => row.code === 'EXEC_01');
    expect(exec?.assigned_agencies).toBe(1);
    const asAgency = await api.call('GET', '/api/v1/admin/templates', { agency: 'acme', bearer: acmeToken });
    expect(asAgency.status).toBe(403);
  });
});
