/**
 * How documents read on screen wherever they appear (lists, the detail page, generation
 * progress): status badges, addresses, and what to do about a failed generation.
 */
import type { DocumentItem } from '../../../shared/data/entities/documents.ts';
import { GENERATION_STEP_DEFINITIONS, isGenerationStep } from '../../../shared/generation/steps.ts';
import { find, h } from './dom.ts';

/** PRD §4.2.7 statuses (DECISIONS.md: no draft or expired). */
export type DocumentStatus = DocumentItem['status'];

/** Label and badge tone of every status, in lifecycle order. */
const STATUS: Record<DocumentStatus, [label: string, tone: 'ok' | 'warn' | 'down' | 'unknown']> = {
  pending: ['Queued', 'unknown'],
  generating: ['Generating', 'warn'],
  ready: ['Ready', 'ok'],
  distributed: ['Distributed', 'ok'],
  failed: ['Failed', 'down'],
};

/** `[status, label]` pairs for a status filter. */
export const DOCUMENT_STATUS_OPTIONS = Object.entries(STATUS).map(
  ([status, [label]]) => [status, label] as const,
);

export const documentStatusLabel = (status: DocumentStatus) => STATUS[status]?.[0] ?? status;

/** The status as a badge (`data-status` carries the API value for scripts and tests). */
export function documentStatusBadge(status: DocumentStatus): HTMLElement {
  const [label, tone] = STATUS[status] ?? [status, 'unknown'];
  return h('span', { class: 'badge', 'data-tone': tone, 'data-status': status }, label);
}

/** Still being written: its page is the live progress, not the document. */
export const isInProgress = (status: DocumentStatus) => status === 'pending' || status === 'generating';

export const documentHref = (id: string) => `/documents/view?id=${encodeURIComponent(id)}`;
export const progressHref = (documentId: string) =>
  `/generate/progress?document=${encodeURIComponent(documentId)}`;
/** The generate form for a client, optionally pre-filled from an earlier document (a retry). */
export function generateHref(clientId?: string, from?: string): string {
  const params = new URLSearchParams();
  if (clientId) params.set('client', clientId);
  if (from) params.set('from', from);
  const query = params.toString();
  return `/generate${query ? `?${query}` : ''}`;
}

const STEP_LABELS = new Map(GENERATION_STEP_DEFINITIONS.map((step) => [step.id, step.label]));

/** A pipeline step as users know it ("Conducting Research"), whatever the API reports. */
export function stepLabel(step: string | null | undefined): string {
  return (step && isGenerationStep(step) ? STEP_LABELS.get(step) : undefined) ?? step ?? 'an unknown step';
}

/** What a person can do about a failed generation, by PRD error code (§15). */
const GUIDANCE: Record<string, string> = {
  GEN_001: 'Something went wrong while writing. Try again; if it keeps failing, rephrase the topic.',
  GEN_002: 'Research took too long. Try a narrower, more specific topic.',
  GEN_003: 'The design could not be applied. Try again, or pick another template.',
  GEN_004: 'The PDF could not be produced. Try again in a few minutes.',
  GEN_005:
    'The AI service did not answer properly. Try again in a few minutes; if you use your own Anthropic key, check it in Settings → AI providers.',
  GEN_006: 'The AI service returned content that could not be used. Try again, perhaps with a clearer topic.',
  GEN_007: 'The cover image could not be prepared. Try again with another cover search term, or none.',
  BIZ_004: 'This period’s AI credits are used up. Wait for the next period or upgrade your plan.',
};

export function generationGuidance(code: string): string {
  return GUIDANCE[code] ?? 'Try again. If it keeps failing, contact support with the reference below.';
}

/** What the API reports of a failed generation. */
export interface GenerationFailure {
  code: string;
  message: string;
  step: string | null;
}

/**
 * Fills the alert of a failed generation (`data-failure-title`, `-message`, `-guidance`, `-code`):
 * where it stopped, why, what to do; its `data-failure-retry` link reopens the form with the same
 * input. A failure the API did not describe reads as GEN_001.
 */
export function showGenerationFailure(
  box: ParentNode,
  failure: GenerationFailure | null | undefined,
  doc: { id: string; client_id: string },
): void {
  const error = failure ?? { code: 'GEN_001', message: 'Content generation failed', step: null };
  find('[data-failure-title]', box).textContent = error.step
    ? `Generation failed at “${stepLabel(error.step)}”.`
    : 'Generation failed.';
  find('[data-failure-message]', box).textContent = error.message;
  find('[data-failure-guidance]', box).textContent = generationGuidance(error.code);
  find('[data-failure-code]', box).textContent = error.code;
  find<HTMLAnchorElement>('[data-failure-retry]', box).href = generateHref(doc.client_id, doc.id);
}
