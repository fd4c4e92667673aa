/**
 * Passwords and emailed links through the local gateway (connected): lockout after five wrong
 * passwords (counted atomically), forgotten-password links that answer the same for unknown
 * emails, single-use and expiring reset / invitation / verification tokens, the password policy's
 * field messages, and the audit trail of it all.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendInvitation } from '../../shared/auth/invitations.ts';
import { UNUSABLE_PASSWORD_HASH } from '../../shared/auth/password.ts';
import type { AGENCY_ROLES } from '../../shared/data/entities/users.ts';
import { service } from '../../shared/data/service.ts';
import { createAgencyUser } from '../../shared/users/create-user.ts';
import { authApi, cookieToken, DEMO_PASSWORD, fieldErrors } from '../support/api-client.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';

let cloud: TestCloud;
let api: ReturnType<typeof authApi>;
let acmeId: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  api = authApi(cloud);
  acmeId = (await service().entities.agency.query.bySlug({ slug: 'acme' }).go()).data[0]?.id as string;
});
afterAll(() => cloud.destroy());

let userCount = 0;

/** A fresh acme user, so each test owns its account's counters and tokens. */
async function acmeUser(
  options: { role?: (typeof AGENCY_ROLES)[number]; invited?: boolean; verified?: boolean } = {},
) {
  userCount += 1;
  const user = await createAgencyUser({
    agency_id: acmeId,
    email: `user${userCount}@acme.example.com`,
    password: DEMO_PASSWORD,
    role: options.role ?? 'agency_member',
    first_name: 'Test',
    last_name: `User ${userCount}`,
    is_email_verified: options.verified ?? true,
  });
  // An invited account holds no usable password until it accepts (what the team routes create).
  if (options.invited)
    await service()
      .entities.user.patch({ agency_id: acmeId, id: user.id })
      .set({ password_hash: UNUSABLE_PASSWORD_HASH })
      .go();
  return user;
}

const storedUser = async (id: string) =>
  (await service().entities.user.get({ agency_id: acmeId, id }).go({ consistent: true })).data;

/** Moves an emailed token's expiry into the past, as if its lifetime had gone by. */
async function expire(token: string): Promise<void> {
  const tokens = service().entities.oneTimeToken;
  const token_hash = createHash('sha256').update(token).digest('hex');
  const { data } = await tokens.get({ token_hash }).go({ consistent: true });
  if (!data) throw new Error('token not stored');
  await tokens.put({ ...data, expires_at: new Date(Date.now() - 1000).toISOString() }).go();
}

const post = (path: string, body: unknown, agency = 'acme') => api.call('POST', path, { agency, body });

describe('lockout (connected)', () => {
  it('locks after five wrong passwords, even against the right one, until the window ends', async () => {
    const user = await acmeUser();
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const answer = await api.login('acme', user.email, 'Wrong-Password-1');
      expect(answer.body.error?.code, `attempt ${attempt}`).toBe('AUTH_001');
    }
    const fifth = await api.login('acme', user.email, 'Wrong-Password-1');
    expect(fifth.status).toBe(403);
    expect(fifth.body.error?.code).toBe('AUTH_005');

    const right = await api.login('acme', user.email);
    expect(right.status).toBe(403);
    expect(right.body.error?.code).toBe('AUTH_005');

    const locked = await storedUser(user.id);
    const lockedFor = Date.parse(locked?.locked_until as string) - Date.now();
    expect(lockedFor).toBeGreaterThan(14 * 60_000);
    expect(lockedFor).toBeLessThanOrEqual(15 * 60_000);

    // The window ends (simulated by moving the lock into the past): the right password works.
    await service()
      .entities.user.patch({ agency_id: acmeId, id: user.id })
      .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
      .go();
    expect((await api.login('acme', user.email)).status).toBe(200);
    const unlocked = await storedUser(user.id);
    expect(unlocked).toMatchObject({ failed_login_attempts: 0, last_login_at: expect.any(String) });
    expect(unlocked?.locked_until).toBeUndefined();
  });

  it('resets the count on success, so only consecutive failures lock', async () => {
    const user = await acmeUser();
    for (let attempt = 0; attempt < 4; attempt += 1) await api.login('acme', user.email, 'Wrong-Password-1');
    expect((await api.login('acme', user.email)).status).toBe(200);
    for (let attempt = 0; attempt < 4; attempt += 1) await api.login('acme', user.email, 'Wrong-Password-1');
    expect((await storedUser(user.id))?.failed_login_attempts).toBe(4);
    expect((await api.login('acme', user.email)).status).toBe(200);
  });

  it('counts parallel guesses atomically: a burst cannot get past the limit', async () => {
    const user = await acmeUser();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => api.login('acme', user.email, 'Wrong-Password-1')),
    );
    const codes = answers.map((answer) => answer.body.error?.code);
    expect(codes.filter((code) => code === 'AUTH_001').length).toBeLessThanOrEqual(4);
    expect(codes.filter((code) => code === 'AUTH_005').length).toBeGreaterThanOrEqual(8);
    expect((await api.login('acme', user.email)).body.error?.code).toBe('AUTH_005');
  });
});

describe('forgotten password (connected)', () => {
  it('answers the same for unknown emails and emails a link only to real accounts', async () => {
    const user = await acmeUser();
    const known = await post('/api/v1/auth/password/forgot', { email: user.email.toUpperCase() });
    const unknown = await post('/api/v1/auth/password/forgot', { email: 'ghost@acme.example.com' });
    expect(known.status).toBe(200);
    expect(unknown).toEqual(known);
    expect(known.body.data).toEqual({ message: 'If an account exists, a reset email has been sent' });

    expect(await api.mailTo('ghost@acme.example.com')).toEqual([]);
    const [mail] = await api.mailTo(user.email);
    expect(mail?.text).toContain(`http://acme.localhost:${cloud.port}/reset-password?token=`);
    expect(mail?.subject).toBe('Reset your Acme Marketing password');
  });

  it('sends no link for an account of another agency', async () => {
    const user = await acmeUser();
    await post('/api/v1/auth/password/forgot', { email: user.email }, 'demo');
    expect(await api.mailTo(user.email)).toEqual([]);
  });

  it('refuses a crafted host rather than email a link pointing elsewhere', async () => {
    const user = await acmeUser();
    // `hostName` reads this as acme.localhost, so only the origin check stands in the way.
    const poisoned = await api.call('POST', '/api/v1/auth/password/forgot', {
      agency: 'acme',
      body: { email: user.email },
      headers: { 'x-forwarded-host': `acme.localhost:${cloud.port}@evil.example` },
    });
    expect(poisoned.status).toBe(400);
    expect(poisoned.body.error?.code).toBe('VAL_003');
    expect(await api.mailTo(user.email)).toEqual([]);
  });

  it('resets once: new password works, old one and every session end, lockout clears', async () => {
    const user = await acmeUser();
    const before = await api.session('acme', user.email);
    await service()
      .entities.user.patch({ agency_id: acmeId, id: user.id })
      .set({ locked_until: new Date(Date.now() + 600_000).toISOString() })
      .go();
    await post('/api/v1/auth/password/forgot', { email: user.email });
    const token = await api.emailedToken(user.email, 'reset-password');

    const body = { token, password: 'Brand-New-Pass-7', password_confirmation: 'Brand-New-Pass-7' };
    const reset = await post('/api/v1/auth/password/reset', body);
    expect(reset.status).toBe(200);
    expect(reset.body.data).toEqual({ message: 'Password successfully reset' });
    expect(reset.cookie).toContain('Max-Age=0');

    expect((await api.login('acme', user.email)).body.error?.code).toBe('AUTH_001');
    expect((await api.login('acme', user.email, 'Brand-New-Pass-7')).status).toBe(200);
    expect((await api.refresh('acme', before.refresh)).status).toBe(401);
    expect(await storedUser(user.id)).toMatchObject({ password_changed_at: expect.any(String) });

    const again = await post('/api/v1/auth/password/reset', {
      token,
      password: 'Another-Pass-8',
      password_confirmation: 'Another-Pass-8',
    });
    expect(again.status).toBe(422);
    expect(fieldErrors(again).map((detail) => detail.field)).toEqual(['token']);
  });

  it('refuses an expired reset token', async () => {
    const user = await acmeUser();
    await post('/api/v1/auth/password/forgot', { email: user.email });
    const token = await api.emailedToken(user.email, 'reset-password');
    await expire(token);
    const answer = await post('/api/v1/auth/password/reset', {
      token,
      password: 'Brand-New-Pass-7',
      password_confirmation: 'Brand-New-Pass-7',
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error?.code).toBe('VAL_001');
    expect((await api.login('acme', user.email)).status).toBe(200);
  });

  it('names every broken rule of the password policy, and keeps the token usable', async () => {
    const user = await acmeUser();
    await post('/api/v1/auth/password/forgot', { email: user.email });
    const token = await api.emailedToken(user.email, 'reset-password');

    const weak = await post('/api/v1/auth/password/reset', {
      token,
      password: 'short',
      password_confirmation: 'shorter',
    });
    expect(weak.status).toBe(422);
    expect(weak.body.error?.code).toBe('VAL_001');
    expect(fieldErrors(weak)).toEqual([
      { field: 'password', message: 'Password must be at least 8 characters' },
      { field: 'password', message: 'Password must contain an uppercase letter' },
      { field: 'password', message: 'Password must contain a digit' },
      { field: 'password_confirmation', message: 'Passwords do not match' },
    ]);
    const noLower = await post('/api/v1/auth/password/reset', {
      token,
      password: 'ALL-CAPS-123',
      password_confirmation: 'ALL-CAPS-123',
    });
    expect(fieldErrors(noLower)).toEqual([
      { field: 'password', message: 'Password must contain a lowercase letter' },
    ]);

    const good = await post('/api/v1/auth/password/reset', {
      token,
      password: 'Good-Pass-123',
      password_confirmation: 'Good-Pass-123',
    });
    expect(good.status).toBe(200);
  });
});

describe('invitations (connected)', () => {
  it('activates an invited account and signs it in', async () => {
    const user = await acmeUser({ invited: true, verified: false });
    expect((await api.login('acme', user.email)).body.error?.code).toBe('AUTH_001');
    await sendInvitation({
      agency_id: acmeId,
      user_id: user.id,
      email: user.email,
      inviter_name: 'Avery Cole',
      agency_name: 'Acme Marketing',
      origin: `http://acme.localhost:${cloud.port}`,
    });
    const [mail] = await api.mailTo(user.email);
    expect(mail?.subject).toBe('Avery Cole invited you to Acme Marketing');
    const token = await api.emailedToken(user.email, 'accept-invitation');

    const body = { token, password: 'Joined-Today-9', password_confirmation: 'Joined-Today-9' };
    const accepted = await post('/api/v1/auth/invitations/accept', body);
    expect(accepted.status).toBe(200);
    expect(accepted.body.data).toMatchObject({
      token_type: 'bearer',
      user: { id: user.id, role: 'agency_member', agency: { slug: 'acme' } },
    });
    expect(cookieToken(accepted.cookie)).toBeTruthy();
    expect((await api.me('acme', accepted.body.data?.access_token as string)).body.data).toMatchObject({
      is_email_verified: true,
    });
    expect((await api.login('acme', user.email, 'Joined-Today-9')).status).toBe(200);
    expect((await post('/api/v1/auth/invitations/accept', body)).status).toBe(422);
  });

  it('refuses an expired invitation, and one presented on another host', async () => {
    const user = await acmeUser({ invited: true });
    const invite = () =>
      sendInvitation({
        agency_id: acmeId,
        user_id: user.id,
        email: user.email,
        inviter_name: 'Avery Cole',
        agency_name: 'Acme Marketing',
        origin: `http://acme.localhost:${cloud.port}`,
      });
    const body = (token: string) => ({
      token,
      password: 'Joined-Today-9',
      password_confirmation: 'Joined-Today-9',
    });

    await invite();
    const expired = await api.emailedToken(user.email, 'accept-invitation');
    await expire(expired);
    const late = await post('/api/v1/auth/invitations/accept', body(expired));
    expect(late.status).toBe(422);
    expect(fieldErrors(late).map((detail) => detail.field)).toEqual(['token']);

    await invite();
    const elsewhere = await post(
      '/api/v1/auth/invitations/accept',
      body(await api.emailedToken(user.email, 'accept-invitation')),
      'demo',
    );
    expect(elsewhere.status).toBe(422);
    expect((await storedUser(user.id))?.password_hash).toBe(UNUSABLE_PASSWORD_HASH);
  });
});

describe('email verification (connected)', () => {
  it('emails a link to the signed-in user and verifies the address once', async () => {
    const user = await acmeUser({ verified: false });
    const { access } = await api.session('acme', user.email);
    const resend = await api.call('POST', '/api/v1/auth/email/resend', { agency: 'acme', bearer: access });
    expect(resend.body.data).toEqual({ message: 'Verification email sent' });
    const token = await api.emailedToken(user.email, 'verify-email');

    const verified = await post('/api/v1/auth/email/verify', { token });
    expect(verified.body.data).toEqual({ message: 'Email address verified' });
    expect((await api.me('acme', access)).body.data).toMatchObject({ is_email_verified: true });
    expect((await post('/api/v1/auth/email/verify', { token })).status).toBe(422);
    const again = await api.call('POST', '/api/v1/auth/email/resend', { agency: 'acme', bearer: access });
    expect(again.body.data).toEqual({ message: 'Email address is already verified' });
  });
});

describe('audit trail (connected)', () => {
  it('records sign-ins, failures with their reason, sign-outs, resets and acceptances, never a password', async () => {
    const user = await acmeUser();
    await api.login('acme', user.email, 'Wrong-Password-1');
    await api.login('acme', 'ghost@acme.example.com', 'Wrong-Password-1');
    const { access } = await api.session('acme', user.email);
    await api.call('POST', '/api/v1/auth/logout', { agency: 'acme', bearer: access });
    await post('/api/v1/auth/password/forgot', { email: user.email });
    const token = await api.emailedToken(user.email, 'reset-password');
    await post('/api/v1/auth/password/reset', {
      token,
      password: 'Audit-Pass-42',
      password_confirmation: 'Audit-Pass-42',
    });

    const { data } = await service()
      .entities.auditLog.query.byTime({ agency_id: acmeId })
      .go({ pages: 'all' });
    const mine = data.filter(
      (entry) => entry.resource_name === user.email || entry.resource_name === 'ghost@acme.example.com',
    );
    const summary = mine.map((entry) => [
      entry.action,
      entry.status,
      (entry.metadata as { reason?: string })?.reason,
    ]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['login_failed', 'failure', 'wrong_password'],
        ['login_failed', 'failure', 'unknown_email'],
        ['login', 'success', undefined],
        ['logout', 'success', undefined],
        ['password_reset', 'success', undefined],
      ]),
    );
    expect(mine.every((entry) => entry.request_id && entry.ip_address)).toBe(true);
    const text = JSON.stringify(mine);
    for (const secret of ['Wrong-Password-1', DEMO_PASSWORD, 'Audit-Pass-42', token])
      expect(text).not.toContain(secret);
  });

  it('records an accepted invitation on the platform log for a super admin', async () => {
    const { data } = await service().entities.superAdmin.query.byEmail({ email: 'admin@example.com' }).go();
    const admin = data[0];
    await sendInvitation({
      agency_id: null,
      user_id: admin?.id as string,
      email: 'admin@example.com',
      inviter_name: 'Platform',
      agency_name: 'Content Strategist',
      origin: `http://localhost:${cloud.port}`,
    });
    const token = await api.emailedToken('admin@example.com', 'accept-invitation');
    const accepted = await api.call('POST', '/api/v1/auth/invitations/accept', {
      body: { token, password: 'Platform-Pass-1', password_confirmation: 'Platform-Pass-1' },
    });
    expect(accepted.body.data).toMatchObject({ user: { role: 'super_admin', agency: null } });
    const log = await service().entities.platformAuditLog.query.byTime({}).go({ pages: 'all' });
    expect(log.data.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['invitation_accepted', 'login']),
    );
  });
});
