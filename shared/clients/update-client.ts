/**
 * Changing a client's details and content defaults (PRD §6.3 `PUT /api/v1/clients/{client_id}`).
 * Only fields whose value changes are written and audited; `null` removes an optional field. The
 * slug stays as it was (document URLs contain it), and activity has its own endpoints because it
 * moves a seat.
 */
import { service } from '../data/service.ts';
import { isConditionalCheckFailure } from '../data/transactions.ts';
import { notFound } from '../http/errors.ts';
import { type AuditRequest, recordClientAudit } from './client-audit.ts';
import { toClientDetail } from './client-views.ts';
import type { ClientsCaller } from './clients-caller.ts';
import { getClient } from './read-clients.ts';
import type { ClientChanges, ClientDetail } from './schemas.ts';

type Field = keyof ClientChanges;

/** Applies `changes` to client `clientId` of the caller's agency and returns it as it is now. */
export async function updateClient(
  caller: ClientsCaller,
  clientId: string,
  changes: ClientChanges,
  request: AuditRequest,
): Promise<ClientDetail> {
  const before = await getClient(caller, clientId);
  const same = (field: Field) =>
    JSON.stringify(changes[field] ?? null) === JSON.stringify(before[field] ?? null);
  const changed = (Object.keys(changes) as Field[]).filter(
    (field) => changes[field] !== undefined && !same(field),
  );
  if (changed.length === 0) return toClientDetail(before);

  try {
    await service()
      .entities.client.patch({ agency_id: caller.agency_id, id: clientId })
      .data((attributes, { set, remove }) => {
        for (const field of changed) {
          const value = changes[field];
          if (value === null) remove(attributes[field]);
          else set(attributes[field], value as never);
        }
      })
      .go();
  } catch (error) {
    // `patch` requires the item to exist: it was removed between the read and this write.
    if (isConditionalCheckFailure(error)) throw notFound('Client');
    throw error;
  }

  const after = await getClient(caller, clientId);
  await recordClientAudit(
    caller,
    'client_update',
    after,
    {
      changes: Object.fromEntries(
        changed.map((field) => [field, { old: before[field] ?? null, new: after[field] ?? null }]),
      ),
    },
    request,
  );
  return toClientDetail(after);
}
