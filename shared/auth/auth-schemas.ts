/**
 * Request and response schemas of the auth routes (PRD §6.2), shared by the route table (OpenAPI)
 * and the handlers (validation). Kept free of data access so the route table stays plain data.
 */
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, TokenAndNewPasswordSchema } from './password-policy.ts';
import { ROLES } from './permissions.ts';

const EmailSchema = z
  .string({ error: 'Email is required' })
  .trim()
  .max(320, 'Email is too long')
  .pipe(z.email({ error: 'Enter a valid email address' }));

export const LoginRequestSchema = z.object({
  email: EmailSchema,
  // No policy here: the policy applies when a password is chosen, not when it is typed.
  password: z
    .string({ error: 'Password is required' })
    .min(1, 'Password is required')
    .max(PASSWORD_MAX_LENGTH, 'Password is too long'),
});

export const ForgotPasswordRequestSchema = z.object({ email: EmailSchema });

/** Reset and invitation acceptance both take the emailed token and the new password twice. */
export const ResetPasswordRequestSchema = TokenAndNewPasswordSchema;
export const AcceptInvitationRequestSchema = TokenAndNewPasswordSchema;

export const VerifyEmailRequestSchema = z.object({
  token: z.string({ error: 'Token is required' }).min(1, 'Token is required').max(512),
});

const AgencySummarySchema = z.object({ id: z.string(), name: z.string(), slug: z.string() });

/** The signed-in user as sign-in answers describe it (PRD §6.2 login `user`). */
export const SessionUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  /** The client a `client` user may see; null for other roles. */
  client_id: z.string().nullable(),
  /** null for super admins. */
  agency: AgencySummarySchema.nullable(),
});

const AccessTokenFields = {
  access_token: z.string(),
  token_type: z.literal('bearer'),
  /** Seconds until the access token expires. */
  expires_in: z.number().int(),
};

/** Sign-in and invitation acceptance; the refresh token comes as an HttpOnly cookie. */
export const SignedInSchema = z.object({
  ...AccessTokenFields,
  user: SessionUserSchema,
  /** PRD §5.4.1 permissions of the user's role. */
  permissions: z.array(z.string()),
});

export const RefreshedSchema = z.object(AccessTokenFields);

export const MessageSchema = z.object({ message: z.string() });

/** `GET /auth/me` (PRD §6.2). */
export const CurrentUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  display_name: z.string(),
  role: z.enum(ROLES),
  client_id: z.string().nullable(),
  job_title: z.string().nullable(),
  avatar_url: z.string().nullable(),
  is_email_verified: z.boolean(),
  agency: AgencySummarySchema.extend({
    plan: z.object({ name: z.string(), display_name: z.string() }).nullable(),
  }).nullable(),
  permissions: z.array(z.string()),
  preferences: z.object({ timezone: z.string().nullable(), locale: z.string().nullable() }),
  last_login_at: z.string().nullable(),
});

export type SessionUser = z.infer<typeof SessionUserSchema>;
export type SignedIn = z.infer<typeof SignedInSchema>;
export type Refreshed = z.infer<typeof RefreshedSchema>;
export type CurrentUser = z.infer<typeof CurrentUserSchema>;
