/** Live progress of one generation: steps, bar, detail and activity log from `watchGeneration`. */
import {
  GENERATION_STEP_DEFINITIONS,
  type GenerationStepId,
  isGenerationStep,
} from '../../../shared/generation/steps.ts';
import { describeProblem } from '../lib/api.ts';
import {
  documentHref,
  documentStatusBadge,
  generateHref,
  showGenerationFailure,
  stepLabel,
} from '../lib/documents.ts';
import { find, fromTemplate, h } from '../lib/dom.ts';
import { type DocumentDetail, getDocument } from '../lib/endpoints/documents.ts';
import { formatClock, formatDuration, formatNumber } from '../lib/format.ts';
import { showAlert } from '../lib/forms.ts';
import {
  type ConnectionState,
  type GenerationState,
  isFinished,
  watchGeneration,
} from '../lib/generation-watch.ts';
import { pageUser } from './app-shell.ts';

const view = find('[data-progress-view]');
const loadAlert = find('[data-load-alert]');
const stepsList = find('[data-steps]');
const activity = find('[data-activity]');
const bar = find('[data-progress-bar]');
const connection = find('[data-connection]');
const documentId = new URLSearchParams(window.location.search).get('document') ?? '';

type StepState = 'done' | 'current' | 'failed' | 'pending';

let latest: GenerationState | null = null;

function stepState(state: GenerationState, step: GenerationStepId): StepState {
  if (state.progress.steps_completed.includes(step)) return 'done';
  if (state.status === 'failed') {
    const failedAt = state.error?.step ?? state.progress.current_step;
    return failedAt === step ? 'failed' : 'pending';
  }
  return state.progress.current_step === step ? 'current' : 'pending';
}

/** The step list: one row per PRD step, with a marker, its label and its time. */
function buildSteps(): void {
  stepsList.replaceChildren(
    ...GENERATION_STEP_DEFINITIONS.map((step, index) =>
      h(
        'li',
        { class: 'step', 'data-step': step.id, 'data-state': 'pending' },
        h('span', { class: 'step-marker', 'aria-hidden': 'true' }, String(index + 1)),
        h('span', { class: 'step-label' }, step.label, h('span', { class: 'visually-hidden' }, ', waiting')),
        h('span', { class: 'step-time', 'data-step-time': '' }),
      ),
    ),
  );
}

const STATE_WORDS: Record<StepState, string> = {
  done: ', done',
  current: ', in progress',
  failed: ', failed',
  pending: ', waiting',
};

function renderSteps(state: GenerationState): void {
  const timings = state.progress.step_timings ?? {};
  GENERATION_STEP_DEFINITIONS.forEach((step, index) => {
    const row = find(`[data-step="${step.id}"]`, stepsList);
    const status = stepState(state, step.id);
    row.dataset.state = status;
    if (status === 'current') row.setAttribute('aria-current', 'step');
    else row.removeAttribute('aria-current');
    find('.visually-hidden', row).textContent = STATE_WORDS[status];
    const marker = find('.step-marker', row);
    if (status === 'done' || status === 'failed') {
      marker.replaceChildren(fromTemplate(`step-${status}`));
    } else marker.textContent = status === 'current' ? '' : String(index + 1);
    const timing = timings[step.id];
    find('[data-step-time]', row).textContent =
      status === 'done' && timing?.duration_ms !== undefined ? formatDuration(timing.duration_ms) : '';
  });
  tick();
}

/** Running times: the current step's and the whole run's, updated every second. */
function tick(): void {
  const state = latest;
  if (!state) return;
  const now = Date.now();
  const current = state.progress.current_step;
  if (current && isGenerationStep(current) && stepState(state, current) === 'current') {
    const started = state.progress.step_timings?.[current]?.started_at;
    const cell = stepsList.querySelector(`[data-step="${current}"] [data-step-time]`);
    if (cell && started) cell.textContent = formatDuration(now - Date.parse(started));
  }
  const elapsed = find('[data-progress-elapsed]');
  if (!state.started_at) {
    elapsed.textContent = isFinished(state) ? '' : 'Queued, waiting to start…';
    return;
  }
  if (isFinished(state)) {
    elapsed.textContent =
      typeof state.duration_seconds === 'number'
        ? `Took ${formatDuration(state.duration_seconds * 1000)}`
        : '';
    return;
  }
  // Whole seconds: the run's clock, not a measurement.
  const seconds = Math.max(0, Math.floor((now - Date.parse(state.started_at)) / 1000));
  const parts = [`Elapsed ${seconds < 60 ? `${seconds} s` : formatDuration(seconds * 1000)}`];
  const eta = state.estimated_completion_at ? Date.parse(state.estimated_completion_at) - now : Number.NaN;
  if (eta > 0)
    parts.push(eta < 60_000 ? 'less than a minute left' : `about ${Math.round(eta / 60_000)} min left`);
  elapsed.textContent = parts.join(' · ');
}

function log(text: string, at: string | null | undefined, tone?: 'ok' | 'down'): void {
  const time = at ? new Date(at) : new Date();
  activity.append(
    h(
      'li',
      { 'data-tone': tone },
      h('time', { datetime: time.toISOString() }, formatClock(time)),
      h('span', {}, text),
    ),
  );
  activity.scrollTop = activity.scrollHeight;
}

/** Log lines for what changed between two states (the whole history so far when `before` is null). */
function logChanges(before: GenerationState | null, after: GenerationState): void {
  const timings = after.progress.step_timings ?? {};
  const done = new Set(before?.progress.steps_completed ?? []);
  for (const step of GENERATION_STEP_DEFINITIONS) {
    if (!after.progress.steps_completed.includes(step.id) || done.has(step.id)) continue;
    const timing = timings[step.id];
    const took = timing?.duration_ms !== undefined ? ` in ${formatDuration(timing.duration_ms)}` : '';
    log(`${step.label}: done${took}.`, timing?.completed_at);
  }
  if (!before && !isFinished(after)) {
    log(after.started_at ? 'Following this generation live.' : 'Queued: waiting to start.', null);
  }
  const current = after.progress.current_step;
  if (!isFinished(after) && current && isGenerationStep(current)) {
    if (current !== before?.progress.current_step) {
      log(`${stepLabel(current)}: started.`, timings[current]?.started_at);
    }
    const detail = after.progress.current_step_detail;
    if (detail && detail !== before?.progress.current_step_detail) log(detail, null);
  }
  if (after.status === 'ready' || after.status === 'distributed') {
    log(`Document ready${resultFacts(after) ? `: ${resultFacts(after)}` : ''}.`, after.completed_at, 'ok');
  } else if (after.status === 'failed' && after.error) {
    log(
      `Failed at ${stepLabel(after.error.step)}: ${after.error.message} (${after.error.code}).`,
      after.completed_at,
      'down',
    );
  }
}

function resultFacts(state: GenerationState): string {
  const result = state.result;
  if (!result) return '';
  const plural = (count: number, noun: string) => `${formatNumber(count)} ${noun}${count === 1 ? '' : 's'}`;
  return [
    result.page_count ? plural(result.page_count, 'page') : null,
    result.word_count ? plural(result.word_count, 'word') : null,
    result.research_sources_count ? plural(result.research_sources_count, 'source') : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

function render(state: GenerationState, doc: DocumentDetail): void {
  const before = latest;
  latest = state;
  const percent = Math.max(0, Math.min(100, state.progress.percent));
  find('[data-progress-status]').replaceChildren(documentStatusBadge(state.status));
  find('[data-progress-percent]').textContent = `${percent}%`;
  bar.setAttribute('aria-valuenow', String(percent));
  find('span', bar).style.inlineSize = `${percent}%`;
  const failed = state.status === 'failed';
  const finished = isFinished(state);
  bar.dataset.state = failed ? 'failed' : finished ? 'done' : 'running';
  find('[data-progress-step]').textContent = failed
    ? `Stopped at ${stepLabel(state.error?.step ?? state.progress.current_step)}`
    : finished
      ? 'Complete'
      : (state.progress.current_step_label ?? (state.started_at ? 'Starting…' : 'Waiting to start…'));
  find('[data-progress-detail]').textContent = finished ? '' : (state.progress.current_step_detail ?? '');
  renderSteps(state);
  logChanges(before, state);

  if (finished && !failed) {
    const result = find('[data-progress-result]');
    find('[data-result-facts]', result).textContent = [
      state.result?.title ? `“${state.result.title}”` : null,
      resultFacts(state),
    ]
      .filter(Boolean)
      .join(' — ');
    const open = find<HTMLAnchorElement>('[data-result-open]', result);
    open.href = documentHref(state.document_id);
    find<HTMLAnchorElement>('[data-result-again]', result).href = generateHref(doc.client_id);
    result.hidden = false;
    if (!before || !isFinished(before)) open.focus();
  } else if (failed) {
    const box = find('[data-progress-error]');
    showGenerationFailure(box, state.error, doc);
    box.hidden = false;
  }
}

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  polling: 'Reconnecting; checking every few seconds',
  finished: '',
};

function showConnection(state: ConnectionState): void {
  connection.dataset.state = state;
  connection.hidden = state === 'finished';
  find('[data-connection-text]', connection).textContent = CONNECTION_TEXT[state];
}

await pageUser();
if (!documentId) {
  showAlert(loadAlert, {
    title: 'No document was given.',
    message: 'Open a generation from the documents list.',
  });
} else {
  const detail = await getDocument(documentId);
  if (!detail.ok) {
    showAlert(loadAlert, {
      title: detail.status === 404 ? 'This document does not exist.' : 'The generation could not be loaded.',
      message: detail.status === 404 ? 'It may have been deleted, or the link is wrong.' : detail.message,
      requestId: detail.requestId,
    });
  } else {
    const doc = detail.data;
    find('[data-progress-title]').textContent = doc.topic;
    document.title = document.title.replace(/^[^|–-]*/, `${doc.topic} `);
    find('[data-progress-sub]').textContent = [doc.client?.company_name, doc.template?.name]
      .filter(Boolean)
      .join(' · ');
    buildSteps();
    view.hidden = false;
    const ticker = setInterval(tick, 1000);
    watchGeneration(documentId, {
      onState: (state) => {
        render(state, doc);
        if (isFinished(state)) clearInterval(ticker);
      },
      onConnection: showConnection,
      onProblem: (problem, final) => {
        if (final) {
          clearInterval(ticker);
          showAlert(loadAlert, {
            title: 'The progress can no longer be followed.',
            message: describeProblem(problem),
            requestId: problem.requestId,
          });
          return;
        }
        connection.dataset.state = 'polling';
        find('[data-connection-text]', connection).textContent =
          `Can’t reach the server (${describeProblem(problem)}); trying again…`;
      },
    });
  }
}
