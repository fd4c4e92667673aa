import { decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ZodError } from 'zod';
import { ApiError } from '../http/errors.ts';
import {
  ACCESS_TOKEN_LIFETIME_SECONDS,
  type AccessSubject,
  issueAccessToken,
  verifyAccessToken,
} from './access-token.ts';
import { issueRefreshToken } from './refresh-token.ts';
import { type TestSigningKeys, testSigningKeys } from './test-signing-keys.ts';

const ADMIN: AccessSubject = {
  sub: 'user-1',
  role: 'agency_admin',
  agency_id: 'agency-1',
  client_id: null,
  email: 'admin@agency.example',
  session_id: 'sess_abc123',
};

let keys: TestSigningKeys;

beforeAll(async () => {
  keys = await testSigningKeys();
});

afterEach(() => {
  vi.useRealTimers();
});

/** Runs `issue` as if the clock read `offsetSeconds` from now. */
async function issuedAt<T>(offsetSeconds: number, issue: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + offsetSeconds * 1000);
  try {
    return await issue();
  } finally {
    vi.useRealTimers();
  }
}

async function expectRejected(token: string, code: 'AUTH_002' | 'AUTH_003'): Promise<void> {
  const error = await verifyAccessToken(token, keys).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ code, status: 401 });
}

/** A well-formed access payload, as the issuer would sign it. */
function validPayload(): Record<string, unknown> {
  const iat = Math.floor(Date.now() / 1000);
  return {
    ...ADMIN,
    iat,
    exp: iat + ACCESS_TOKEN_LIFETIME_SECONDS,
    jti: crypto.randomUUID(),
    type: 'access',
    iss: 'content-strategist',
    aud: 'content-strategist-api',
  };
}

/** Signs `payload` by hand, with the test key unless told otherwise. */
function forge(
  payload: Record<string, unknown>,
  header: { alg?: string; kid?: string } = {},
  key: CryptoKey | Uint8Array = keys.secret,
): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: header.alg ?? 'HS256', typ: 'JWT', kid: header.kid ?? keys.kid })
    .sign(key);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('issueAccessToken / verifyAccessToken', () => {
  it('round-trips the PRD §5.2.1 claims, expiring 15 minutes after issue', async () => {
    const { token, claims } = await issueAccessToken(ADMIN, keys);
    expect(claims).toMatchObject({ ...ADMIN, type: 'access' });
    expect(claims.exp - claims.iat).toBe(15 * 60);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT', kid: keys.kid });
    expect(await verifyAccessToken(token, keys)).toEqual(claims);
  });

  it('gives every token its own jti', async () => {
    const [first, second] = await Promise.all([issueAccessToken(ADMIN, keys), issueAccessToken(ADMIN, keys)]);
    expect(first.claims.jti).not.toBe(second.claims.jti);
  });

  it('carries platform staff and client users with the ids their role requires', async () => {
    const staff: AccessSubject = { ...ADMIN, role: 'super_admin', agency_id: null, client_id: null };
    const client: AccessSubject = { ...ADMIN, role: 'client', client_id: 'client-9' };
    for (const subject of [staff, client]) {
      const { token } = await issueAccessToken(subject, keys);
      expect(await verifyAccessToken(token, keys)).toMatchObject(subject);
    }
  });

  it('refuses to issue a token whose role and ids do not match', async () => {
    const orphanClient = { ...ADMIN, role: 'client', client_id: null } as unknown as AccessSubject;
    await expect(issueAccessToken(orphanClient, keys)).rejects.toBeInstanceOf(ZodError);
  });

  it('answers AUTH_002 once the token has expired, with a few seconds of clock tolerance', async () => {
    const expired = await issuedAt(-(ACCESS_TOKEN_LIFETIME_SECONDS + 10), () =>
      issueAccessToken(ADMIN, keys),
    );
    await expectRejected(expired.token, 'AUTH_002');
    const justExpired = await issuedAt(-(ACCESS_TOKEN_LIFETIME_SECONDS + 2), () =>
      issueAccessToken(ADMIN, keys),
    );
    expect(await verifyAccessToken(justExpired.token, keys)).toEqual(justExpired.claims);
  });

  it('answers AUTH_003 for a tampered signature or payload', async () => {
    const { token } = await issueAccessToken(ADMIN, keys);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    await expectRejected(`${header}.${payload}.${flipped}`, 'AUTH_003');
    const elevated = base64url({ ...validPayload(), role: 'super_admin', agency_id: null });
    await expectRejected(`${header}.${elevated}.${signature}`, 'AUTH_003');
  });

  it('answers AUTH_003 for an unsigned `alg: none` token', async () => {
    const header = base64url({ alg: 'none', typ: 'JWT', kid: keys.kid });
    await expectRejected(`${header}.${base64url(validPayload())}.`, 'AUTH_003');
    const noKid = base64url({ alg: 'none', typ: 'JWT' });
    await expectRejected(`${noKid}.${base64url(validPayload())}.`, 'AUTH_003');
  });

  it('answers AUTH_003 for other algorithms, even with the right secret', async () => {
    await expectRejected(await forge(validPayload(), { alg: 'HS512' }), 'AUTH_003');
    await expectRejected(await forge(validPayload(), { alg: 'HS384' }), 'AUTH_003');
    const { privateKey } = await generateKeyPair('RS256');
    await expectRejected(await forge(validPayload(), { alg: 'RS256' }, privateKey), 'AUTH_003');
  });

  it('answers AUTH_003 for a token signed with another key, or naming an unknown key', async () => {
    const stranger = await testSigningKeys(keys.kid);
    await expectRejected((await issueAccessToken(ADMIN, stranger)).token, 'AUTH_003');
    await expectRejected(await forge(validPayload(), { kid: 'some-other-version' }), 'AUTH_003');
  });

  it('answers AUTH_003 for a refresh token, fresh or expired', async () => {
    const refresh = await issueRefreshToken({ sub: ADMIN.sub, session_id: ADMIN.session_id }, keys);
    await expectRejected(refresh.token, 'AUTH_003');
    const stale = await issuedAt(-8 * 24 * 3600, () =>
      issueRefreshToken({ sub: ADMIN.sub, session_id: ADMIN.session_id }, keys),
    );
    await expectRejected(stale.token, 'AUTH_003');
  });

  it('answers AUTH_003 for the wrong audience or issuer', async () => {
    await expectRejected(await forge({ ...validPayload(), aud: 'another-api' }), 'AUTH_003');
    await expectRejected(await forge({ ...validPayload(), iss: 'someone-else' }), 'AUTH_003');
    const { aud: _aud, ...withoutAudience } = validPayload();
    await expectRejected(await forge(withoutAudience), 'AUTH_003');
  });

  it('answers AUTH_003 for missing or inconsistent claims and a future iat', async () => {
    const { email: _email, ...withoutEmail } = validPayload();
    await expectRejected(await forge(withoutEmail), 'AUTH_003');
    await expectRejected(await forge({ ...validPayload(), client_id: 'client-9' }), 'AUTH_003');
    await expectRejected(await forge({ ...validPayload(), role: 'owner' }), 'AUTH_003');
    const future = await issuedAt(120, () => issueAccessToken(ADMIN, keys));
    await expectRejected(future.token, 'AUTH_003');
  });

  it('answers AUTH_003 for strings that are not JWTs', async () => {
    for (const token of ['', 'abc', 'a.b.c', 'a.b', `${base64url({ alg: 'HS256', kid: keys.kid })}.e30.`]) {
      await expectRejected(token, 'AUTH_003');
    }
  });
});
