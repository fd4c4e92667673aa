/**
 * WebSocket connections subscribed to a generation job (not a PRD table; replaces the in-memory
 * connection manager of PRD §14.1). Pushes go out through the WebSocket API's `@connections`.
 *
 * Access patterns:
 * - `byConnection` (table): one connection — get / delete `{ connection_id }` (`$disconnect` knows
 *   only the connection id).
 * - `byJob`        (gsi1):  every connection watching a job — query `{ job_id }` when progress is
 *   pushed (a 410 from `@connections` means: delete the item).
 *
 * Ephemeral: `ttl` defaults to two hours from now (API Gateway's maximum connection duration), so
 * connections whose `$disconnect` was missed still go away.
 */
import { Entity, type EntityItem } from 'electrodb';
import { createdAt, fixedRef, SERVICE } from '../attributes.ts';
import { epochSeconds } from '../time.ts';

/** API Gateway closes every WebSocket connection after two hours. */
const MAX_CONNECTION_SECONDS = 2 * 60 * 60;

/** The WebSocket-connection entity. */
export const connection = new Entity({
  model: { entity: 'connection', version: '1', service: SERVICE },
  attributes: {
    connection_id: fixedRef(),
    job_id: fixedRef(),
    user_id: fixedRef(),
    /** Absent for super admins. */
    agency_id: { type: 'string', readOnly: true },
    created_at: createdAt(),
    ttl: { type: 'number', required: true, default: () => epochSeconds() + MAX_CONNECTION_SECONDS },
  },
  indexes: {
    byConnection: { pk: { field: 'pk', composite: ['connection_id'] }, sk: { field: 'sk', composite: [] } },
    byJob: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['job_id'] },
      sk: { field: 'gsi1sk', composite: ['connection_id'] },
    },
  },
});

/** An item as ElectroDB returns it. */
export type ConnectionItem = EntityItem<typeof connection>;
