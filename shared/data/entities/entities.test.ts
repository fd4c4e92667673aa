/**
 * Offline checks of every entity (no database): the keys and index attributes each write produces
 * (this is the stored format, so it is pinned exactly), sparse indexes, TTLs, and validation.
 */
import { describe, expect, it } from 'vitest';
import { service } from '../service.ts';
import { epochSeconds } from '../time.ts';

const { entities: e } = service();

const AGENCY = 'ag-1';
const T0 = '2026-01-02T10:30:00.000Z';

/** A valid create input per entity, with fixed ids and times so keys are deterministic. */
const valid = {
  plan: {
    id: 'pl-1',
    name: 'pro_annual',
    display_name: 'Pro (Annual)',
    price_cents: 1_000_000,
    billing_period: 'annual',
    max_seats: 50,
  },
  agency: { id: AGENCY, plan_id: 'pl-1', name: 'Acme Agency', slug: 'acme', max_seats: 50 },
  user: {
    id: 'us-1',
    agency_id: AGENCY,
    email: 'Owner@Acme.example',
    password_hash: 'h',
    role: 'agency_admin',
  },
  superAdmin: { id: 'sa-1', email: 'admin@example.com', password_hash: 'h' },
  client: {
    id: 'cl-1',
    agency_id: AGENCY,
    company_name: 'Client Co',
    company_slug: 'client-co',
    created_at: T0,
  },
  template: { id: 'tp-1', code: 'EXEC_01', name: 'Executive', html_template: '<html/>', css_template: '' },
  agencyTemplate: { agency_id: AGENCY, template_id: 'tp-1' },
  document: {
    id: 'dc-1',
    agency_id: AGENCY,
    client_id: 'cl-1',
    title: 'T',
    topic: 'AI',
    created_at: T0,
    expires_at: '2029-01-02T10:30:00.000Z',
  },
  generationJob: { id: 'jb-1', agency_id: AGENCY, document_id: 'dc-1', created_at: T0 },
  scheduledContent: {
    id: 'sc-1',
    agency_id: AGENCY,
    client_id: 'cl-1',
    scheduled_date: '2026-01-15',
    scheduled_at: '2026-01-15T14:00:00.000Z',
    topic: 'Cloud security',
  },
  apiKey: {
    id: 'ak-1',
    agency_id: AGENCY,
    name: 'Production',
    key_hash: 'ab'.repeat(32),
    key_prefix: 'csa_live_ab',
    scopes: ['documents:read'],
  },
  auditLog: {
    id: 'al-1',
    agency_id: AGENCY,
    action: 'create',
    action_category: 'resource',
    resource_type: 'client',
    created_at: T0,
  },
  platformAuditLog: {
    id: 'pa-1',
    action: 'login',
    action_category: 'auth',
    resource_type: 'user',
    created_at: T0,
  },
  refreshTokenFamily: {
    id: 'rf-1',
    user_id: 'us-1',
    agency_id: AGENCY,
    current_token_hash: 'x',
    expires_at: '2026-01-09T10:30:00.000Z',
  },
  rateLimitWindow: { key: 'login:ip:203.0.113.9', window_start: 1_767_350_000, ttl: 1_767_350_060 },
  connection: { connection_id: 'cn-1', job_id: 'jb-1', user_id: 'us-1', agency_id: AGENCY },
  unique: { namespace: 'agency_slug', value: 'acme', owner_id: AGENCY },
  agencyAdminCount: { agency_id: AGENCY, active_admin_count: 1 },
  platformCounter: { subject: 'plan:pro_annual', total: 3, active: 2 },
} as const;

type Item = Record<string, unknown>;
type Entities = typeof e;

/** The item a `put` of `input` would write (validation runs here). */
function put<K extends keyof Entities>(name: K, input: object): Item {
  const entity = e[name] as unknown as { put(input: object): { params(): { Item: Item } } };
  return entity.put(input).params().Item;
}

const KEY_FIELDS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'] as const;

function keysOf(item: Item): Partial<Record<(typeof KEY_FIELDS)[number], unknown>> {
  return Object.fromEntries(KEY_FIELDS.filter((field) => field in item).map((field) => [field, item[field]]));
}

describe('entity keys (offline)', () => {
  const cases: [keyof Entities, object, Record<string, string>][] = [
    [
      'plan',
      valid.plan,
      { pk: '$cs#id_pl-1', sk: '$plan_1', gsi1pk: '$cs', gsi1sk: '$plan_1#name_pro_annual' },
    ],
    [
      'agency',
      valid.agency,
      { pk: '$cs#id_ag-1', sk: '$agency_1', gsi1pk: '$cs#slug_acme', gsi1sk: '$agency_1' },
    ],
    [
      'agency',
      {
        ...valid.agency,
        custom_domain: 'Content.Acme.example',
        custom_domain_verified: true,
        api_usage_period_end: '2026-02-01T00:00:00.000Z',
      },
      {
        pk: '$cs#id_ag-1',
        sk: '$agency_1',
        gsi1pk: '$cs#slug_acme',
        gsi1sk: '$agency_1',
        gsi2pk: '$cs#custom_domain_content.acme.example',
        gsi2sk: '$agency_1',
        gsi3pk: '$cs',
        gsi3sk: '$agency_1#api_usage_period_end_2026-02-01t00:00:00.000z',
      },
    ],
    [
      'user',
      valid.user,
      {
        pk: '$cs#agency_id_ag-1',
        sk: '$user_1#id_us-1',
        gsi1pk: '$cs#agency_id_ag-1',
        gsi1sk: '$user_1#email_owner@acme.example',
      },
    ],
    [
      'superAdmin',
      valid.superAdmin,
      {
        pk: '$cs#id_sa-1',
        sk: '$super_admin_1',
        gsi1pk: '$cs',
        gsi1sk: '$super_admin_1#email_admin@example.com',
      },
    ],
    [
      'client',
      valid.client,
      {
        pk: '$cs#agency_id_ag-1',
        sk: '$client_1#id_cl-1',
        gsi1pk: '$cs#agency_id_ag-1',
        gsi1sk: '$client_1#is_active_true#created_at_2026-01-02t10:30:00.000z',
      },
    ],
    [
      'template',
      valid.template,
      { pk: '$cs#id_tp-1', sk: '$template_1', gsi1pk: '$cs', gsi1sk: '$template_1#code_exec_01' },
    ],
    [
      'agencyTemplate',
      valid.agencyTemplate,
      {
        pk: '$cs#agency_id_ag-1',
        sk: '$agency_template_1#template_id_tp-1',
        gsi1pk: '$cs#template_id_tp-1',
        gsi1sk: '$agency_template_1#agency_id_ag-1',
      },
    ],
    [
      'document',
      valid.document,
      {
        pk: '$cs#agency_id_ag-1',
        sk: '$document_1#id_dc-1',
        gsi1pk: '$cs#agency_id_ag-1',
        gsi1sk: '$document_1#client_id_cl-1#created_at_2026-01-02t10:30:00.000z',
        gsi2pk: '$cs#agency_id_ag-1',
        gsi2sk: '$document_1#client_id_cl-1#status_pending#created_at_2026-01-02t10:30:00.000z',
        gsi3pk: '$cs#retention_day_2029-01-02',
        gsi3sk: '$document_1#retention_at_2029-01-02t10:30:00.000z',
      },
    ],
    [
      'generationJob',
      valid.generationJob,
      {
        pk: '$cs#agency_id_ag-1',
        sk: '$generation_job_1#id_jb-1',
        gsi1pk: '$cs#agency_id_ag-1',
        gsi1sk: '$generation_job_1#document_id_dc-1#created_at_2026-01-02t10:30:00.000z',
      },
    ],
    [
      'scheduledContent',
      valid.scheduledContent,
      {
        pk: '$cs#agency_id_ag-1',
        sk: '$scheduled_content_1#client_id_cl-1#id_sc-1',
        gsi1pk: '$cs#agency_id_ag-1',
        gsi1sk: '$scheduled_content_1#client_id_cl-1#scheduled_at_2026-01-15t14:00:00.000z',
        gsi2pk: '$cs#due_hour_2026-01-15t14',
        gsi2sk: '$scheduled_content_1#status_pending#scheduled_at_2026-01-15t14:00:00.000z',
      },
    ],
    [
      'scheduledContent',
      { ...valid.scheduledContent, status: 'canceled' },
      {
        pk: '$cs#agency_id_ag-1',
        sk: '$scheduled_content_1#client_id_cl-1#id_sc-1',
        gsi1pk: '$cs#agency_id_ag-1',
        gsi1sk: '$scheduled_content_1#client_id_cl-1#scheduled_at_2026-01-15t14:00:00.000z',
      },
    ],
    [
      'apiKey',
      valid.apiKey,
      {
        pk: '$cs#agency_id_ag-1',
        sk: '$api_key_1#id_ak-1',
        gsi1pk: `$cs#key_hash_${'ab'.repeat(32)}`,
        gsi1sk: '$api_key_1',
      },
    ],
    [
      'auditLog',
      valid.auditLog,
      {
        pk: '$cs#agency_id_ag-1',
        sk: '$audit_log_1#created_at_2026-01-02t10:30:00.000z#id_al-1',
        gsi1pk: '$cs#agency_id_ag-1',
        gsi1sk: '$audit_log_1#action_create#created_at_2026-01-02t10:30:00.000z',
      },
    ],
    [
      'platformAuditLog',
      valid.platformAuditLog,
      {
        pk: '$cs',
        sk: '$platform_audit_log_1#created_at_2026-01-02t10:30:00.000z#id_pa-1',
        gsi1pk: '$cs',
        gsi1sk: '$platform_audit_log_1#action_login#created_at_2026-01-02t10:30:00.000z',
      },
    ],
    [
      'refreshTokenFamily',
      valid.refreshTokenFamily,
      { pk: '$cs#user_id_us-1', sk: '$refresh_token_family_1#id_rf-1' },
    ],
    [
      'rateLimitWindow',
      valid.rateLimitWindow,
      { pk: '$cs#key_login:ip:203.0.113.9', sk: '$rate_limit_window_1#window_start_1767350000' },
    ],
    [
      'connection',
      valid.connection,
      {
        pk: '$cs#connection_id_cn-1',
        sk: '$connection_1',
        gsi1pk: '$cs#job_id_jb-1',
        gsi1sk: '$connection_1#connection_id_cn-1',
      },
    ],
    ['unique', valid.unique, { pk: '$cs#namespace_agency_slug#value_acme', sk: '$unique_1' }],
    ['agencyAdminCount', valid.agencyAdminCount, { pk: '$cs#agency_id_ag-1', sk: '$agency_admin_count_1' }],
    [
      'platformCounter',
      valid.platformCounter,
      { pk: '$cs', sk: '$platform_counter_1#subject_plan:pro_annual' },
    ],
  ];

  it.each(cases)('%s writes exactly the expected keys', (name, input, expected) => {
    expect(keysOf(put(name, input))).toEqual(expected);
  });

  it.each([
    'user',
    'client',
    'agencyTemplate',
    'document',
    'generationJob',
    'scheduledContent',
    'apiKey',
    'auditLog',
    'agencyAdminCount',
  ] as const)('%s is tenant-scoped: the agency id is in its partition key', (name) => {
    expect(put(name, valid[name]).pk).toBe(`$cs#agency_id_${AGENCY}`);
  });

  it('keeps an unverified custom domain out of the domain index', () => {
    const item = put('agency', { ...valid.agency, custom_domain: 'content.acme.example' });
    expect(item).not.toHaveProperty('gsi2pk');
    expect(item).not.toHaveProperty('gsi2sk');
  });

  it('adds a domain to the domain index when it is verified', () => {
    const { ExpressionAttributeValues: values } = e.agency
      .patch({ id: AGENCY })
      .set({ custom_domain: 'content.acme.example', custom_domain_verified: true })
      .params();
    expect(values).toMatchObject({ ':gsi2pk_u0': '$cs#custom_domain_content.acme.example' });
  });

  it('rebuilds status and activity keys from read-only parts supplied with composite()', () => {
    const documentUpdate = e.document
      .patch({ agency_id: AGENCY, id: 'dc-1' })
      .set({ status: 'ready' })
      .composite({ client_id: 'cl-1', created_at: T0 })
      .params();
    expect(documentUpdate.ExpressionAttributeValues).toMatchObject({
      ':gsi2sk_u0': '$document_1#client_id_cl-1#status_ready#created_at_2026-01-02t10:30:00.000z',
    });
    const clientUpdate = e.client
      .patch({ agency_id: AGENCY, id: 'cl-1' })
      .set({ is_active: false })
      .composite({ created_at: T0 })
      .params();
    expect(clientUpdate.ExpressionAttributeValues).toMatchObject({
      ':gsi1sk_u0': '$client_1#is_active_false#created_at_2026-01-02t10:30:00.000z',
    });
  });

  it('drops a scheduled item from the due index when it leaves pending', () => {
    const { UpdateExpression } = e.scheduledContent
      .patch({ agency_id: AGENCY, client_id: 'cl-1', id: 'sc-1' })
      .set({ status: 'processing', scheduled_at: valid.scheduledContent.scheduled_at })
      .params();
    expect(UpdateExpression).toMatch(/REMOVE #gsi2pk, #gsi2sk$/);
  });

  it('moves a soft-deleted document to the bucket of its hard delete, 30 days later', () => {
    const { ExpressionAttributeValues: values } = e.document
      .patch({ agency_id: AGENCY, id: 'dc-1' })
      .set({ deleted_at: '2029-01-02T10:30:00.000Z' })
      .params();
    expect(values).toMatchObject({
      ':gsi3pk_u0': '$cs#retention_day_2029-02-01',
      ':gsi3sk_u0': '$document_1#retention_at_2029-02-01t10:30:00.000z',
    });
  });

  it('refuses a status change that would leave the due index stale', () => {
    expect(() =>
      e.scheduledContent
        .patch({ agency_id: AGENCY, client_id: 'cl-1', id: 'sc-1' })
        .set({ status: 'canceled' })
        .params(),
    ).toThrow(/composite attributes/);
  });

  it('sets the TTL of ephemeral items in epoch seconds', () => {
    expect(put('refreshTokenFamily', valid.refreshTokenFamily).ttl).toBe(
      epochSeconds('2026-01-09T10:30:00.000Z'),
    );
    expect(put('rateLimitWindow', valid.rateLimitWindow).ttl).toBe(1_767_350_060);
    const connectionTtl = put('connection', valid.connection).ttl as number;
    expect(connectionTtl - epochSeconds()).toBeGreaterThan(2 * 60 * 60 - 5);
    expect(connectionTtl - epochSeconds()).toBeLessThanOrEqual(2 * 60 * 60);
    expect(() => put('rateLimitWindow', { ...valid.rateLimitWindow, ttl: undefined })).toThrow(/ttl/);
  });

  it('maintains created_at and updated_at', () => {
    const created = put('client', { ...valid.client, created_at: undefined });
    expect(created.updated_at).toBe(created.created_at);
    const { UpdateExpression } = e.client
      .patch({ agency_id: AGENCY, id: 'cl-1' })
      .set({ industry: 'Retail' })
      .params();
    expect(UpdateExpression).toContain('#updated_at = :updated_at_u0');
    expect(() =>
      e.client
        .patch({ agency_id: AGENCY, id: 'cl-1' })
        .set({ created_at: T0 } as never)
        .params(),
    ).toThrow(/Read-Only/i);
  });

  it('keeps a document three years by default', () => {
    const item = put('document', { ...valid.document, created_at: undefined, expires_at: undefined });
    const created = new Date(item.created_at as string);
    created.setUTCFullYear(created.getUTCFullYear() + 3);
    // Both defaults read the clock, one after the other: they may be a few milliseconds apart.
    expect(Date.parse(item.expires_at as string) - created.getTime()).toBeGreaterThanOrEqual(0);
    expect(Date.parse(item.expires_at as string) - created.getTime()).toBeLessThan(1000);
    expect(item.retention_at).toBe(item.expires_at);
  });

  it('computes display_name on read without storing it', () => {
    const item = put('user', {
      ...valid.user,
      first_name: 'Ada',
      last_name: 'Lovelace',
      display_name: 'stored?',
    });
    expect(item).not.toHaveProperty('display_name');
    expect(e.user.parse({ Item: item }).data?.display_name).toBe('Ada Lovelace');
    expect(e.user.parse({ Item: put('user', valid.user) }).data?.display_name).toBe('Owner@Acme.example');
  });
});

describe('entity validation (offline)', () => {
  const rejected: [keyof typeof valid, string, unknown][] = [
    ['plan', 'name', 'pro_weekly'],
    ['plan', 'billing_period', 'weekly'],
    ['plan', 'api_key_mode', 'free'],
    ['agency', 'slug', '-acme'],
    ['agency', 'color_mode', 'sepia'],
    ['agency', 'color_accent_1', 'red'],
    ['agency', 'subscription_status', 'paused'],
    ['agency', 'api_usage_period_end', '2026-02-01T00:00:00+01:00'],
    ['user', 'role', 'super_admin'],
    ['client', 'default_tone', 'friendly'],
    ['client', 'company_slug', 'Client Co'],
    ['template', 'code', 'exec 01'],
    ['document', 'status', 'draft'],
    ['document', 'status', 'expired'],
    ['document', 'input_tone', 'conversational'],
    ['document', 'cover_image_source', 'stock'],
    ['generationJob', 'progress_percent', 101],
    ['generationJob', 'steps_completed', ['daydreaming']],
    ['scheduledContent', 'status', 'scheduled'],
    ['scheduledContent', 'tone', 'casual-ish'],
    ['scheduledContent', 'scheduled_date', '15/01/2026'],
    ['apiKey', 'scopes', ['admin:all']],
    ['apiKey', 'key_hash', 'AB'.repeat(32)],
    ['auditLog', 'action_category', 'billing'],
    ['auditLog', 'status', 'ok'],
    ['unique', 'namespace', 'nickname'],
  ];

  /** The attributes ElectroDB's validation error names (`scopes[*]` for a list entry). */
  function rejectedFields(write: () => unknown): string[] {
    try {
      write();
    } catch (error) {
      return ((error as { fields?: { field: string }[] }).fields ?? []).map(({ field }) =>
        field.replace('[*]', ''),
      );
    }
    return [];
  }

  it.each(rejected)('%s rejects %s = %j', (name, field, value) => {
    expect(rejectedFields(() => put(name, { ...valid[name], [field]: value }))).toEqual([field]);
  });

  it.each(Object.keys(valid) as (keyof typeof valid)[])('%s accepts its valid fixture', (name) => {
    expect(() => put(name, valid[name])).not.toThrow();
  });
});
