/**
 * Tenant and caller resolution as the HTTP API authorizer runs it (connected): tokens work only
 * on their own tenant's host, unknown hosts and suspended agencies are refused.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccessSubject, issueAccessToken } from '../../shared/auth/access-token.ts';
import { authenticate } from '../../shared/auth/authenticate.ts';
import { service } from '../../shared/data/service.ts';
import { clearTenantCache } from '../../shared/tenancy/resolve-tenant.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { agencyIdsBySlug } from '../support/seed-data.ts';

let cloud: TestCloud;
const agencyIds: Record<string, string> = {};

beforeAll(async () => {
  cloud = await startTestCloud();
  Object.assign(agencyIds, await agencyIdsBySlug());
});
afterAll(() => cloud.destroy());

const host = (slug?: string) => (slug ? `${slug}.localhost:${cloud.port}` : `localhost:${cloud.port}`);

async function bearer(subject: AccessSubject): Promise<string> {
  return `Bearer ${(await issueAccessToken(subject)).token}`;
}

const agencyAdmin = (slug: string): AccessSubject => ({
  sub: randomUUID(),
  role: 'agency_admin',
  agency_id: agencyIds[slug] as string,
  client_id: null,
  email: `owner@${slug}.example.com`,
  session_id: randomUUID(),
});

describe('authenticate (connected)', () => {
  it('accepts an agency token on its own agency host', async () => {
    const identity = await authenticate({
      host: host('demo'),
      authorization: await bearer(agencyAdmin('demo')),
    });
    expect(identity.error).toBeNull();
    expect(identity.tenant).toEqual({ kind: 'agency', agency_id: agencyIds.demo });
    expect(identity.principal).toMatchObject({ role: 'agency_admin', agency_id: agencyIds.demo });
  });

  it("refuses an agency's token on another agency's host and on the platform host", async () => {
    const token = await bearer(agencyAdmin('demo'));
    for (const target of [host('acme'), host()]) {
      const identity = await authenticate({ host: target, authorization: token });
      expect(identity.principal).toBeNull();
      expect(identity.error?.code).toBe('AUTH_003');
    }
  });

  it('accepts a super admin only on the platform host', async () => {
    const token = await bearer({
      sub: randomUUID(),
      role: 'super_admin',
      agency_id: null,
      client_id: null,
      email: 'admin@example.com',
      session_id: randomUUID(),
    });
    expect((await authenticate({ host: host(), authorization: token })).principal).toMatchObject({
      role: 'super_admin',
    });
    expect((await authenticate({ host: host('demo'), authorization: token })).error?.code).toBe('AUTH_003');
  });

  it('asks for credentials when none are sent and rejects malformed ones', async () => {
    expect((await authenticate({ host: host('demo') })).error?.code).toBe('AUTH_003');
    expect((await authenticate({ host: host('demo'), authorization: 'Bearer not-a-jwt' })).error?.code).toBe(
      'AUTH_003',
    );
  });

  it('refuses unknown hosts and agencies whose subscription is suspended', async () => {
    expect((await authenticate({ host: host('nobody') })).error?.code).toBe('RES_001');
    await service()
      .entities.agency.patch({ id: agencyIds.acme as string })
      .set({ subscription_status: 'suspended' })
      .go();
    clearTenantCache();
    const identity = await authenticate({
      host: host('acme'),
      authorization: await bearer(agencyAdmin('acme')),
    });
    expect(identity.error?.code).toBe('BIZ_003');
    expect(identity.principal).toBeNull();
  });
});
