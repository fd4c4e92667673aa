/**
 * The end of a failed run (the state machine's `Catch` path): the failure is recorded on the
 * document and the job (`recordGenerationFailure`), then the agency's webhook and the run's
 * watchers are told. Notifications never fail the recording: it has already happened.
 */
import { logger } from '../log.ts';
import { notifyGenerationWebhook } from '../webhooks/generation-webhook.ts';
import { type CaughtError, type GenerationRef, recordGenerationFailure } from './job-lifecycle.ts';
import { publishFailure } from './progress.ts';

/** Records the failure of `ref`'s run and notifies. */
export async function failGeneration(ref: GenerationRef, error: CaughtError): Promise<void> {
  await recordGenerationFailure(ref, error);
  try {
    await notifyGenerationWebhook(ref.agency_id, ref.document_id, 'document.failed');
  } catch (failure) {
    logger.warn('generation webhook failed', { ...ref, error: failure as Error });
  }
  await publishFailure(ref);
}
