import { describe, expect, it } from 'vitest';
import { sampleContent } from '../content/sample-content.ts';
import { contentWordCount, readTimeMinutes } from './content-metrics.ts';
import { lockedChanges } from './edit-content.ts';
import { pdfFilename } from './pdf-file.ts';

describe('content edits (offline)', () => {
  it('text changes are not locked changes', () => {
    const stored = sampleContent();
    const edited = sampleContent();
    edited.title = 'A new title';
    edited.summary = 'A new summary [1] with its citation kept [2, 3, 4, 5].';
    edited.sections[0]?.paragraphs.push('One more paragraph.');
    edited.conclusion.cta = 'Call us.';
    expect(lockedChanges(stored, edited)).toEqual([]);
  });

  it('names every research-backed part that changed', () => {
    const stored = sampleContent();
    const edited = sampleContent();
    const [first] = edited.statistics;
    if (first) first.value = '99%';
    edited.quotes = [];
    const section = edited.sections[1];
    if (section) section.statistic_ids = [];
    expect(lockedChanges(stored, edited).map((problem) => problem.field)).toEqual([
      'statistics',
      'quotes',
      'sections[1].statistic_ids',
    ]);
    edited.sections.pop();
    expect(lockedChanges(stored, edited).at(-1)?.field).toBe('sections');
  });

  it('counts the words a reader reads, not citation markers', () => {
    const content = sampleContent();
    const words = contentWordCount(content);
    content.summary = `${content.summary} [1] [2, 3]`;
    expect(contentWordCount(content)).toBe(words);
    content.summary = `${content.summary} three more words`;
    expect(contentWordCount(content)).toBe(words + 3);
    expect(readTimeMinutes(2500)).toBe(12);
    expect(readTimeMinutes(10)).toBe(1);
  });

  it('names the PDF after the slug (else the title) and the generation day', () => {
    const base = { title: 'AI: A Guide!', topic: 'AI', created_at: '2026-01-01T23:00:00.000Z' };
    expect(
      pdfFilename({
        ...base,
        slug: 'ai-implementation-guide',
        generation_completed_at: '2026-01-02T10:32:28Z',
      }),
    ).toBe('ai-implementation-guide-2026-01-02.pdf');
    expect(pdfFilename({ ...base, slug: undefined, generation_completed_at: undefined })).toBe(
      'ai-a-guide-2026-01-01.pdf',
    );
    expect(
      pdfFilename({
        ...base,
        title: '???',
        topic: '!!!',
        slug: undefined,
        generation_completed_at: undefined,
      }),
    ).toBe('document-2026-01-01.pdf');
  });
});
