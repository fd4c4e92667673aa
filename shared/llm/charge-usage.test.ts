/**
 * Charging model usage against the real local cloud (DynamoDB transactions through the local
 * proxy, SES outbox): once per charge key, rounded up once at the document's and the period's
 * total, no lost update under parallel charges of one document, the agency's period only when the
 * platform's key paid, the 80% warning once per period, and never across tenants.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outboxTo } from '../../tests/support/api-client.ts';
import { startTestCloud, type TestCloud } from '../../tests/support/local-cloud.ts';
import { agencyBySlug } from '../../tests/support/seed-data.ts';
import type { AgencyItem } from '../data/entities/agencies.ts';
import { service } from '../data/service.ts';
import { addMonths, nowIso } from '../data/time.ts';
import { chargeStepUsage } from './charge-usage.ts';
import type { ModelUsage } from './model-gateway.ts';
import { NANO_USD_PER_CENT } from './pricing.ts';

let cloud: TestCloud;
let demo: AgencyItem;
let acme: AgencyItem;

beforeAll(async () => {
  cloud = await startTestCloud();
  demo = await agencyBySlug('demo');
  acme = await agencyBySlug('acme');
});
afterAll(() => cloud.destroy());

/** Puts demo in a month-long period from `start` with `usedCents` used and no warning sent yet. */
async function demoPeriod(start: string, usedCents: number): Promise<void> {
  await service()
    .entities.agency.patch({ id: demo.id })
    .set({
      api_usage_cents_current_period: usedCents,
      api_usage_nano_usd_current_period: usedCents * NANO_USD_PER_CENT,
      api_usage_period_start: start,
      api_usage_period_end: addMonths(start, 1),
    })
    .remove(['api_usage_warning_sent_at'])
    .go();
}

/** Demo (Enterprise, $1,000 included) starts each test in a fresh period with nothing used. */
beforeEach(() => demoPeriod(nowIso(), 0));

async function newDocument(agencyId: string): Promise<string> {
  const { data } = await service()
    .entities.document.create({
      agency_id: agencyId,
      client_id: randomUUID(),
      title: 'AI in clinics',
      topic: 'AI in clinics',
    })
    .go();
  return data.id;
}

const readDocument = async (agencyId: string, id: string) =>
  (await service().entities.document.get({ agency_id: agencyId, id }).go({ consistent: true })).data;
const readAgency = async (id: string) =>
  (await service().entities.agency.get({ id }).go({ consistent: true })).data as AgencyItem;

const usage = (overrides: Partial<ModelUsage> = {}): ModelUsage => ({
  model: 'claude-sonnet-5-5',
  input_tokens: 10_000,
  output_tokens: 2_000,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  web_search_requests: 0,
  ...overrides,
});

describe('chargeStepUsage (connected)', () => {
  it('adds tokens and cost to the document and the period once per charge key', async () => {
    const documentId = await newDocument(demo.id);
    // Sonnet 5.5: 10k in = 2¢, 2k out = 2¢, 3 searches = 3¢ → 7¢.
    const charge = {
      agency_id: demo.id,
      document_id: documentId,
      charge_key: 'job-1:topic_analysis',
      usage: [usage({ web_search_requests: 3 })],
    };
    expect(await chargeStepUsage(charge)).toMatchObject({ charged: true, document_cents: 7 });
    expect(await chargeStepUsage(charge)).toMatchObject({ charged: false, document_cents: 7 });

    const document = await readDocument(demo.id, documentId);
    expect(document).toMatchObject({ api_tokens_input: 10_000, api_tokens_output: 2_000, api_cost_cents: 7 });
    expect((await readAgency(demo.id)).api_usage_cents_current_period).toBe(7);
    const { data: ledger } = await service()
      .entities.usageCharge.query.byDocument({ agency_id: demo.id, document_id: documentId })
      .go();
    expect(ledger).toEqual([
      expect.objectContaining({
        charge_key: 'job-1:topic_analysis',
        key_source: 'platform',
        cost_nano_usd: 7 * NANO_USD_PER_CENT,
      }),
    ]);
  });

  it('rounds a fraction of a cent up at the document total, and the period follows the document', async () => {
    const documentId = await newDocument(demo.id);
    // Each: 1,000 Haiku input tokens = $0.0001.
    const tiny = [usage({ model: 'claude-haiku-5-5', input_tokens: 1_000, output_tokens: 0 })];
    const results = [];
    for (const part of [1, 2, 3])
      results.push(
        await chargeStepUsage({
          agency_id: demo.id,
          document_id: documentId,
          charge_key: `job-2:w:${part}`,
          usage: tiny,
        }),
      );
    expect(results.map((result) => result.document_cents)).toEqual([1, 1, 1]);
    expect((await readDocument(demo.id, documentId))?.api_cost_cents).toBe(1);
    expect(await readAgency(demo.id)).toMatchObject({
      api_usage_cents_current_period: 1,
      api_usage_nano_usd_current_period: 3 * 100_000,
    });
  });

  it('loses no update when the tasks of one document charge in parallel', async () => {
    const documentId = await newDocument(demo.id);
    // Opus 5.5: 1,234 in + 567 out = $0.016276 per section.
    const section = [usage({ model: 'claude-opus-5-5', input_tokens: 1_234, output_tokens: 567 })];
    // Eight sections written in parallel, each charging its own task.
    const chargeSections = () =>
      Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          chargeStepUsage({
            agency_id: demo.id,
            document_id: documentId,
            charge_key: `job-3:content_writing:${index}`,
            usage: section,
          }),
        ),
      );
    const results = await chargeSections();
    expect(results.every((result) => result.charged)).toBe(true);
    const exact = 8 * (1_234 * 4_000 + 567 * 20_000);
    const document = await readDocument(demo.id, documentId);
    expect(document).toMatchObject({
      api_tokens_input: 8 * 1_234,
      api_tokens_output: 8 * 567,
      api_cost_nano_usd: exact,
      api_cost_cents: 14, // $0.130208 rounded up
    });
    // The charge that landed last saw every other one: its total is the document's.
    expect(Math.max(...results.map((result) => result.document_cents))).toBe(14);
    expect(await readAgency(demo.id)).toMatchObject({
      api_usage_cents_current_period: 14,
      api_usage_nano_usd_current_period: exact,
    });
    const { data: ledger } = await service()
      .entities.usageCharge.query.byDocument({ agency_id: demo.id, document_id: documentId })
      .go();
    expect(ledger).toHaveLength(8);

    // The same eight tasks run again (a retried Map): nothing more is charged.
    const again = await chargeSections();
    expect(again.every((result) => !result.charged)).toBe(true);
    expect((await readDocument(demo.id, documentId))?.api_cost_nano_usd).toBe(exact);
    expect((await readAgency(demo.id)).api_usage_nano_usd_current_period).toBe(exact);
  });

  it("leaves the period's allowance alone when the agency's own key paid", async () => {
    const documentId = await newDocument(acme.id);
    const before = (await readAgency(acme.id)).api_usage_cents_current_period;
    const result = await chargeStepUsage({
      agency_id: acme.id,
      document_id: documentId,
      charge_key: 'job-4:outline_creation',
      usage: [usage()],
      key_source: 'agency',
    });
    expect(result).toMatchObject({ charged: true, document_cents: 4 });
    expect((await readDocument(acme.id, documentId))?.api_cost_cents).toBe(4);
    expect((await readAgency(acme.id)).api_usage_cents_current_period).toBe(before);
  });

  it('rolls an ended period over before charging it', async () => {
    const documentId = await newDocument(demo.id);
    await demoPeriod('2025-01-01T00:00:00.000Z', 5_000);
    await chargeStepUsage({
      agency_id: demo.id,
      document_id: documentId,
      charge_key: 'job-5:t',
      usage: [usage()],
    });
    const agency = await readAgency(demo.id);
    expect(agency.api_usage_cents_current_period).toBe(4);
    const now = nowIso();
    expect((agency.api_usage_period_start ?? '') <= now && now < (agency.api_usage_period_end ?? '')).toBe(
      true,
    );
  });

  it('sends the 80% warning once per period', async () => {
    const documentId = await newDocument(demo.id);
    await service()
      .entities.agency.patch({ id: demo.id })
      .set({
        api_usage_cents_current_period: 79_998,
        api_usage_nano_usd_current_period: 79_998 * NANO_USD_PER_CENT,
      })
      .go();
    const warnings = async () =>
      (await outboxTo(cloud, 'owner@demo.example.com')).filter((mail) =>
        mail.subject.includes('API credits'),
      );
    const before = (await warnings()).length;

    await chargeStepUsage({
      agency_id: demo.id,
      document_id: documentId,
      charge_key: 'job-6:a',
      usage: [usage()],
    });
    // Further charges, in parallel, past the threshold: no second warning this period.
    await Promise.all(
      ['b', 'c', 'd'].map((part) =>
        chargeStepUsage({
          agency_id: demo.id,
          document_id: documentId,
          charge_key: `job-6:${part}`,
          usage: [usage()],
        }),
      ),
    );

    const sent = await warnings();
    expect(sent).toHaveLength(before + 1);
    expect(sent.at(-1)?.subject).toBe("Demo Agency: 80% of this period's API credits used");
    expect(sent.at(-1)?.text).toContain('$800.02 of its $1000.00');
    expect(await readAgency(demo.id)).toMatchObject({
      api_usage_cents_current_period: 80_014,
      api_usage_warning_sent_at: expect.any(String),
    });
  });

  it("refuses to charge another agency's document and changes nothing", async () => {
    const documentId = await newDocument(acme.id);
    await expect(
      chargeStepUsage({
        agency_id: demo.id,
        document_id: documentId,
        charge_key: 'job-7:x',
        usage: [usage()],
      }),
    ).rejects.toThrow(/not found/);
    expect((await readAgency(demo.id)).api_usage_cents_current_period).toBe(0);
    expect((await readDocument(acme.id, documentId))?.api_cost_cents).toBe(0);
  });
});
