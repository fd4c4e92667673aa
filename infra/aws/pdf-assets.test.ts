/**
 * A rendering function as CDK deploys it (a real esbuild run through `NodejsFunction`) carries the
 * templates and font files the renderer reads, and code bundled the deployed way renders a PDF
 * from that directory alone: outside the repository, with Chromium where the layer puts it.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fontFiles } from '../../shared/pdf/fonts.ts';
import { pdfFonts } from '../../tests/support/pdf-inspect.ts';
import { REPO_ROOT } from './build-app.ts';
import { lambdaEsbuildOptions } from './bundling.ts';
import { CHROMIUM_PACKAGE } from './constructs/chromium.ts';
import { LambdaGroup } from './constructs/lambda-group.ts';
import { BUNDLED_TEMPLATES_DIR, readsPdfAssets } from './constructs/pdf-assets.ts';

const RENDERING_STEP = { module: 'functions/pipeline/pdf-rendering.ts', export: 'handler' };

let scratch: string;
/** The bundle directory of the rendering step, as uploaded to Lambda. */
let bundleDir: string;
let template: Template;

/** Every file under `dir`, relative, with `/` separators. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cs-pdf-assets-'));
  const app = new App({ outdir: join(scratch, 'cdk.out') });
  const stack = new Stack(app, 'PdfAssets');
  new LambdaGroup(stack, 'Steps', {
    rootDir: REPO_ROOT,
    handlers: [RENDERING_STEP],
    environment: {},
    memorySize: 512,
    timeout: Duration.minutes(1),
    purpose: 'test',
  });
  const assembly = app.synth();
  const bundles = readdirSync(assembly.directory)
    .map((name) => join(assembly.directory, name))
    .filter((dir) => existsSync(join(dir, 'index.mjs')));
  expect(bundles).toHaveLength(1);
  bundleDir = bundles[0] as string;
  template = Template.fromStack(stack);
}, 180_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the PDF assets of a rendering function', () => {
  it('are needed by the functions that render or review PDFs, not by the others', () => {
    expect(readsPdfAssets(REPO_ROOT, join(REPO_ROOT, RENDERING_STEP.module))).toBe(true);
    expect(readsPdfAssets(REPO_ROOT, join(REPO_ROOT, 'functions/pipeline/quality-review.ts'))).toBe(true);
    expect(readsPdfAssets(REPO_ROOT, join(REPO_ROOT, 'functions/api/template-previews.ts'))).toBe(true);
    expect(readsPdfAssets(REPO_ROOT, join(REPO_ROOT, 'functions/api/templates.ts'))).toBe(false);
    expect(readsPdfAssets(REPO_ROOT, join(REPO_ROOT, 'functions/pipeline/topic-analysis.ts'))).toBe(false);
  });

  it('are in the bundle: every template file, no TypeScript, and only the font files the renderer reads', () => {
    const bundled = filesUnder(bundleDir);
    const templates = filesUnder(join(REPO_ROOT, 'templates')).filter(
      (file) => file.includes('/') && !file.endsWith('.ts'),
    );
    expect(templates).toContain('base/document.liquid');
    expect(templates).toContain('EXEC_01/manifest.json');
    expect(bundled.filter((file) => file.startsWith('templates/'))).toEqual(
      templates.map((file) => `templates/${file}`),
    );
    const fonts = fontFiles()
      .map(
        (file) => `node_modules/${file.slice(file.lastIndexOf('/node_modules/') + '/node_modules/'.length)}`,
      )
      .sort();
    expect(fonts).toContain('node_modules/@fontsource/inter/400.css');
    expect(fonts).toContain(
      'node_modules/@fontsource/source-serif-4/files/source-serif-4-latin-700-italic.woff2',
    );
    expect(bundled.filter((file) => file.startsWith('node_modules/'))).toEqual(fonts);
  });

  it('are found through TEMPLATES_DIR, set on the function', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: `${RENDERING_STEP.module} ${RENDERING_STEP.export}`,
      Environment: { Variables: { TEMPLATES_DIR: BUNDLED_TEMPLATES_DIR } },
    });
  });

  it('let code bundled the deployed way render a PDF from the bundle directory alone', async () => {
    // The renderer, bundled like the handlers, into a copy of nothing but the bundle directory.
    const entry = join(scratch, 'render-entry.ts');
    const shared = (path: string) => JSON.stringify(join(REPO_ROOT, 'shared', path));
    await writeFile(
      entry,
      [
        `export { renderTemplatePdf, designFingerprint } from ${shared('templates/render-template.ts')};`,
        `export { uncoveredCharacters } from ${shared('pdf/fonts.ts')};`,
        `export { closeBrowser } from ${shared('pdf/browser.ts')};`,
        `export { sampleContent } from ${shared('content/sample-content.ts')};`,
      ].join('\n'),
    );
    const runDir = join(scratch, 'task');
    await build({ ...lambdaEsbuildOptions(entry, join(runDir, 'render.mjs')), sourcemap: false });
    for (const file of filesUnder(bundleDir)) {
      if (!file.startsWith('templates/') && !file.startsWith('node_modules/')) continue;
      await mkdir(dirname(join(runDir, file)), { recursive: true });
      await writeFile(join(runDir, file), await readFile(join(bundleDir, file)));
    }
    // Chromium comes from a layer in Lambda; here a link to the installed package stands in for it.
    const chromium = join(runDir, 'node_modules', CHROMIUM_PACKAGE);
    await mkdir(dirname(chromium), { recursive: true });
    await symlink(join(REPO_ROOT, 'node_modules', CHROMIUM_PACKAGE), chromium, 'dir');

    const out = join(scratch, 'preview.pdf');
    const script = `
      const m = await import('./render.mjs');
      try {
        const design = { code: 'MODERN_03', name: 'Modern' };
        const rendered = await m.renderTemplatePdf(design, {
          content: m.sampleContent(),
          brand: { color_accent_1: '#14213d', color_accent_2: '#2a6f97', color_accent_3: '#e0a100' },
          agency: { name: 'Northwind Strategy' },
        });
        (await import('node:fs')).writeFileSync(${JSON.stringify(out)}, rendered.pdf);
        console.log(JSON.stringify({
          fingerprint: await m.designFingerprint(design),
          uncovered: await m.uncoveredCharacters('Ωμέγα Щ 漢'),
        }));
      } finally {
        await m.closeBrowser();
      }`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: runDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TEMPLATES_DIR: join(runDir, 'templates') },
      timeout: 120_000,
    });
    expect(JSON.parse(stdout)).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      uncovered: ['漢'],
    });
    const pdf = new Uint8Array(await readFile(out));
    expect((await PDFDocument.load(pdf)).getPageCount()).toBeGreaterThan(2);
    const fonts = await pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((font) => font.embedded && /^(Inter|SourceSerif4)/.test(font.name))).toBe(true);
  }, 180_000);
});
