import { describe, expect, it } from 'vitest';
import { GENERATION_STEPS } from '../generation/steps.ts';
import {
  documentStatusView,
  ESTIMATED_GENERATION_SECONDS,
  type StatusDocument,
  type StatusJob,
} from './status-view.ts';

const QUEUED = '2026-01-02T10:29:58.000Z';
const STARTED = '2026-01-02T10:30:00.000Z';

const document = (overrides: Partial<StatusDocument> = {}): StatusDocument => ({
  id: 'doc-1',
  status: 'generating',
  title: 'AI Implementation: A Strategic Guide',
  content_json: {},
  research_source_count: 0,
  generation_queued_at: QUEUED,
  generation_started_at: STARTED,
  created_at: QUEUED,
  ...overrides,
});

const job = (overrides: Partial<StatusJob> = {}): StatusJob => ({
  id: 'job-1',
  steps_completed: [],
  progress_percent: 0,
  step_timings: {},
  queued_at: QUEUED,
  started_at: STARTED,
  updated_at: STARTED,
  ...overrides,
});

describe('documentStatusView (offline, PRD §6.4)', () => {
  it('in progress: percent, current step, steps completed in order and remaining, extrapolated completion', () => {
    const view = documentStatusView(
      document(),
      job({
        current_step: 'web_research',
        current_step_label: 'Conducting Research',
        current_step_detail: 'Reading 47 of ~120 sources',
        // Recorded in completion order; shown in pipeline order.
        steps_completed: ['keyword_research', 'topic_analysis'],
        progress_percent: 25,
        updated_at: '2026-01-02T10:30:30.000Z',
      }),
    );
    expect(view).toMatchObject({
      document_id: 'doc-1',
      job_id: 'job-1',
      status: 'generating',
      started_at: STARTED,
      progress: {
        percent: 25,
        current_step: 'web_research',
        current_step_label: 'Conducting Research',
        current_step_detail: 'Reading 47 of ~120 sources',
        steps_completed: ['topic_analysis', 'keyword_research'],
        steps_remaining: GENERATION_STEPS.slice(3),
      },
    });
    // 25% took 30 s → 120 s in all.
    expect(view.estimated_completion_at).toBe('2026-01-02T10:32:00.000Z');
    expect(view.result).toBeUndefined();
    expect(view.error).toBeUndefined();
  });

  it('pending: nothing done, every step remaining, the PRD estimate from the queue time', () => {
    const view = documentStatusView(
      document({ status: 'pending', generation_started_at: undefined }),
      job({ started_at: undefined, updated_at: QUEUED }),
    );
    expect(view.progress).toMatchObject({ percent: 0, current_step: null, steps_completed: [] });
    expect(view.progress.steps_remaining).toEqual([...GENERATION_STEPS]);
    expect(view.estimated_completion_at).toBe(
      new Date(Date.parse(QUEUED) + ESTIMATED_GENERATION_SECONDS * 1000).toISOString(),
    );
  });

  it('ready: complete, 100%, and the result block', () => {
    const view = documentStatusView(
      document({
        status: 'ready',
        pdf_url: 'https://files.example/acme/doc-1.pdf',
        pdf_page_count: 8,
        research_source_count: 47,
        content_json: { metadata: { word_count: 2847 } },
        generation_completed_at: '2026-01-02T10:32:28.000Z',
        generation_duration_seconds: 148,
      }),
      job({ steps_completed: [...GENERATION_STEPS], progress_percent: 100, current_step: 'quality_review' }),
    );
    expect(view).toMatchObject({
      status: 'ready',
      progress: { percent: 100, current_step: 'complete', steps_remaining: [] },
      result: {
        title: 'AI Implementation: A Strategic Guide',
        pdf_url: 'https://files.example/acme/doc-1.pdf',
        page_count: 8,
        word_count: 2847,
        research_sources_count: 47,
      },
      completed_at: '2026-01-02T10:32:28.000Z',
      duration_seconds: 148,
    });
    expect(view.progress.steps_completed).toEqual([...GENERATION_STEPS]);
    expect(view.estimated_completion_at).toBeUndefined();
  });

  it('failed: the GEN code, step and message', () => {
    const view = documentStatusView(
      document({
        status: 'failed',
        generation_error_code: 'GEN_005',
        generation_error_message: 'AI service error',
        generation_error_step: 'content_writing',
        generation_completed_at: '2026-01-02T10:31:00.000Z',
      }),
      job({ current_step: 'content_writing', progress_percent: 55 }),
    );
    expect(view.error).toEqual({ code: 'GEN_005', message: 'AI service error', step: 'content_writing' });
    expect(view.progress.percent).toBe(55);
    expect(view.result).toBeUndefined();
  });

  it('a finished document whose job is gone still answers from the document', () => {
    const view = documentStatusView(
      document({ status: 'distributed', generation_duration_seconds: 90 }),
      null,
    );
    expect(view).toMatchObject({ job_id: null, progress: { percent: 100, current_step: 'complete' } });
    expect(view.progress.steps_completed).toEqual([...GENERATION_STEPS]);
    expect(view.duration_seconds).toBe(90);
  });
});
