/**
 * The PRD §4.2.3 `users` columns shared by agency users (`users.ts`) and platform staff
 * (`super-admins.ts`). They are two entities because the PRD's one table mixes tenant members
 * (keyed by their agency) with staff that belong to no agency.
 */
import { counter, createdAt, flag, id, timestamp, updatedAt } from '../attributes.ts';

/** `COALESCE(first_name || ' ' || last_name, first_name, last_name, email)` of the PRD. */
function displayName(item: { first_name?: string; last_name?: string; email?: string }): string | undefined {
  const parts = [item.first_name, item.last_name].filter((part) => part !== undefined && part !== '');
  return parts.length > 0 ? parts.join(' ') : item.email;
}

/** Attributes common to every user entity; `role` and the tenant attributes are added per entity. */
export const userAttributes = () =>
  ({
    id: id(),
    /** Stored as given; the email indexes lowercase their keys, so lookups ignore case. */
    email: { type: 'string', required: true },
    /** argon2id or bcrypt (DECISIONS.md). */
    password_hash: { type: 'string', required: true },
    first_name: { type: 'string' },
    last_name: { type: 'string' },
    /** Computed on read, never stored (the PRD's generated column). */
    display_name: {
      type: 'string',
      watch: '*',
      set: () => undefined,
      get: (_: unknown, item: { first_name?: string; last_name?: string; email?: string }) =>
        displayName(item),
    },
    phone: { type: 'string' },
    avatar_url: { type: 'string' },
    job_title: { type: 'string' },
    is_active: flag(true),
    deactivated_at: timestamp(),
    deactivated_by: { type: 'string' },
    deactivation_reason: { type: 'string' },
    is_email_verified: flag(false),
    email_verification_sent_at: timestamp(),
    email_verified_at: timestamp(),
    password_changed_at: timestamp(),
    last_login_at: timestamp(),
    last_login_ip: { type: 'string' },
    last_login_user_agent: { type: 'string' },
    failed_login_attempts: counter(),
    locked_until: timestamp(),
    timezone: { type: 'string', default: 'America/New_York' },
    locale: { type: 'string', default: 'en-US' },
    notification_preferences: {
      type: 'map',
      required: true,
      default: () => ({ email: true, browser: true }),
      properties: {
        email: { type: 'boolean' },
        browser: { type: 'boolean' },
        generation_complete: { type: 'boolean' },
        distribution_complete: { type: 'boolean' },
        weekly_summary: { type: 'boolean' },
      },
    },
    created_at: createdAt(),
    updated_at: updatedAt(),
  }) as const;
