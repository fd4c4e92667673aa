/** Offline checks of the conditional writes behind the database-enforced invariants. */
import { describe, expect, it } from 'vitest';
import {
  chargeCredits,
  claimSeat,
  claimUnique,
  markUsageWarningSent,
  releaseSeat,
  releaseUnique,
  startUsagePeriod,
} from './invariants.ts';
import { service } from './service.ts';

const AGENCY = 'ag-1';
const PERIOD = '2026-01-01T00:00:00.000Z';
const CREATE_CONDITION = 'attribute_not_exists(#pk) AND attribute_not_exists(#sk)';

type Action = Record<string, Record<string, unknown> | undefined>;

/** The TransactWriteItems actions a transaction would send. */
function actions(build: Parameters<ReturnType<typeof service>['transaction']['write']>[0]): Action[] {
  return service().transaction.write(build).params().TransactItems as Action[];
}

describe('invariants (offline)', () => {
  it('creates a client, its slug marker and a seat in one transaction', () => {
    const [clientPut, markerPut, seatUpdate] = actions((tx) => [
      tx.client
        .create({ id: 'cl-1', agency_id: AGENCY, company_name: 'Client Co', company_slug: 'client-co' })
        .commit(),
      claimUnique(tx, { namespace: 'client_slug', agency_id: AGENCY, value: 'client-co' }, 'cl-1'),
      claimSeat(tx, AGENCY),
    ]);
    expect(clientPut?.Put?.ConditionExpression).toBe(CREATE_CONDITION);
    expect(markerPut?.Put).toMatchObject({
      Item: {
        pk: '$cs#namespace_client_slug#value_ag-1/client-co',
        value: 'ag-1/client-co',
        owner_id: 'cl-1',
      },
      ConditionExpression: CREATE_CONDITION,
    });
    expect(seatUpdate?.Update?.UpdateExpression).toMatch(/ADD #active_client_count :active_client_count_u0/);
    expect(seatUpdate?.Update?.ConditionExpression).toContain('#active_client_count < #max_seats');
  });

  it('keeps global markers unscoped and case-insensitive', () => {
    const [marker] = actions((tx) => [claimUnique(tx, { namespace: 'agency_slug', value: 'Acme' }, AGENCY)]);
    expect(marker?.Put?.Item).toMatchObject({ pk: '$cs#namespace_agency_slug#value_acme', owner_id: AGENCY });
  });

  it('releases a marker only for its owner, and a seat never below zero', () => {
    const [release, seat] = actions((tx) => [
      releaseUnique(tx, { namespace: 'agency_slug', value: 'acme' }, AGENCY),
      releaseSeat(tx, AGENCY),
    ]);
    expect(release?.Delete).toMatchObject({
      ConditionExpression: '#owner_id = :owner_id0',
      ExpressionAttributeValues: { ':owner_id0': AGENCY },
    });
    expect(seat?.Update?.UpdateExpression).toContain('- :active_client_count_u0)');
    expect(seat?.Update?.ConditionExpression).toContain('#active_client_count > :active_client_count0');
  });

  it('charges credits and warns once, per period', () => {
    const charge = chargeCredits(AGENCY, 250, PERIOD).params();
    expect(charge.UpdateExpression).toMatch(/ADD #api_usage_cents_current_period/);
    expect(charge.ConditionExpression).toContain('#api_usage_period_start = :api_usage_period_start0');
    const warn = markUsageWarningSent(AGENCY, PERIOD).params();
    expect(warn.ConditionExpression).toContain('attribute_not_exists(#api_usage_warning_sent_at)');
    const reset = startUsagePeriod(AGENCY, '2026-02-01T00:00:00.000Z', {
      start: '2026-02-01T00:00:00.000Z',
      end: '2026-03-01T00:00:00.000Z',
    }).params();
    expect(reset.UpdateExpression).toMatch(/REMOVE #api_usage_warning_sent_at/);
    expect(reset.ConditionExpression).toContain('#api_usage_period_end = :api_usage_period_end0');
    expect(reset.ExpressionAttributeValues).toMatchObject({
      ':gsi3sk_u0': '$agency_1#api_usage_period_end_2026-03-01t00:00:00.000z',
    });
  });
});
