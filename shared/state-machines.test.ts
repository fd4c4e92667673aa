/**
 * The rules the generation workflow's ASL must keep, checked on the file itself: bounded work per
 * task, bounded retries of the right errors, every failure path through RecordFailure, and only
 * ids and small lists between states.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RESEARCH_MAP_CONCURRENCY } from './generation/steps/keyword-research.ts';
import { GENERATION_STEPS } from './generation/steps.ts';
import { STATE_MACHINES } from './state-machines.ts';

interface State {
  Type: string;
  Resource?: string;
  Next?: string;
  End?: boolean;
  TimeoutSeconds?: number;
  Parameters?: Record<string, string>;
  Retry?: Array<{
    ErrorEquals: string[];
    MaxAttempts?: number;
    IntervalSeconds?: number;
    JitterStrategy?: string;
  }>;
  Catch?: Array<{ ErrorEquals: string[]; Next: string; ResultPath?: string }>;
  ItemProcessor?: Scope;
  MaxConcurrency?: number;
  Branches?: Scope[];
}
interface Scope {
  StartAt: string;
  States: Record<string, State>;
  TimeoutSeconds?: number;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const generate = STATE_MACHINES.find((machine) => machine.name === 'generate-document');
if (!generate) throw new Error('generate-document is not in the catalogue');
const asl = JSON.parse(readFileSync(join(ROOT, generate.definitionFile), 'utf8')) as Scope;

function* tasks(scope: Scope): Generator<[string, State]> {
  for (const [name, state] of Object.entries(scope.States)) {
    if (state.Type === 'Task') yield [name, state];
    if (state.ItemProcessor) yield* tasks(state.ItemProcessor);
    for (const branch of state.Branches ?? []) yield* tasks(branch);
  }
}

/** Top-level states in execution order from StartAt. */
function mainPath(): string[] {
  const path: string[] = [];
  for (let name: string | undefined = asl.StartAt; name; name = asl.States[name]?.Next) path.push(name);
  return path;
}

describe('generate-document.asl.json', () => {
  it('runs BeginGeneration, the PRD steps in order, then Finalize', () => {
    expect(mainPath()).toEqual([
      'BeginGeneration',
      'TopicAnalysis',
      'KeywordResearch',
      'SearchSources',
      'ReadSources',
      'ExtractFindings',
      'SynthesizeResearch',
      'IndustryAnalysis',
      'OutlineCreation',
      'ContentWriting',
      'AssembleContent',
      'StatisticsIntegration',
      'ChartGeneration',
      'CoverImage',
      'TemplateApplication',
      'PdfRendering',
      'QualityReview',
      'Finalize',
      'Done',
    ]);
    expect(GENERATION_STEPS).toHaveLength(12);
  });

  it('gives every task its own timeout and has no execution-wide one (it would skip RecordFailure)', () => {
    expect(asl.TimeoutSeconds).toBeUndefined();
    for (const [name, state] of tasks(asl)) {
      expect(state.TimeoutSeconds, name).toBeGreaterThan(0);
      expect(state.TimeoutSeconds, name).toBeLessThanOrEqual(900);
    }
  });

  it('retries throttles and model outages a bounded number of times with jittered backoff, nothing else', () => {
    for (const [name, state] of tasks(asl)) {
      if (name === 'RecordFailure') continue;
      const model = state.Retry?.find((retry) => retry.ErrorEquals.includes('ModelUnavailable'));
      const throttles = state.Retry?.find((retry) =>
        retry.ErrorEquals.includes('Lambda.TooManyRequestsException'),
      );
      expect(throttles?.JitterStrategy, name).toBe('FULL');
      for (const retry of state.Retry ?? []) {
        expect(retry.MaxAttempts, name).toBeLessThanOrEqual(4);
        expect(retry.ErrorEquals, name).not.toContain('States.ALL');
        expect(
          retry.ErrorEquals.some((error) => /^GEN_/.test(error)),
          name,
        ).toBe(false);
      }
      if (name !== 'BeginGeneration') expect(model?.JitterStrategy, name).toBe('FULL');
    }
  });

  it('sends every failure of the main path to RecordFailure, which ends in a Fail state', () => {
    for (const name of mainPath().filter((each) => !['Done'].includes(each))) {
      const state = asl.States[name] as State;
      expect(state.Catch, name).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' },
      ]);
    }
    expect(asl.States.RecordFailure?.Next).toBe('Failed');
    expect(asl.States.Failed?.Type).toBe('Fail');
  });

  it('passes tasks only the run reference (and a part number inside Maps)', () => {
    for (const [name, state] of tasks(asl)) {
      const keys = Object.keys(state.Parameters ?? {}).map((key) => key.replace(/\.\$$/, ''));
      expect(keys.slice(0, 3), name).toEqual(['agency_id', 'document_id', 'job_id']);
      expect(
        keys.slice(3).every((key) => ['part', 'execution_arn', 'error'].includes(key)),
        name,
      ).toBe(true);
    }
  });

  it('runs the research Maps with the concurrency their batch planning is capped at', () => {
    // More batches than MaxConcurrency would run in a second wave, one more model call in a row.
    for (const map of ['SearchSources', 'ExtractFindings'])
      expect(asl.States[map]?.MaxConcurrency, map).toBe(RESEARCH_MAP_CONCURRENCY);
  });

  it('binds every task to a handler in functions/pipeline', () => {
    for (const [name, state] of tasks(asl)) {
      const placeholder = /^\$\{(\w+)\}$/.exec(state.Resource ?? '')?.[1] ?? '';
      expect(generate.tasks[placeholder]?.module, name).toMatch(/^functions\/pipeline\/[a-z-]+\.ts$/);
    }
  });
});
