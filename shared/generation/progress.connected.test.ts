/**
 * Progress writes against the local DynamoDB, through the production code: parallel writers
 * (Map iterations, retried steps) never lose a completed step or move the percent backwards.
 * No WebSocket here (no connection items, so nothing is pushed); pushes are tested in
 * `tests/api/generation-progress.test.ts`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DynamoForTests } from '../../infra/local/dynamodb/test-server.ts';
import { startConnectedDynamo } from '../../tests/support/connected-dynamo.ts';
import type { GenerationJobItem } from '../data/entities/generation-jobs.ts';
import { service } from '../data/service.ts';
import type { GenerationRef } from './job-lifecycle.ts';
import { completeStep, DETAIL_INTERVAL_MS, reportStepProgress, startStep } from './progress.ts';
import { GENERATION_STEPS, progressPercent } from './steps.ts';

let dynamo: DynamoForTests;

beforeAll(async () => {
  dynamo = await startConnectedDynamo();
});
afterAll(() => dynamo.close());
afterEach(() => {
  vi.useRealTimers();
});

/** A fresh document and job of agency `ag-1`. */
async function newRun(): Promise<GenerationRef> {
  const entities = service().entities;
  const ref = { agency_id: 'ag-1', document_id: randomUUID(), job_id: randomUUID() };
  await entities.document
    .create({ id: ref.document_id, agency_id: ref.agency_id, client_id: 'cl-1', title: 'T', topic: 'T' })
    .go();
  await entities.generationJob
    .create({ id: ref.job_id, agency_id: ref.agency_id, document_id: ref.document_id })
    .go();
  return ref;
}

async function jobOf(ref: GenerationRef): Promise<GenerationJobItem> {
  const { data } = await service()
    .entities.generationJob.get({ agency_id: ref.agency_id, id: ref.job_id })
    .go({ consistent: true });
  if (!data) throw new Error('job vanished');
  return data;
}

describe('generation progress (connected)', () => {
  it('records the current step, label, detail and percent as a step starts, reports and completes', async () => {
    const ref = await newRun();
    await startStep(ref, 'topic_analysis', 'Reading the brief');
    expect(await jobOf(ref)).toMatchObject({
      current_step: 'topic_analysis',
      current_step_label: 'Analyzing Topic',
      current_step_detail: 'Reading the brief',
      progress_percent: 0,
      steps_completed: [],
    });
    await completeStep(ref, 'topic_analysis', { concepts: 4 });
    await startStep(ref, 'keyword_research');
    await completeStep(ref, 'keyword_research');
    await startStep(ref, 'web_research');
    await reportStepProgress(ref, 'web_research', { detail: 'Reading 60 of ~120 sources', fraction: 0.5 });

    const job = await jobOf(ref);
    expect(job).toMatchObject({
      current_step: 'web_research',
      current_step_label: 'Conducting Research',
      current_step_detail: 'Reading 60 of ~120 sources',
      progress_percent: progressPercent('web_research', 0.5),
      steps_completed: ['topic_analysis', 'keyword_research'],
    });
    const timing = job.step_timings.topic_analysis;
    expect(timing?.metadata).toEqual({ concepts: 4 });
    expect(timing?.duration_ms).toBe(
      Date.parse(timing?.completed_at ?? '') - Date.parse(timing?.started_at ?? ''),
    );
    expect(job.step_timings.web_research?.started_at).toBeDefined();
    expect(job.step_timings.web_research?.completed_at).toBeUndefined();
  });

  it('loses no completed step when every step completes in parallel, twice', async () => {
    const ref = await newRun();
    await Promise.all(
      [...GENERATION_STEPS, ...GENERATION_STEPS].map(async (step, index) => {
        await startStep(ref, step);
        await reportStepProgress(ref, step, { detail: `part ${index}`, fraction: 0.5 });
        await completeStep(ref, step, { run: index });
      }),
    );
    const job = await jobOf(ref);
    expect([...job.steps_completed].sort()).toEqual([...GENERATION_STEPS].sort());
    expect(job.progress_percent).toBe(100);
    expect(job.current_step).toBe('quality_review');
    for (const step of GENERATION_STEPS) expect(job.step_timings[step]?.completed_at).toBeDefined();
  });

  it('keeps the highest percent whatever order parallel Map iterations report in', async () => {
    const ref = await newRun();
    await startStep(ref, 'content_writing');
    const fractions = [0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6];
    await Promise.all(
      fractions.map((fraction) =>
        reportStepProgress(ref, 'content_writing', { detail: `Written ${fraction * 10} of 10`, fraction }),
      ),
    );
    const job = await jobOf(ref);
    expect(job.progress_percent).toBe(progressPercent('content_writing', 0.9));
    expect(job.current_step_detail).toBe('Written 9 of 10');
  });

  it('never moves backwards: lower fractions and late writes of earlier steps are dropped', async () => {
    const ref = await newRun();
    await startStep(ref, 'web_research');
    await reportStepProgress(ref, 'web_research', { detail: 'Reading 90 of 100 sources', fraction: 0.9 });
    await reportStepProgress(ref, 'web_research', { detail: 'Reading 10 of 100 sources', fraction: 0.1 });
    // A late start, report and completion of earlier steps arrive after web research began.
    await startStep(ref, 'topic_analysis', 'late');
    await reportStepProgress(ref, 'keyword_research', { detail: 'late', fraction: 1 });
    await completeStep(ref, 'keyword_research');

    const job = await jobOf(ref);
    expect(job).toMatchObject({
      current_step: 'web_research',
      current_step_detail: 'Reading 90 of 100 sources',
      progress_percent: progressPercent('web_research', 0.9),
      steps_completed: ['keyword_research'],
    });
    // The late start is still recorded as that step's first start.
    expect(job.step_timings.topic_analysis?.started_at).toBeDefined();

    // The next step starts exactly where the previous one ended; the previous one's late report
    // (same percent) must not take the job back.
    await completeStep(ref, 'web_research');
    await startStep(ref, 'industry_analysis');
    await reportStepProgress(ref, 'web_research', { detail: 'late', fraction: 1 });
    await reportStepProgress(ref, 'web_research', { detail: 'late phase' });
    expect(await jobOf(ref)).toMatchObject({
      current_step: 'industry_analysis',
      progress_percent: progressPercent('industry_analysis', 0),
    });
  });

  it('is idempotent when a step re-runs: listed once, first start kept, last completion recorded', async () => {
    const ref = await newRun();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00.000Z'));
    await startStep(ref, 'topic_analysis');
    vi.setSystemTime(new Date('2026-03-01T10:00:04.000Z'));
    await completeStep(ref, 'topic_analysis', { attempt: 1 });
    vi.setSystemTime(new Date('2026-03-01T10:00:05.000Z'));
    await startStep(ref, 'topic_analysis');
    vi.setSystemTime(new Date('2026-03-01T10:00:07.000Z'));
    await completeStep(ref, 'topic_analysis', { attempt: 2 });

    const job = await jobOf(ref);
    expect(job.steps_completed).toEqual(['topic_analysis']);
    expect(job.progress_percent).toBe(progressPercent('topic_analysis', 1));
    expect(job.step_timings.topic_analysis).toEqual({
      started_at: '2026-03-01T10:00:00.000Z',
      completed_at: '2026-03-01T10:00:07.000Z',
      duration_ms: 7000,
      metadata: { attempt: 2 },
    });
  });

  it('stores reports that leave the percent unchanged at most once per interval per job', async () => {
    const ref = await newRun();
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.parse('2026-03-01T10:00:00.000Z');
    vi.setSystemTime(start);
    await startStep(ref, 'web_research');
    // 1/500 of the step does not move the whole percent.
    await reportStepProgress(ref, 'web_research', { detail: 'Reading 1 of ~500 sources', fraction: 1 / 500 });
    expect((await jobOf(ref)).current_step_detail).toBeUndefined();

    vi.setSystemTime(start + DETAIL_INTERVAL_MS);
    await reportStepProgress(ref, 'web_research', { detail: 'Reading 2 of ~500 sources', fraction: 2 / 500 });
    await reportStepProgress(ref, 'web_research', { detail: 'Reading 3 of ~500 sources', fraction: 3 / 500 });
    expect((await jobOf(ref)).current_step_detail).toBe('Reading 2 of ~500 sources');

    // A report that raises the percent is never held back, nor is a new phase of the step.
    await reportStepProgress(ref, 'web_research', {
      detail: 'Reading 50 of ~500 sources',
      fraction: 50 / 500,
    });
    expect(await jobOf(ref)).toMatchObject({
      current_step_detail: 'Reading 50 of ~500 sources',
      progress_percent: progressPercent('web_research', 0.1),
    });
    await reportStepProgress(ref, 'web_research', { detail: 'Extracting statistics' });
    expect((await jobOf(ref)).current_step_detail).toBe('Extracting statistics');
  });

  it('changes nothing once the run has failed', async () => {
    const ref = await newRun();
    await startStep(ref, 'web_research');
    await service()
      .entities.generationJob.patch({ agency_id: ref.agency_id, id: ref.job_id })
      .set({ error_occurred: true, error_code: 'GEN_002', completed_at: new Date().toISOString() })
      .go();
    await reportStepProgress(ref, 'web_research', { detail: 'late', fraction: 0.9 });
    await startStep(ref, 'industry_analysis');
    expect(await jobOf(ref)).toMatchObject({
      current_step: 'web_research',
      progress_percent: progressPercent('web_research', 0),
    });
  });

  it('fails loudly for a job that does not exist', async () => {
    const ref = { agency_id: 'ag-1', document_id: randomUUID(), job_id: randomUUID() };
    await expect(completeStep(ref, 'topic_analysis')).rejects.toThrow(/does not exist/);
    await expect(startStep(ref, 'topic_analysis')).rejects.toThrow();
  });
});
