/**
 * Charging a pipeline task's model usage: tokens and cost onto the document (`api_tokens_input`,
 * `api_tokens_output`, `api_cost_nano_usd`) and, when the platform's key paid, the cost onto the
 * agency's current usage period (`api_usage_nano_usd_current_period`) — all in one DynamoDB
 * transaction of unconditional atomic ADDs with a ledger item keyed by the task's charge key, so a
 * task that runs twice is charged once, and parallel tasks of one document never conflict.
 *
 * Rounding: the exact totals are in nano-dollars; `api_cost_cents` (document) and
 * `api_usage_cents_current_period` (period) are those totals rounded up, once, at the total.
 * After its transaction a charge raises each cents field to the rounded total it reads; the write
 * only ever raises (`cents < target`), so racing charges need no retry: the last read sees every
 * committed charge, and a stale, smaller target simply does not apply. Finalize sets the
 * document's cents from its final total, covering a task that died between the two writes.
 */
import type { KEY_SOURCES } from '../data/entities/usage-charges.ts';
import { startUsagePeriod } from '../data/invariants.ts';
import { service } from '../data/service.ts';
import { addSeconds, addYears, epochSeconds, nowIso } from '../data/time.ts';
import { isConditionalCheckFailure } from '../data/transactions.ts';
import { logger } from '../log.ts';
import { includedCreditsCents, sendUsageWarningOnce } from '../usage/credits.ts';
import { currentPeriod } from '../usage/usage-periods.ts';
import type { ModelUsage } from './model-gateway.ts';
import { nanoUsdToCents, usageCostNanoUsd, usageTokens } from './pricing.ts';

/** Who paid for a task's requests. */
export type KeySource = (typeof KEY_SOURCES)[number];

export interface StepCharge {
  agency_id: string;
  document_id: string;
  /** Unique per task of a run (`${job_id}:${step}[:${part}]`); a repeated key charges nothing. */
  charge_key: string;
  usage: readonly ModelUsage[];
  /**
   * `platform` (default): the platform's key paid, so the cost also counts against the agency's
   * period allowance. `agency`: the agency's own key paid; the document records it, the period
   * allowance is untouched.
   */
  key_source?: KeySource;
}

export interface ChargeResult {
  /** False when this charge key had been charged before (nothing was added). */
  charged: boolean;
  /** The document's cost in cents after this charge (its exact total rounded up). */
  document_cents: number;
  /** Exact cost of this usage in nano-dollars. */
  cost_nano_usd: number;
}

/**
 * Attempts when the transaction is cancelled without a business reason: a period rollover between
 * reading the agency and charging it, or DynamoDB refusing a transaction while another one is
 * writing the same item (`TransactionConflict`; the ADDs make this rare and short, not a loop).
 */
const MAX_ROUNDS = 10;
/** Ledger items live as long as their document can: 3 years, plus the 30 days before hard delete, plus margin. */
const LEDGER_RETENTION = { years: 3, extraSeconds: 60 * 86_400 };

const pause = () => new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));

/** The agency item, with its usage period rolled over first if it has ended (the reset sweep may be late). */
async function agencyInCurrentPeriod(agencyId: string) {
  const agencies = service().entities.agency;
  const read = async () => (await agencies.get({ id: agencyId }).go({ consistent: true })).data;
  const agency = await read();
  const now = nowIso();
  if (!agency?.api_usage_period_end || agency.api_usage_period_end > now) return agency;
  try {
    await startUsagePeriod(
      agency.id,
      agency.api_usage_period_end,
      currentPeriod(agency.api_usage_period_end, now),
    ).go();
  } catch (error) {
    if (!isConditionalCheckFailure(error)) throw error;
  }
  return read();
}

/**
 * Raises the document's `api_cost_cents` to its exact total rounded up; returns that total in
 * cents. Never lowers it, so a racing charge's staler read changes nothing.
 */
async function settleDocumentCents(agencyId: string, documentId: string): Promise<number> {
  const documents = service().entities.document;
  const { data } = await documents.get({ agency_id: agencyId, id: documentId }).go({ consistent: true });
  const cents = nanoUsdToCents(data?.api_cost_nano_usd ?? 0);
  if (data && (data.api_cost_cents ?? 0) < cents) {
    await ignoreRaced(
      documents
        .patch({ agency_id: agencyId, id: documentId })
        .set({ api_cost_cents: cents })
        .where(
          ({ api_cost_cents }, { lt, notExists }) =>
            `${notExists(api_cost_cents)} OR ${lt(api_cost_cents, cents)}`,
        )
        .go(),
    );
  }
  return Math.max(cents, data?.api_cost_cents ?? 0);
}

/**
 * Raises the period's `api_usage_cents_current_period` to its exact total rounded up, within the
 * period that started at `periodStart` only (a reset in between leaves the new period alone).
 */
async function settlePeriodCents(agencyId: string, periodStart: string | undefined): Promise<void> {
  const agencies = service().entities.agency;
  const { data } = await agencies.get({ id: agencyId }).go({ consistent: true });
  const cents = nanoUsdToCents(data?.api_usage_nano_usd_current_period ?? 0);
  if (!data || data.api_usage_period_start !== periodStart || data.api_usage_cents_current_period >= cents)
    return;
  await ignoreRaced(
    agencies
      .patch({ id: agencyId })
      .set({ api_usage_cents_current_period: cents })
      .where(
        ({ api_usage_cents_current_period, api_usage_period_start }, { eq, lt, notExists }) =>
          `${lt(api_usage_cents_current_period, cents)} AND ${
            periodStart === undefined
              ? notExists(api_usage_period_start)
              : eq(api_usage_period_start, periodStart)
          }`,
      )
      .go(),
  );
}

/** A raise that lost its condition: another charge raised further, or the period was reset. */
async function ignoreRaced(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!isConditionalCheckFailure(error)) throw error;
  }
}

/** Sends the 80% warning if due; never fails the charge (a later charge tries again). */
async function warnIfDue(agencyId: string): Promise<void> {
  try {
    const entities = service().entities;
    const agency = (await entities.agency.get({ id: agencyId }).go({ consistent: true })).data;
    const plan = agency && (await entities.plan.get({ id: agency.plan_id }).go()).data;
    if (agency && plan && includedCreditsCents(plan) !== null) await sendUsageWarningOnce(agency, plan);
  } catch (error) {
    logger.error('usage warning check failed', {
      agencyId,
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * Charges `charge.usage` once per `charge_key` (see the module comment). Throws when the document
 * or agency does not exist.
 */
export async function chargeStepUsage(charge: StepCharge): Promise<ChargeResult> {
  const keySource = charge.key_source ?? 'platform';
  const cost = charge.usage.reduce((sum, each) => sum + usageCostNanoUsd(each), 0);
  const tokens = usageTokens(charge.usage);
  const searches = charge.usage.reduce((sum, each) => sum + each.web_search_requests, 0);
  const models = [...new Set(charge.usage.map((each) => each.model))];

  for (let round = 1; round <= MAX_ROUNDS; round += 1) {
    const agency = keySource === 'platform' ? await agencyInCurrentPeriod(charge.agency_id) : undefined;
    if (agency === null)
      throw new Error(`Cannot charge ${charge.charge_key}: agency ${charge.agency_id} not found`);
    const now = nowIso();
    const outcome = await service()
      .transaction.write(({ usageCharge, document: documents, agency: agencies }) => [
        usageCharge
          .create({
            agency_id: charge.agency_id,
            document_id: charge.document_id,
            charge_key: charge.charge_key,
            key_source: keySource,
            models,
            tokens_input: tokens.input,
            tokens_output: tokens.output,
            web_search_requests: searches,
            cost_nano_usd: cost,
            created_at: now,
            ttl: epochSeconds(
              addSeconds(addYears(now, LEDGER_RETENTION.years), LEDGER_RETENTION.extraSeconds),
            ),
          })
          .commit(),
        // No condition beyond the document's existence: concurrent ADDs of one item all apply.
        documents
          .patch({ agency_id: charge.agency_id, id: charge.document_id })
          .add({ api_tokens_input: tokens.input, api_tokens_output: tokens.output, api_cost_nano_usd: cost })
          .commit(),
        ...(agency
          ? [
              agencies
                .patch({ id: agency.id })
                .add({ api_usage_nano_usd_current_period: cost })
                .where(({ api_usage_period_start }, { eq, notExists }) =>
                  agency.api_usage_period_start === undefined
                    ? notExists(api_usage_period_start)
                    : eq(api_usage_period_start, agency.api_usage_period_start),
                )
                .commit(),
            ]
          : []),
      ])
      .go();
    const [ledger, document] = outcome.canceled ? outcome.data : [];
    if (document?.code === 'ConditionalCheckFailed')
      throw new Error(`Cannot charge ${charge.charge_key}: document ${charge.document_id} not found`);
    if (!outcome.canceled || ledger?.code === 'ConditionalCheckFailed') {
      // Also when already charged: a repeated task finishes the raise a crash may have cut short.
      const [documentCents] = await Promise.all([
        settleDocumentCents(charge.agency_id, charge.document_id),
        agency && settlePeriodCents(agency.id, agency.api_usage_period_start),
      ]);
      if (agency) await warnIfDue(agency.id);
      return { charged: !outcome.canceled, document_cents: documentCents, cost_nano_usd: cost };
    }
    // The period rolled over, or another transaction held an item: read the agency again.
    if (outcome.data.some((reason) => reason?.code === 'TransactionConflict')) await pause();
  }
  throw new Error(
    `Cannot charge ${charge.charge_key}: the usage period of ${charge.agency_id} kept changing`,
  );
}
