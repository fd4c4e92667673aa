/** PRD §6.2 auth endpoints: sign-in, sessions, passwords, email verification and invitations. */
import { api, post, storeAccessToken } from '../api.ts';

export interface AgencySummary {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
}

/** `GET /api/v1/auth/me`. */
export interface CurrentUser {
  readonly id: string;
  readonly email: string;
  readonly first_name: string | null;
  readonly last_name: string | null;
  readonly display_name: string;
  readonly role: 'super_admin' | 'agency_admin' | 'agency_member' | 'client';
  readonly client_id: string | null;
  readonly job_title: string | null;
  readonly avatar_url: string | null;
  readonly is_email_verified: boolean;
  /** null on the platform host (super admins). */
  readonly agency: (AgencySummary & { plan: { name: string; display_name: string } | null }) | null;
  readonly permissions: readonly string[];
  readonly last_login_at: string | null;
}

/** Sign-in and invitation acceptance answers (the refresh token arrives as a cookie). */
export interface SignedIn {
  readonly access_token: string;
  readonly expires_in: number;
  readonly user: {
    readonly id: string;
    readonly email: string;
    readonly name: string;
    readonly role: CurrentUser['role'];
    readonly agency: AgencySummary | null;
  };
  readonly permissions: readonly string[];
}

interface Message {
  readonly message: string;
}

/** Signs in on this host's tenant and keeps the access token. */
export async function signIn(email: string, password: string) {
  const result = await post<SignedIn>('/api/v1/auth/login', { email, password }, { auth: false });
  if (result.ok) storeAccessToken(result.data.access_token, result.data.expires_in);
  return result;
}

export const fetchCurrentUser = () => api<CurrentUser>('GET', '/api/v1/auth/me');

export const signOutSession = () => post<Message>('/api/v1/auth/logout');

export const requestPasswordReset = (email: string) =>
  post<Message>('/api/v1/auth/password/forgot', { email }, { auth: false });

export interface NewPassword {
  readonly token: string;
  readonly password: string;
  readonly password_confirmation: string;
}

export const resetPassword = (body: NewPassword) =>
  post<Message>('/api/v1/auth/password/reset', body, { auth: false });

/** Accepts an invitation; the answer signs the new member in. */
export async function acceptInvitation(body: NewPassword) {
  const result = await post<SignedIn>('/api/v1/auth/invitations/accept', body, { auth: false });
  if (result.ok) storeAccessToken(result.data.access_token, result.data.expires_in);
  return result;
}

export const verifyEmail = (token: string) =>
  post<Message>('/api/v1/auth/email/verify', { token }, { auth: false });

export const resendVerification = () => post<Message>('/api/v1/auth/email/resend');
