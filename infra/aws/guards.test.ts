/**
 * What the app refuses to build, and how it decides where Chromium is needed. These run before
 * or during construction, so no synthesis is needed.
 */
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildApp, REPO_ROOT } from './build-app.ts';
import { readConfig } from './config.ts';
import { importsChromium } from './constructs/chromium.ts';
import { FIXTURE_CATALOGUE, FIXTURE_ROOT } from './test-fixtures/catalogue.ts';
import { TEST_CONTEXT } from './test-fixtures/synthesize.ts';

const app = (context: Record<string, string> = {}) => new App({ context: { ...TEST_CONTEXT, ...context } });

describe('catalogue guards', () => {
  it('refuses to build while a module or ASL file the catalogue names is missing, naming each', () => {
    const catalogue = {
      ...FIXTURE_CATALOGUE,
      schedules: [
        {
          ...FIXTURE_CATALOGUE.schedules[0],
          handler: { module: 'functions/sweeps/gone.ts', export: 'handler' },
        },
      ],
      stateMachines: [
        { ...FIXTURE_CATALOGUE.stateMachines[0], definitionFile: 'state-machines/gone.asl.json' },
      ],
    } as typeof FIXTURE_CATALOGUE;
    expect(() => buildApp(app(), { rootDir: FIXTURE_ROOT, catalogue })).toThrow(
      /missing functions\/sweeps\/gone\.ts \(schedule due-content\)\n {2}missing state-machines\/gone\.asl\.json \(state machine generate-document\)/,
    );
  });

  it('refuses an ASL file whose placeholders and the catalogue tasks differ', () => {
    const [generate, distribute] = FIXTURE_CATALOGUE.stateMachines;
    if (!generate || !distribute) throw new Error('fixture catalogue changed');
    const { Review: _review, ...tasks } = generate.tasks;
    const catalogue = {
      ...FIXTURE_CATALOGUE,
      stateMachines: [{ ...generate, tasks: { ...tasks, Extra: generate.tasks.Outline } }, distribute],
    } as typeof FIXTURE_CATALOGUE;
    expect(() => buildApp(app(), { rootDir: FIXTURE_ROOT, catalogue })).toThrow(
      /placeholders without a task: Review\n.*tasks not in the file: Extra/,
    );
  });
});

describe('Chromium detection', () => {
  it('follows relative imports to the module that imports @sparticuz/chromium', () => {
    expect(importsChromium(join(FIXTURE_ROOT, 'functions/pipeline/render-pdf.ts'))).toBe(true);
  });

  it('is false for modules that never reach it', () => {
    expect(importsChromium(join(FIXTURE_ROOT, 'functions/pipeline/outline.ts'))).toBe(false);
  });

  it('ignores type-only imports, which the bundle does not contain', () => {
    expect(importsChromium(join(FIXTURE_ROOT, 'functions/pipeline/plan.ts'))).toBe(false);
  });

  it('keeps the template list and detail small: only the preview function renders', () => {
    expect(importsChromium(join(REPO_ROOT, 'functions/api/templates.ts'))).toBe(false);
    expect(importsChromium(join(REPO_ROOT, 'functions/api/template-previews.ts'))).toBe(true);
  });
});

describe('configuration', () => {
  it('derives the files domain and sender from the platform domain by default', () => {
    expect(readConfig(app())).toMatchObject({
      stage: 'test',
      retainData: false,
      filesDomain: 'files.platform.example.test',
      emailFrom: 'no-reply@platform.example.test',
    });
  });

  it('requires a certificate in us-east-1 for the prod stage', () => {
    expect(() => readConfig(app({ 'cs:stage': 'prod' }))).toThrow(/cs:certificateArn is required/);
    const certificateArn = 'arn:aws:acm:eu-west-1:123456789012:certificate/abc';
    expect(() => readConfig(app({ 'cs:stage': 'prod', 'cs:certificateArn': certificateArn }))).toThrow(
      /us-east-1/,
    );
  });

  it('rejects a platform domain that is not a hostname', () => {
    expect(() => readConfig(app({ 'cs:platformDomain': 'https://example.com' }))).toThrow(
      /cs:platformDomain/,
    );
  });
});
