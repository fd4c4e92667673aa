/**
 * Included API credits (PRD §1.4): agencies on an `included` plan spend the platform's Anthropic
 * key up to the plan's monthly allowance (`included_api_credits_cents`); a generation cannot
 * start once the period's credits are used up (BIZ_004), and the agency is warned once per period
 * when usage reaches 80%. BYOK agencies pay their provider and have no allowance.
 */
import type { AgencyItem } from '../data/entities/agencies.ts';
import type { PlanItem } from '../data/entities/plans.ts';
import { markUsageWarningSent } from '../data/invariants.ts';
import { service } from '../data/service.ts';
import { nowIso } from '../data/time.ts';
import { isConditionalCheckFailure } from '../data/transactions.ts';
import { sendEmail } from '../email/send-email.ts';
import { ApiError } from '../http/errors.ts';
import { logger } from '../log.ts';

/** Share of the allowance at which the warning goes out (PRD §1.4). */
export const USAGE_WARNING_RATIO = 0.8;

type AgencyUsage = Pick<AgencyItem, 'api_usage_cents_current_period' | 'api_usage_period_end'>;

/** The plan's monthly allowance in cents, or null when the agency brings its own key. */
export function includedCreditsCents(plan: Pick<PlanItem, 'api_key_mode' | 'included_api_credits_cents'>) {
  return plan.api_key_mode === 'included' ? plan.included_api_credits_cents : null;
}

/**
 * Cents used in the period containing `now`: the counter, or 0 when its period has ended and the
 * reset sweep has not rolled it over yet (the next charge does).
 */
export function usedCreditsCents(agency: AgencyUsage, now = nowIso()): number {
  const ended = agency.api_usage_period_end !== undefined && agency.api_usage_period_end <= now;
  return ended ? 0 : agency.api_usage_cents_current_period;
}

/** Throws 402 BIZ_004 when an `included` plan's credits for the period are used up. */
export function assertCreditsAvailable(
  agency: AgencyUsage,
  plan: Pick<PlanItem, 'api_key_mode' | 'included_api_credits_cents'>,
  now = nowIso(),
): void {
  const limit = includedCreditsCents(plan);
  if (limit === null) return;
  if (usedCreditsCents(agency, now) >= limit)
    throw new ApiError('BIZ_004', {
      message: `API credits for this billing period have been exceeded; they renew on ${agency.api_usage_period_end?.slice(0, 10) ?? 'the next period'}`,
    });
}

/** Where the warning goes: the agency's notification address, else its active admins. */
async function warningRecipients(agency: AgencyItem): Promise<string[]> {
  if (agency.notification_email) return [agency.notification_email];
  const { data: users } = await service()
    .entities.user.query.byId({ agency_id: agency.id })
    .go({ pages: 'all' });
  return users.filter((user) => user.role === 'agency_admin' && user.is_active).map((user) => user.email);
}

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

/**
 * Sends the 80% warning if `agency` (as read after its latest charge) has reached it and no
 * warning went out this period. The period's marker is set first by a conditional write, so
 * concurrent charges send one email; if sending fails the marker is taken back, so a later
 * charge tries again. Returns whether this call sent it.
 */
export async function sendUsageWarningOnce(agency: AgencyItem, plan: PlanItem): Promise<boolean> {
  const limit = includedCreditsCents(plan);
  const used = usedCreditsCents(agency);
  const periodStart = agency.api_usage_period_start;
  if (!limit || !periodStart || agency.api_usage_warning_sent_at || used < limit * USAGE_WARNING_RATIO)
    return false;
  let marked: string | undefined;
  try {
    const { data } = await markUsageWarningSent(agency.id, periodStart).go({ response: 'all_new' });
    marked = data.api_usage_warning_sent_at;
  } catch (error) {
    if (isConditionalCheckFailure(error)) return false;
    throw error;
  }
  try {
    const percent = Math.floor((used / limit) * 100);
    const renews = agency.api_usage_period_end?.slice(0, 10);
    for (const to of await warningRecipients(agency))
      await sendEmail({
        to,
        subject: `${agency.name}: ${percent}% of this period's API credits used`,
        paragraphs: [
          `${agency.name} has used ${dollars(used)} of its ${dollars(limit)} included API credits this billing period (${percent}%).`,
          `When the credits are used up, new documents cannot be generated until the credits renew${renews ? ` on ${renews}` : ''}.`,
          'You can follow usage under Settings → Billing.',
        ],
      });
    return true;
  } catch (error) {
    logger.error('usage warning email failed; it will be retried by a later charge', {
      agencyId: agency.id,
      reason: error instanceof Error ? error.message : String(error),
    });
    await service()
      .entities.agency.patch({ id: agency.id })
      .remove(['api_usage_warning_sent_at'])
      .where(({ api_usage_warning_sent_at }, { eq }) => eq(api_usage_warning_sent_at, marked ?? ''))
      .go()
      .catch((undo: unknown) =>
        logger.error('could not re-arm the usage warning; it will not be sent this period', {
          agencyId: agency.id,
          reason: undo instanceof Error ? undo.message : String(undo),
        }),
      );
    return false;
  }
}
