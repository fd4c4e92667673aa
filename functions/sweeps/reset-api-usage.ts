import { logger } from '../../shared/log.ts';
import { rollOverEndedPeriods } from '../../shared/usage/usage-periods.ts';

/** EventBridge Scheduler target (daily): starts new usage periods for agencies whose period ended. */
export const handler = async (): Promise<{ rolledOver: number }> => {
  const rolledOver = await rollOverEndedPeriods();
  logger.info('usage periods rolled over', { rolledOver });
  return { rolledOver };
};
