/**
 * Charging a pipeline task's model usage: tokens and cost onto the document (`api_tokens_input`,
 * `api_tokens_output`, `api_cost_cents`) and, when the platform's key paid, cents onto the
 * agency's current usage period — all in one DynamoDB transaction with a ledger item keyed by the
 * task's charge key, so a task that runs twice is charged once.
 *
 * Rounding: the document keeps its exact cost in nano-dollars (`api_cost_nano_usd`) and
 * `api_cost_cents` is that total rounded up; a charge adds the cents by which it moves the
 * rounded total, and so does the agency. Parallel tasks of one document (the sections) therefore
 * compare-and-set the exact total: a task that loses the race reads again and retries.
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
  /** Cents added to the document total (and to the period, for `platform`). */
  cents_added: number;
  /** Exact cost of this usage in nano-dollars. */
  cost_nano_usd: number;
}

/** Rounds of compare-and-set before giving up (each lost round means another charge landed). */
const MAX_ROUNDS = 30;
/** Ledger items live as long as their document can: 3 years, plus the 30 days before hard delete, plus margin. */
const LEDGER_RETENTION = { years: 3, extraSeconds: 60 * 86_400 };

const pause = () => new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 45));

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
  const entities = service().entities;

  for (let round = 1; round <= MAX_ROUNDS; round += 1) {
    const [{ data: document }, agency] = await Promise.all([
      entities.document.get({ agency_id: charge.agency_id, id: charge.document_id }).go({ consistent: true }),
      keySource === 'platform' ? agencyInCurrentPeriod(charge.agency_id) : Promise.resolve(undefined),
    ]);
    if (!document)
      throw new Error(`Cannot charge ${charge.charge_key}: document ${charge.document_id} not found`);
    if (agency === null)
      throw new Error(`Cannot charge ${charge.charge_key}: agency ${charge.agency_id} not found`);
    const previous = document.api_cost_nano_usd;
    const centsAdded = nanoUsdToCents((previous ?? 0) + cost) - nanoUsdToCents(previous ?? 0);
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
            cents_added: centsAdded,
            created_at: now,
            ttl: epochSeconds(
              addSeconds(addYears(now, LEDGER_RETENTION.years), LEDGER_RETENTION.extraSeconds),
            ),
          })
          .commit(),
        documents
          .patch({ agency_id: charge.agency_id, id: charge.document_id })
          .add({
            api_tokens_input: tokens.input,
            api_tokens_output: tokens.output,
            api_cost_nano_usd: cost,
            api_cost_cents: centsAdded,
          })
          .where(({ api_cost_nano_usd }, { eq, notExists }) =>
            previous === undefined ? notExists(api_cost_nano_usd) : eq(api_cost_nano_usd, previous),
          )
          .commit(),
        ...(agency && centsAdded > 0
          ? [
              agencies
                .patch({ id: agency.id })
                .add({ api_usage_cents_current_period: centsAdded })
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
    if (!outcome.canceled) {
      if (agency && centsAdded > 0) await warnIfDue(agency.id);
      return { charged: true, cents_added: centsAdded, cost_nano_usd: cost };
    }
    if (outcome.data[0]?.code === 'ConditionalCheckFailed')
      return { charged: false, cents_added: 0, cost_nano_usd: cost };
    // Another charge of this document, or a period reset, landed in between: read again.
    await pause();
  }
  throw new Error(
    `Cannot charge ${charge.charge_key}: too many concurrent charges of document ${charge.document_id}`,
  );
}
