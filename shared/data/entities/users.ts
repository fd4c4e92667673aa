/**
 * Users of an agency: admins, members and client-portal users (PRD §4.2.3). Platform staff are
 * `super-admins.ts`.
 *
 * Access patterns (tenant id in every partition key):
 * - `byId`    (table): user by id within agency — get `{ agency_id, id }`; the team — query
 *   `{ agency_id }` (also the client-role users of one client, filtered on `client_id`: a team is small).
 * - `byEmail` (gsi1):  user by email within agency (login) — query `{ agency_id, email }`; keys are
 *   lowercased, so the lookup is case-insensitive. Uniqueness: `unique` marker `user_email`.
 */
import { Entity, type EntityItem } from 'electrodb';
import { fixedRef, SERVICE } from '../attributes.ts';
import { userAttributes } from './user-attributes.ts';

/** Roles an agency user can hold; `client` users also carry `client_id`. */
export const AGENCY_ROLES = ['agency_admin', 'agency_member', 'client'] as const;

/** The agency-user entity. */
export const user = new Entity({
  model: { entity: 'user', version: '1', service: SERVICE },
  attributes: {
    ...userAttributes(),
    agency_id: fixedRef(),
    /** Set only for the `client` role (the client whose content this user may view). */
    client_id: { type: 'string' },
    role: { type: AGENCY_ROLES, required: true },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['agency_id'] }, sk: { field: 'sk', composite: ['id'] } },
    byEmail: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['agency_id'] },
      sk: { field: 'gsi1sk', composite: ['email'] },
    },
  },
});

/** An item as ElectroDB returns it. */
export type UserItem = EntityItem<typeof user>;
