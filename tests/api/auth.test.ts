/**
 * Sign-in, sessions and tokens through the local gateway (connected): each role signs in on its
 * own host only, wrong password and unknown email are indistinguishable, refresh tokens rotate
 * and their reuse ends the session, forged and misused tokens are refused, and users and
 * sessions survive a restart of the local runtime.
 */
import { randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signingKeys } from '../../shared/auth/signing-key.ts';
import { testSigningKeys } from '../../shared/auth/test-signing-keys.ts';
import { tokenSettings } from '../../shared/auth/token-config.ts';
import { service } from '../../shared/data/service.ts';
import { authApi, cookieToken, fieldErrors } from '../support/api-client.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';

let cloud: TestCloud;
let api: ReturnType<typeof authApi>;

beforeAll(async () => {
  cloud = await startTestCloud();
  api = authApi(cloud);
});
afterAll(() => cloud.destroy());

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('sign-in (connected)', () => {
  it.each([
    ['demo', 'owner@demo.example.com', 'agency_admin'],
    ['demo', 'member@demo.example.com', 'agency_member'],
    ['demo', 'client@demo.example.com', 'client'],
    ['acme', 'owner@acme.example.com', 'agency_admin'],
    [undefined, 'admin@example.com', 'super_admin'],
  ])('signs %s / %s in as %s with tokens, user and permissions', async (agency, email, role) => {
    const answer = await api.login(agency, email);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({
      token_type: 'bearer',
      expires_in: 900,
      user: { email, role, agency: agency ? { slug: agency } : null },
    });
    expect(answer.body.data?.permissions).toEqual(expect.arrayContaining(['self']));
    const claims = decodeJwt(answer.body.data?.access_token as string);
    expect(claims).toMatchObject({ type: 'access', role, email });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(900);
    if (role === 'client') expect(claims.client_id).toEqual(expect.any(String));
  });

  it('sets the refresh token as an HttpOnly, SameSite=Lax cookie on the auth path only', async () => {
    const { cookie } = await api.login('demo', 'owner@demo.example.com');
    expect(cookie).toMatch(
      /^refresh_token=[\w-]+\.[\w-]+\.[\w-]+; HttpOnly; SameSite=Lax; Path=\/api\/v1\/auth; Max-Age=(604799|604800)$/,
    );
    expect(cookie).not.toContain('Domain=');
    expect(cookie).not.toContain('Secure');
    expect(decodeJwt(cookieToken(cookie) as string)).toMatchObject({ type: 'refresh' });

    const overTls = await api.call('POST', '/api/v1/auth/login', {
      agency: 'demo',
      body: { email: 'owner@demo.example.com', password: 'Demo-Password-2026' },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(overTls.cookie).toContain('; Secure;');
  });

  it('refuses each account on any host but its own', async () => {
    for (const [agency, email] of [
      ['acme', 'owner@demo.example.com'],
      [undefined, 'owner@demo.example.com'],
      ['demo', 'admin@example.com'],
    ] as const) {
      const answer = await api.login(agency, email);
      expect(answer.status, `${email} on ${agency ?? 'platform'}`).toBe(401);
      expect(answer.body.error?.code).toBe('AUTH_001');
      expect(answer.cookie).toBeUndefined();
    }
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const wrong = await api.login('acme', 'member@acme.example.com', 'Not-The-Password-1');
    const unknown = await api.login('acme', 'nobody@acme.example.com', 'Not-The-Password-1');
    expect(wrong.status).toBe(401);
    expect(unknown).toEqual(wrong);
    expect(wrong.body).toEqual({
      success: false,
      error: { code: 'AUTH_001', message: 'Invalid email or password', details: null },
    });
  });

  it('lists every malformed field with 422 VAL_001', async () => {
    const answer = await api.call('POST', '/api/v1/auth/login', { agency: 'demo', body: { email: 'nope' } });
    expect(answer.status).toBe(422);
    expect(answer.body.error?.code).toBe('VAL_001');
    expect(
      fieldErrors(answer)
        .map((detail) => detail.field)
        .sort(),
    ).toEqual(['email', 'password']);
  });

  it('answers 403 AUTH_006 to an inactive account, but only once the password is right', async () => {
    const agency = (await service().entities.agency.query.bySlug({ slug: 'acme' }).go()).data[0];
    const member = (
      await service()
        .entities.user.query.byEmail({ agency_id: agency?.id as string, email: 'member@acme.example.com' })
        .go()
    ).data[0];
    const key = { agency_id: agency?.id as string, id: member?.id as string };
    await service().entities.user.patch(key).set({ is_active: false }).go();
    try {
      expect((await api.login('acme', 'member@acme.example.com', 'Wrong-Password-1')).body.error?.code).toBe(
        'AUTH_001',
      );
      const answer = await api.login('acme', 'member@acme.example.com');
      expect(answer.status).toBe(403);
      expect(answer.body.error?.code).toBe('AUTH_006');
    } finally {
      await service().entities.user.patch(key).set({ is_active: true, failed_login_attempts: 0 }).go();
    }
  });
});

describe('me and logout (connected)', () => {
  it('describes the signed-in user with agency, plan and permissions', async () => {
    const { access } = await api.session('demo', 'member@demo.example.com');
    const answer = await api.me('demo', access);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({
      email: 'member@demo.example.com',
      first_name: 'Max',
      last_name: 'Meyer',
      display_name: 'Max Meyer',
      role: 'agency_member',
      agency: { slug: 'demo', name: 'Demo Agency', plan: { name: 'enterprise_annual' } },
      preferences: { timezone: expect.any(String), locale: expect.any(String) },
      last_login_at: expect.any(String),
    });
    expect(answer.body.data?.permissions).toContain('documents:create');
    expect(answer.body.data?.permissions).not.toContain('clients:delete');
  });

  it('describes a super admin with no agency', async () => {
    const { access } = await api.session(undefined, 'admin@example.com');
    const answer = await api.me(undefined, access);
    expect(answer.body.data).toMatchObject({ role: 'super_admin', agency: null });
  });

  it('ends the session on logout and clears the cookie', async () => {
    const { access, refresh } = await api.session('demo', 'owner@demo.example.com');
    const answer = await api.call('POST', '/api/v1/auth/logout', { agency: 'demo', bearer: access });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ message: 'Successfully logged out' });
    expect(answer.cookie).toMatch(
      /^refresh_token=; HttpOnly; SameSite=Lax; Path=\/api\/v1\/auth; Max-Age=0$/,
    );
    const after = await api.refresh('demo', refresh);
    expect(after.status).toBe(401);
    expect(after.cookie).toContain('Max-Age=0');
  });

  it('asks for a signed-in user', async () => {
    expect((await api.call('GET', '/api/v1/auth/me', { agency: 'demo' })).body.error?.code).toBe('AUTH_003');
    expect((await api.call('POST', '/api/v1/auth/logout', { agency: 'demo' })).status).toBe(401);
  });
});

describe('refresh-token rotation (connected)', () => {
  it('exchanges the cookie for a new access token and a new refresh token', async () => {
    const first = await api.session('demo', 'owner@demo.example.com');
    const rotated = await api.refresh('demo', first.refresh);
    expect(rotated.status).toBe(200);
    expect(rotated.body.data).toMatchObject({ token_type: 'bearer', expires_in: 900 });
    const next = cookieToken(rotated.cookie) as string;
    expect(next).toBeTruthy();
    expect(next).not.toBe(first.refresh);
    expect(decodeJwt(next).session_id).toBe(decodeJwt(first.refresh).session_id);
    expect((await api.me('demo', rotated.body.data?.access_token as string)).status).toBe(200);
    expect((await api.refresh('demo', next)).status).toBe(200);
  });

  it('revokes the whole family when a used refresh token comes back', async () => {
    const first = await api.session('demo', 'member@demo.example.com');
    const second = cookieToken((await api.refresh('demo', first.refresh)).cookie) as string;

    const replay = await api.refresh('demo', first.refresh);
    expect(replay.status).toBe(401);
    expect(replay.body.error?.code).toBe('AUTH_003');
    expect(replay.cookie).toContain('Max-Age=0');

    // The newer token, though never used, belongs to the revoked family.
    expect((await api.refresh('demo', second)).status).toBe(401);
    const claims = decodeJwt(second);
    const family = await service()
      .entities.refreshTokenFamily.get({ user_id: claims.sub as string, id: claims.session_id as string })
      .go();
    expect(family.data).toMatchObject({ revoked: true, revoked_at: expect.any(String) });
  });

  it('lets only one of two concurrent refreshes with the same token win', async () => {
    const { refresh } = await api.session('demo', 'client@demo.example.com');
    const answers = await Promise.all([api.refresh('demo', refresh), api.refresh('demo', refresh)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
    const winner = answers.find((answer) => answer.status === 200);
    // The loser presented a token that was no longer live: reuse, so the family is gone.
    expect((await api.refresh('demo', cookieToken(winner?.cookie) as string)).status).toBe(401);
  });

  it("refuses a refresh cookie on another tenant's host, and without a cookie", async () => {
    const { refresh } = await api.session('demo', 'owner@demo.example.com');
    expect((await api.refresh('acme', refresh)).status).toBe(401);
    expect((await api.refresh(undefined, refresh)).status).toBe(401);
    expect((await api.refresh('demo', refresh)).status).toBe(200);
    const none = await api.call('POST', '/api/v1/auth/refresh', { agency: 'demo' });
    expect(none.status).toBe(401);
    expect(none.body.error?.code).toBe('AUTH_003');
  });
});

describe('token attacks on /auth/me (connected)', () => {
  let valid: { access: string; refresh: string };
  beforeAll(async () => {
    valid = await api.session('demo', 'owner@demo.example.com');
  });

  const expectRefused = async (token: string, code = 'AUTH_003') => {
    const answer = await api.me('demo', token);
    expect(answer.status).toBe(401);
    expect(answer.body.error?.code).toBe(code);
  };

  it('refuses alg: none', async () => {
    const header = decodeProtectedHeader(valid.access);
    await expectRefused(`${base64url({ ...header, alg: 'none' })}.${valid.access.split('.')[1]}.`);
  });

  it('refuses a token signed with another key under the real kid', async () => {
    const { kid } = decodeProtectedHeader(valid.access);
    const forger = await testSigningKeys(kid as string);
    const claims = decodeJwt(valid.access);
    const { issuer, audience } = tokenSettings();
    const forged = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: forger.kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .sign(forger.secret);
    await expectRefused(forged);
    // Tampered claims under the original signature fail the same way.
    const [head, , signature] = valid.access.split('.');
    await expectRefused(`${head}.${base64url({ ...claims, role: 'super_admin' })}.${signature}`);
  });

  it('answers AUTH_002 to an expired access token signed with the real key', async () => {
    const { kid, key } = await signingKeys().signingKey();
    const { issuer, audience } = tokenSettings();
    const iat = Math.floor(Date.now() / 1000) - 1000;
    const expired = await new SignJWT({ ...decodeJwt(valid.access), iat, exp: iat + 900 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .sign(key);
    await expectRefused(expired, 'AUTH_002');
  });

  it('refuses a refresh token used as an access token, and the reverse', async () => {
    await expectRefused(valid.refresh);
    expect((await api.refresh('demo', valid.access)).status).toBe(401);
  });

  it('refuses a random string', async () => {
    await expectRefused(randomBytes(24).toString('base64url'));
  });
});

describe('restart of the local runtime (connected)', () => {
  it('keeps users, sessions, signing keys and API keys', async () => {
    const before = await api.session('acme', 'owner@acme.example.com');
    const created = await api.call('POST', '/api/v1/agency/api-keys', {
      agency: 'acme',
      bearer: before.access,
      body: { name: 'survives restart', scopes: ['team:list'] },
    });
    const apiKey = created.body.data?.key as string;
    await cloud.close();
    cloud = await startTestCloud({ dataDir: cloud.dataDir, port: cloud.port, seed: false });
    api = authApi(cloud);

    expect((await api.me('acme', before.access)).status).toBe(200);
    const rotated = await api.refresh('acme', before.refresh);
    expect(rotated.status).toBe(200);
    expect((await api.login('acme', 'owner@acme.example.com')).status).toBe(200);
    const withKey = await api.call('GET', '/api/v1/agency/team', { agency: 'acme', key: apiKey });
    expect(withKey.status).toBe(200);
  });
});
