/**
 * Following a generation live (PRD §14, protocol in `shared/realtime/messages.ts`): the status
 * endpoint first (so a reload or a dropped connection always starts from the stored state), then
 * the WebSocket's pushes. While the socket is down the status is polled, and the socket is opened
 * again with growing pauses; once the document is ready or failed, everything stops.
 */
import type { JobMessage } from '../../../shared/realtime/messages.ts';
import { type ApiProblem, accessTokenForSocket } from './api.ts';
import { type DocumentStatusView, getGenerationStatus } from './endpoints/documents.ts';

/** The status answer: the view pushes carry, plus where to watch while the run goes on. */
export type GenerationState = DocumentStatusView & { websocket_url?: string };

export type ConnectionState = 'connecting' | 'live' | 'polling' | 'finished';

export interface WatchCallbacks {
  /** A newer state (never an older one, whichever way it arrived). */
  onState(state: GenerationState): void;
  onConnection(connection: ConnectionState): void;
  /** The status could not be read; `final` when watching has stopped because of it (404, 403). */
  onProblem(problem: ApiProblem, final: boolean): void;
}

/** Status polls while the socket is down, and a slow safety poll while it is up. */
const POLL_MS = 3_000;
const SAFETY_POLL_MS = 30_000;
/** API Gateway closes connections idle for 10 minutes. */
const PING_MS = 5 * 60_000;
const RECONNECT_FIRST_MS = 1_000;
const RECONNECT_MAX_MS = 30_000;

export const isFinished = (state: Pick<GenerationState, 'status'>) =>
  state.status === 'ready' || state.status === 'distributed' || state.status === 'failed';

/**
 * Whether `next` may replace `current`: pushes and polls can cross, so a state never goes back
 * (a finished run stays finished; a running one only moves forward).
 */
function supersedes(next: GenerationState, current: GenerationState | null): boolean {
  if (!current) return true;
  if (isFinished(current)) return false;
  if (isFinished(next)) return true;
  if (next.progress.percent !== current.progress.percent)
    return next.progress.percent > current.progress.percent;
  return next.progress.steps_completed.length >= current.progress.steps_completed.length;
}

function isJobMessage(value: unknown): value is JobMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return (
    (type === 'progress' || type === 'complete' || type === 'error') &&
    typeof (value as { data?: unknown }).data === 'object'
  );
}

/** Watches the generation of document `documentId` until it finishes or `stop()` is called. */
export function watchGeneration(documentId: string, callbacks: WatchCallbacks): { stop(): void } {
  let current: GenerationState | null = null;
  let websocketUrl: string | null = null;
  let socket: WebSocket | null = null;
  let lastPush = '';
  let attempts = 0;
  let stopped = false;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;

  function finish(): void {
    stopped = true;
    clearTimeout(pollTimer);
    clearTimeout(reconnectTimer);
    clearInterval(pingTimer);
    socket?.close(1000);
    socket = null;
    document.removeEventListener('visibilitychange', onVisible);
  }

  function apply(state: GenerationState): void {
    if (state.websocket_url) websocketUrl = state.websocket_url;
    if (!supersedes(state, current)) return;
    current = state;
    callbacks.onState(state);
    if (isFinished(state)) {
      finish();
      callbacks.onConnection('finished');
    }
  }

  async function poll(): Promise<void> {
    const result = await getGenerationStatus(documentId);
    if (stopped) return;
    if (result.ok) {
      apply(result.data);
      return;
    }
    // Gone or not ours: asking again will not help. Anything else (network, 5xx) is retried.
    const final = result.status === 404 || result.status === 403 || result.status === 401;
    callbacks.onProblem(result, final);
    if (final) finish();
  }

  /** Polls every `ms` until the socket is live again (or the run finishes). */
  function schedulePoll(ms: number): void {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(async () => {
      await poll();
      if (!stopped) schedulePoll(socket?.readyState === WebSocket.OPEN ? SAFETY_POLL_MS : POLL_MS);
    }, ms);
  }

  function scheduleReconnect(): void {
    if (stopped || !websocketUrl) return;
    callbacks.onConnection('polling');
    schedulePoll(0);
    const backoff = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** attempts);
    attempts += 1;
    // Jitter, so many tabs cut off together do not come back together.
    reconnectTimer = setTimeout(() => void connect(), backoff * (0.8 + Math.random() * 0.4));
  }

  async function connect(): Promise<void> {
    if (stopped || !websocketUrl) return;
    callbacks.onConnection('connecting');
    const token = await accessTokenForSocket();
    if (stopped) return;
    if (!token) {
      scheduleReconnect();
      return;
    }
    const url = new URL(websocketUrl, window.location.href);
    url.searchParams.set('token', token);
    const opened = new WebSocket(url);
    socket = opened;
    opened.addEventListener('open', () => {
      attempts = 0;
      // The first answer is the job's current state (pushes may cross it: see `supersedes`).
      opened.send(JSON.stringify({ action: 'subscribe' }));
      callbacks.onConnection('live');
      clearInterval(pingTimer);
      pingTimer = setInterval(() => opened.send(JSON.stringify({ action: 'ping' })), PING_MS);
      schedulePoll(SAFETY_POLL_MS);
    });
    opened.addEventListener('message', (event) => {
      let message: unknown;
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (isJobMessage(message)) {
        if (message.timestamp < lastPush) return;
        lastPush = message.timestamp;
        apply(message.data);
      } else if ((message as { type?: unknown } | null)?.type === 'rejected') {
        // The subscription is gone (expired): a new connection subscribes again.
        opened.close(4000);
      }
    });
    opened.addEventListener('close', () => {
      clearInterval(pingTimer);
      if (socket === opened) socket = null;
      scheduleReconnect();
    });
  }

  function onVisible(): void {
    // Timers are throttled in background tabs: catch up as soon as the page is looked at again.
    if (document.visibilityState === 'visible' && !stopped) void poll();
  }

  document.addEventListener('visibilitychange', onVisible);
  void (async () => {
    callbacks.onConnection('connecting');
    await poll();
    if (stopped) return;
    if (websocketUrl) void connect();
    else {
      callbacks.onConnection('polling');
      schedulePoll(POLL_MS);
    }
  })();

  return { stop: finish };
}
