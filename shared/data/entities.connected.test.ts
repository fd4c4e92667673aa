/**
 * Real round trips through the production data code against the local DynamoDB: the service finds
 * the emulator only through the SDK's `AWS_ENDPOINT_URL_DYNAMODB` and `TABLE_NAME`, as in AWS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoForTests } from '../../infra/local/dynamodb/test-server.ts';
import { startConnectedDynamo } from '../../tests/support/connected-dynamo.ts';
import { claimSeat, claimUnique } from './invariants.ts';
import { service } from './service.ts';
import { hourBucket } from './time.ts';

let dynamo: DynamoForTests;

beforeAll(async () => {
  dynamo = await startConnectedDynamo();
});
afterAll(() => dynamo.close());

/** Creates an agency and its slug marker atomically, as the admin API does. */
function createAgency(id: string, slug: string, maxSeats = 2) {
  return service()
    .transaction.write((tx) => [
      tx.agency.create({ id, plan_id: 'pl-1', name: `Agency ${id}`, slug, max_seats: maxSeats }).commit(),
      claimUnique(tx, { namespace: 'agency_slug', value: slug }, id),
    ])
    .go();
}

/** Creates an active client, its slug marker and its seat atomically, as the clients API does. */
function createClient(agencyId: string, id: string) {
  return service()
    .transaction.write((tx) => [
      tx.client.create({ id, agency_id: agencyId, company_name: id, company_slug: id }).commit(),
      claimUnique(tx, { namespace: 'client_slug', agency_id: agencyId, value: id }, id),
      claimSeat(tx, agencyId),
    ])
    .go();
}

describe('entities (connected)', () => {
  it('creates an agency with its slug marker, and rejects a second agency with that slug', async () => {
    expect((await createAgency('ag-1', 'acme')).canceled).toBe(false);
    const { data: bySlug } = await service().entities.agency.query.bySlug({ slug: 'ACME' }).go();
    expect(bySlug.map((item) => item.id)).toEqual(['ag-1']);

    const duplicate = await createAgency('ag-2', 'acme');
    expect(duplicate.canceled).toBe(true);
    expect(duplicate.data.map((result) => result.code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect((await service().entities.agency.get({ id: 'ag-2' }).go()).data).toBeNull();
  });

  it('lists the clients of one agency only, and enforces its seat limit', async () => {
    await createAgency('ag-3', 'other', 1);
    expect((await createClient('ag-1', 'alpha')).canceled).toBe(false);
    expect((await createClient('ag-1', 'beta')).canceled).toBe(false);
    expect((await createClient('ag-3', 'gamma')).canceled).toBe(false);

    const overLimit = await createClient('ag-1', 'delta');
    expect(overLimit.canceled).toBe(true);
    expect(overLimit.data.map((result) => result.code)).toEqual(['None', 'None', 'ConditionalCheckFailed']);

    const { data: clients } = await service().entities.client.query.byId({ agency_id: 'ag-1' }).go();
    expect(clients.map((item) => item.id).sort()).toEqual(['alpha', 'beta']);
    const { data: active } = await service()
      .entities.client.query.byActive({ agency_id: 'ag-1', is_active: true })
      .go({ order: 'desc' });
    expect(active).toHaveLength(2);
    expect((await service().entities.agency.get({ id: 'ag-1' }).go()).data?.active_client_count).toBe(2);
  });

  it('reads only pending, due items from the sparse due index', async () => {
    const at = (minutes: number) => `2026-03-01T09:${String(minutes).padStart(2, '0')}:00.000Z`;
    const { scheduledContent } = service().entities;
    const item = (id: string, minutes: number, status?: 'canceled') =>
      scheduledContent
        .create({
          id,
          agency_id: 'ag-1',
          client_id: 'alpha',
          scheduled_date: '2026-03-01',
          scheduled_at: at(minutes),
          topic: id,
          ...(status ? { status } : {}),
        })
        .go();
    await Promise.all([
      item('due-1', 5),
      item('due-2', 10),
      item('later', 50),
      item('canceled', 1, 'canceled'),
    ]);

    const due = () =>
      scheduledContent.query
        .due({ due_hour: hourBucket(at(0)), status: 'pending' })
        .lte({ scheduled_at: at(30) })
        .go()
        .then(({ data }) => data.map((found) => found.id));
    expect(await due()).toEqual(['due-1', 'due-2']);

    // The sweep claims an item: leaving `pending` removes it from the index.
    await scheduledContent
      .patch({ agency_id: 'ag-1', client_id: 'alpha', id: 'due-1' })
      .set({ status: 'processing', scheduled_at: at(5) })
      .where(({ status }, { eq }) => eq(status, 'pending'))
      .go();
    expect(await due()).toEqual(['due-2']);
  });
});
