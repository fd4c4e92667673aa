/**
 * Audit entries of sign-in events (PRD §4.2.11, category `auth`): who, on which tenant, with
 * what outcome. Passwords and tokens are never recorded; a failed sign-in records its reason.
 */
import { recordAudit, type requestFacts } from '../audit/record-audit.ts';
import { type Account, agencyOf } from './accounts.ts';
import type { UserPrincipal } from './request-identity.ts';

/** The request an event came from (id, IP, user agent), from `requestFacts(event, context)`. */
export type RequestFacts = ReturnType<typeof requestFacts>;

export type AuthAction =
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'password_reset'
  | 'invitation_accepted'
  | 'refresh_token_reuse';

/** Whom an event concerns; `user_id` is absent for a failed sign-in with an unknown email. */
export interface AuthActor {
  /** The log it goes to: the agency's, or the platform's (`null`). */
  agency_id: string | null;
  user_id?: string;
  email: string;
}

/** The actor of an event about `account`. */
export function accountActor(account: Account): AuthActor {
  return { agency_id: agencyOf(account), user_id: account.id, email: account.email };
}

/** The actor of an event a signed-in user caused. */
export function principalActor(principal: UserPrincipal): AuthActor {
  return { agency_id: principal.agency_id, user_id: principal.sub, email: principal.email };
}

export interface AuthEvent {
  action: AuthAction;
  actor: AuthActor;
  status?: 'success' | 'failure';
  metadata?: Record<string, unknown>;
}

/** Records `event` in the agency's log (or the platform's, for super admins and the platform host). */
export function auditAuth(event: AuthEvent, request: RequestFacts): Promise<void> {
  const { actor } = event;
  return recordAudit(
    {
      agency_id: actor.agency_id,
      action: event.action,
      action_category: 'auth',
      resource_type: 'user',
      resource_id: actor.user_id,
      resource_name: actor.email,
      user_id: actor.user_id,
      status: event.status ?? 'success',
      metadata: event.metadata,
    },
    request,
  );
}
