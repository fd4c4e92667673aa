/**
 * The live-progress protocol of the WebSocket API (PRD §14; DECISIONS.md: one stage URL, the job
 * and the access token in the query). Every frame is one JSON object.
 *
 * Connecting
 *   Open `websocket_url` from the generate answer (PRD §6.4) with the access token added:
 *   `wss://…/stage?job_id=<job id>&token=<access token>`. `$connect` checks the token and that the
 *   caller may watch the job (its agency's staff; a client user only for its own client's
 *   documents). A refused handshake fails with HTTP 400 (parameters missing), 401 (token bad or
 *   expired) or 404 (no such job for this caller, including another tenant's job).
 *
 * Client → server
 *   `{"action":"subscribe"}`  send right after `open` (and after every reconnect): the answer is
 *                             the job's current state, one `progress`, `complete` or `error`
 *                             message. (API Gateway cannot post to a connection while `$connect`
 *                             runs, so the first state is asked for rather than sent unprompted.)
 *   `{"action":"ping"}`       keep-alive (API Gateway closes connections idle for 10 minutes);
 *                             answered with `{"type":"pong"}`.
 *
 * Server → client
 *   `{"type":"progress","job_id","document_id","timestamp","data":{…}}`  while the job runs;
 *   `{"type":"complete","job_id","document_id","timestamp","data":{…}}`  the document is ready;
 *   `{"type":"error","job_id","document_id","timestamp","data":{…},"error":{"code","step","message"}}`
 *                                                    the run failed (`code` is a GEN_00x code);
 *   `{"type":"pong"}`                                answer to a ping;
 *   `{"type":"rejected","message"}`                  a client frame that is not part of this
 *                                                    protocol, or a subscribe on a connection whose
 *                                                    subscription is gone (reconnect).
 *   `data` is exactly the `data` of `GET /api/v1/documents/{id}/status` (`documentStatusView`),
 *   so a page can apply a push and a poll with the same code. `timestamp` is when that state was
 *   written. Pushes run in parallel with the subscribe answer, so frames may cross: apply a frame
 *   only when its `timestamp` is not older than the last one applied. `complete` and `error` are
 *   final.
 */
import type { DocumentItem } from '../data/entities/documents.ts';
import type { GenerationJobItem } from '../data/entities/generation-jobs.ts';
import { type DocumentStatusView, documentStatusView } from '../documents/status-view.ts';

interface JobMessageBase {
  job_id: string;
  document_id: string;
  /** ISO time of the newest write the state reflects (document or job). */
  timestamp: string;
  data: DocumentStatusView;
}

/** The job is running (or queued). */
export interface JobProgressMessage extends JobMessageBase {
  type: 'progress';
}

/** The document is ready. */
export interface JobCompleteMessage extends JobMessageBase {
  type: 'complete';
}

/** The run failed. */
export interface JobErrorMessage extends JobMessageBase {
  type: 'error';
  error: { code: string; step: string | null; message: string };
}

/** A state message about one job. */
export type JobMessage = JobProgressMessage | JobCompleteMessage | JobErrorMessage;

/** Answer to `{"action":"ping"}`. */
export interface PongMessage {
  type: 'pong';
}

/** Answer to a frame the server cannot act on. */
export interface RejectedMessage {
  type: 'rejected';
  message: string;
}

/** Every frame the server sends. */
export type ServerMessage = JobMessage | PongMessage | RejectedMessage;

/** What a client may send. */
export const CLIENT_ACTIONS = { subscribe: 'subscribe', ping: 'ping' } as const;

/** The message describing `job` of `document` as it stands: its type follows the document's status. */
export function jobStateMessage(document: DocumentItem, job: GenerationJobItem): JobMessage {
  const data = documentStatusView(document, job);
  const base = {
    job_id: job.id,
    document_id: document.id,
    timestamp: (document.updated_at > job.updated_at ? document : job).updated_at,
    data,
  };
  if (data.status === 'ready' || data.status === 'distributed') return { type: 'complete', ...base };
  if (data.status === 'failed' || job.error_occurred) {
    const error = data.error ?? {
      code: job.error_code ?? 'GEN_001',
      step: job.error_step ?? null,
      message: job.error_message ?? 'Content generation failed',
    };
    return { type: 'error', ...base, error: { code: error.code, step: error.step, message: error.message } };
  }
  return { type: 'progress', ...base };
}
