/**
 * Pieces every step's prompt shares: who the model is writing as, and the brief (topic, client,
 * audience, tone, direction) in one consistent block.
 */
import type { RunBrief } from '../run-context.ts';

/** The role the analysis and writing steps give the model. */
export const ANALYST_SYSTEM =
  'You are a senior research analyst and editor at a management consultancy. You produce ' +
  'evidence-based thought-leadership reports that marketing agencies publish for their clients. ' +
  'You never invent facts, figures, organisations or quotes: every claim rests on the research you ' +
  'are given. You answer with JSON that matches the requested schema exactly.';

const TONES: Record<RunBrief['tone'], string> = {
  professional: 'professional: clear, measured and precise, for executives',
  casual: 'conversational: plain words and short sentences, still credible',
  authoritative: 'authoritative: confident, direct, expert judgement backed by evidence',
};

/** The brief as prompt lines (empty fields left out). */
export function briefBlock(brief: RunBrief): string {
  const lines = [
    `Topic: ${brief.topic}`,
    `Written for the clients of: ${brief.client_name}${brief.industry ? ` (${brief.industry})` : ''}`,
    `Tone: ${TONES[brief.tone]}`,
    brief.keywords.length ? `Keywords to cover: ${brief.keywords.join(', ')}` : '',
    brief.services.length
      ? `Services the publisher offers (mention only where genuinely relevant): ${brief.services.join(', ')}`
      : '',
    brief.company_description ? `About the publisher: ${brief.company_description}` : '',
    brief.custom_direction ? `Direction: ${brief.custom_direction}` : '',
    brief.additional_context ? `Additional context: ${brief.additional_context}` : '',
  ];
  return lines.filter(Boolean).join('\n');
}

/** A list as numbered prompt lines, or a dash when empty. */
export function bulletList(items: readonly string[]): string {
  return items.length ? items.map((item) => `- ${item}`).join('\n') : '-';
}
