/**
 * Figures derived from a document's content (PRD §4.2.7 `metadata.word_count`,
 * `estimated_read_time_minutes`): the words a reader reads in the running text, without the
 * inline citation markers.
 */
import { type DocumentContent, splitCitations } from '../content/document-content.ts';

/** Words per minute behind the read-time estimate (PRD example: 2,500 words ≈ 12 minutes). */
const WORDS_PER_MINUTE = 210;

/** The reading text of `content`, in reading order. */
function readingText(content: DocumentContent): string[] {
  const texts = [content.title, content.subtitle ?? '', content.summary];
  for (const section of content.sections) {
    texts.push(section.label ?? '', section.title, section.lead, ...section.paragraphs);
    for (const subheading of section.subheadings) texts.push(subheading.title, subheading.content);
    if (section.callout) texts.push(section.callout.title ?? '', section.callout.content);
  }
  const { conclusion } = content;
  texts.push(
    conclusion.title,
    conclusion.lead,
    conclusion.content,
    ...conclusion.key_takeaways,
    conclusion.cta,
  );
  return texts;
}

/** Words of running text (citation markers `[1]` are not words). */
export function contentWordCount(content: DocumentContent): number {
  let words = 0;
  for (const text of readingText(content)) {
    for (const segment of splitCitations(text)) {
      if (segment.kind === 'text')
        words += segment.text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
    }
  }
  return words;
}

/** Minutes a reader needs, at least one. */
export function readTimeMinutes(words: number): number {
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}
