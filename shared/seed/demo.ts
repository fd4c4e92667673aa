/**
 * The demo installation: the platform catalogue (plans, templates), a super admin and two agencies
 * with their teams and clients. Used by `npm start` on every start and by the tests, so it is
 * idempotent: every row is looked up first and the creation functions claim the same uniqueness
 * markers as the API, so a repeated seed never duplicates anything.
 */
import { createHash } from 'node:crypto';
import { createAgency } from '../agencies/create-agency.ts';
import { createClient, type NewClient } from '../clients/create-client.ts';
import type { AgencyItem } from '../data/entities/agencies.ts';
import type { AGENCY_ROLES } from '../data/entities/users.ts';
import { claimUnique } from '../data/invariants.ts';
import { service } from '../data/service.ts';
import { assertCommitted } from '../data/transactions.ts';
import { createAgencyUser, createSuperAdmin, normaliseEmail } from '../users/create-user.ts';
import { PLAN_CATALOGUE, TEMPLATE_CATALOGUE } from './catalogue.ts';

export interface SeedSettings {
  adminEmail: string;
  password: string;
}

/** `SEED_ADMIN_EMAIL` and `SEED_PASSWORD` (meets the PRD §5.2.3 password policy by default). */
export function seedSettings(): SeedSettings {
  return {
    adminEmail: normaliseEmail(process.env.SEED_ADMIN_EMAIL ?? 'admin@example.com'),
    password: process.env.SEED_PASSWORD ?? 'Demo-Password-2026',
  };
}

type AgencyRole = (typeof AGENCY_ROLES)[number];

interface DemoAgency {
  slug: string;
  name: string;
  planName: (typeof PLAN_CATALOGUE)[number]['name'];
  clients: NewClient[];
  users: { email: string; role: AgencyRole; first_name: string; last_name: string; job_title: string }[];
  /** Template codes assigned to the agency (Pro plans list theirs; Enterprise sees all). */
  templates: string[];
}

const DEMO_AGENCIES: readonly DemoAgency[] = [
  {
    slug: 'demo',
    name: 'Demo Agency',
    planName: 'enterprise_annual',
    clients: [
      {
        company_name: 'Northwind Health',
        contact_name: 'Dana Whitfield',
        contact_email: 'dana@northwind-health.example',
        website_url: 'https://northwind-health.example',
        industry: 'Healthcare',
        company_size: '201-500',
        company_description: 'Regional network of outpatient clinics focused on preventive care.',
      },
      {
        company_name: 'Brightline Logistics',
        contact_name: 'Marco Alvarez',
        contact_email: 'marco@brightline.example',
        website_url: 'https://brightline.example',
        industry: 'Logistics',
        company_size: '51-200',
        company_description: 'Last-mile delivery partner for independent retailers.',
      },
    ],
    users: [
      {
        email: 'owner@demo.example.com',
        role: 'agency_admin',
        first_name: 'Olivia',
        last_name: 'Owens',
        job_title: 'Managing Director',
      },
      {
        email: 'member@demo.example.com',
        role: 'agency_member',
        first_name: 'Max',
        last_name: 'Meyer',
        job_title: 'Content Strategist',
      },
      {
        email: 'client@demo.example.com',
        role: 'client',
        first_name: 'Dana',
        last_name: 'Whitfield',
        job_title: 'Head of Marketing',
      },
    ],
    templates: [],
  },
  {
    slug: 'acme',
    name: 'Acme Marketing',
    planName: 'pro_monthly',
    clients: [
      {
        company_name: 'Summit Financial Advisors',
        contact_name: 'Priya Natarajan',
        contact_email: 'priya@summit-fa.example',
        website_url: 'https://summit-fa.example',
        industry: 'Financial Services',
        company_size: '11-50',
        company_description: 'Independent wealth advisors for small-business owners.',
      },
    ],
    users: [
      {
        email: 'owner@acme.example.com',
        role: 'agency_admin',
        first_name: 'Avery',
        last_name: 'Cole',
        job_title: 'Founder',
      },
      {
        email: 'member@acme.example.com',
        role: 'agency_member',
        first_name: 'Sam',
        last_name: 'Ortiz',
        job_title: 'Account Manager',
      },
    ],
    templates: ['EXEC_01', 'MINIMAL_02'],
  },
];

/** A login printed by `npm start` and listed in the README. */
export interface DemoLogin {
  email: string;
  role: AgencyRole | 'super_admin';
  /** Where this login signs in: the agency's host, or the bare platform host. */
  url(port: number): string;
}

/** Every seeded login, super admin first. */
export function demoLogins(settings: SeedSettings = seedSettings()): DemoLogin[] {
  return [
    { email: settings.adminEmail, role: 'super_admin', url: (port) => `http://localhost:${port}` },
    ...DEMO_AGENCIES.flatMap((agency) =>
      agency.users.map((user) => ({
        email: user.email,
        role: user.role,
        url: (port: number) => `http://${agency.slug}.localhost:${port}`,
      })),
    ),
  ];
}

/** A UUID derived from a name, so catalogue rows get the same id on every installation. */
function stableId(name: string): string {
  const hex = createHash('sha256').update(`content-strategist:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function seedPlans(): Promise<void> {
  const entities = service().entities;
  for (const row of PLAN_CATALOGUE) {
    const id = stableId(`plan:${row.name}`);
    if ((await entities.plan.get({ id }).go()).data) continue;
    await entities.plan.create({ ...row, id }).go();
  }
}

async function seedTemplates(): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const row of TEMPLATE_CATALOGUE) {
    const id = stableId(`template:${row.code}`);
    ids.set(row.code, id);
    if ((await service().entities.template.get({ id }).go()).data) continue;
    const outcome = await service()
      .transaction.write((tx) => [
        tx.template.create({ ...row, id, published_at: new Date().toISOString() }).commit(),
        claimUnique(tx, { namespace: 'template_code', value: row.code }, id),
      ])
      .go();
    assertCommitted(outcome, [null, null]);
  }
  return ids;
}

async function seedSuperAdmin(settings: SeedSettings): Promise<void> {
  const { data } = await service().entities.superAdmin.query.byEmail({ email: settings.adminEmail }).go();
  if (data.length > 0) return;
  await createSuperAdmin({
    email: settings.adminEmail,
    password: settings.password,
    first_name: 'Platform',
    last_name: 'Admin',
    is_email_verified: true,
  });
}

async function findOrCreateAgency(spec: DemoAgency): Promise<AgencyItem> {
  const entities = service().entities;
  const existing = (await entities.agency.query.bySlug({ slug: spec.slug }).go()).data[0];
  if (existing) return existing;
  const plan = (await entities.plan.query.byName({ name: spec.planName }).go()).data[0];
  if (!plan) throw new Error(`Plan ${spec.planName} is missing; seed plans first`);
  return createAgency({
    name: spec.name,
    slug: spec.slug,
    plan,
    company_email: `hello@${spec.slug}.example.com`,
    notification_email: `owner@${spec.slug}.example.com`,
  });
}

async function seedAgency(
  spec: DemoAgency,
  settings: SeedSettings,
  templateIds: Map<string, string>,
): Promise<void> {
  const entities = service().entities;
  const agency = await findOrCreateAgency(spec);

  const existingClients = (await entities.client.query.byId({ agency_id: agency.id }).go({ pages: 'all' }))
    .data;
  const clientIds: string[] = [];
  for (const client of spec.clients) {
    const found = existingClients.find((item) => item.company_name === client.company_name);
    clientIds.push(found ? found.id : (await createClient(agency.id, client)).id);
  }

  for (const user of spec.users) {
    const { data } = await entities.user.query.byEmail({ agency_id: agency.id, email: user.email }).go();
    if (data.length > 0) continue;
    await createAgencyUser({
      ...user,
      agency_id: agency.id,
      password: settings.password,
      is_email_verified: true,
      client_id: user.role === 'client' ? clientIds[0] : undefined,
    });
  }

  for (const code of spec.templates) {
    const templateId = templateIds.get(code);
    if (!templateId) throw new Error(`Template ${code} is not in the catalogue`);
    const assignment = { agency_id: agency.id, template_id: templateId };
    if ((await entities.agencyTemplate.get(assignment).go()).data) continue;
    await entities.agencyTemplate.create({ ...assignment, notes: 'Demo assignment' }).go();
  }
}

/** Seeds everything that is missing; safe to call on every start. */
export async function seedDemo(settings: SeedSettings = seedSettings()): Promise<void> {
  await seedPlans();
  const templateIds = await seedTemplates();
  await seedSuperAdmin(settings);
  for (const agency of DEMO_AGENCIES) await seedAgency(agency, settings, templateIds);
}
