import { decodeProtectedHeader } from 'jose';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { ApiError } from '../http/errors.ts';
import { issueAccessToken } from './access-token.ts';
import { issueRefreshToken, REFRESH_TOKEN_LIFETIME_SECONDS, verifyRefreshToken } from './refresh-token.ts';
import { type TestSigningKeys, testSigningKeys } from './test-signing-keys.ts';

const FAMILY = { sub: 'user-1', session_id: 'sess_family_1' };
let keys: TestSigningKeys;

beforeAll(async () => {
  keys = await testSigningKeys();
});

afterEach(() => {
  vi.useRealTimers();
});

async function expectRejected(token: string, code: 'AUTH_002' | 'AUTH_003'): Promise<void> {
  const error = await verifyRefreshToken(token, keys).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ code, status: 401 });
}

it('round-trips the PRD §5.2.2 claims, expiring 7 days after issue', async () => {
  const { token, claims } = await issueRefreshToken(FAMILY, keys);
  expect(claims).toMatchObject({ ...FAMILY, type: 'refresh' });
  expect(claims.exp - claims.iat).toBe(7 * 24 * 3600);
  expect(decodeProtectedHeader(token).alg).toBe('HS256');
  expect(await verifyRefreshToken(token, keys)).toEqual(claims);
});

it('names each token of a family by its own jti', async () => {
  const first = await issueRefreshToken(FAMILY, keys);
  const second = await issueRefreshToken(FAMILY, keys);
  expect(first.claims.session_id).toBe(second.claims.session_id);
  expect(first.claims.jti).not.toBe(second.claims.jti);
});

it('answers AUTH_002 after 7 days', async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() - (REFRESH_TOKEN_LIFETIME_SECONDS + 60) * 1000);
  const { token } = await issueRefreshToken(FAMILY, keys);
  vi.useRealTimers();
  await expectRejected(token, 'AUTH_002');
});

it('answers AUTH_003 for an access token presented as a refresh token', async () => {
  const access = await issueAccessToken(
    {
      sub: 'user-1',
      role: 'agency_member',
      agency_id: 'agency-1',
      client_id: null,
      email: 'm@agency.example',
      session_id: FAMILY.session_id,
    },
    keys,
  );
  await expectRejected(access.token, 'AUTH_003');
});

it('answers AUTH_003 for a refresh token signed with another key', async () => {
  const stranger = await testSigningKeys(keys.kid);
  await expectRejected((await issueRefreshToken(FAMILY, stranger)).token, 'AUTH_003');
});
