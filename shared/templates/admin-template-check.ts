/**
 * Admin-created templates are proven before they go live (issue 5 item 3): the built-in sample
 * content is rendered through the stored markup and the PDF is read back by the quality review
 * (PRD §7.2.12), so a template that does not parse, fails while rendering, or leaves out what every
 * document must show (the title, every section, the statistics it claims to support, the
 * conclusion, the numbered sources, embedded fonts, no leftover template syntax) is refused with
 * 422 VAL_001 naming the field and the problem.
 *
 * Drafts (inactive templates) only have to parse; publishing (active) requires the full render.
 * The check runs before anything is written, so a refused request saves nothing.
 */
import { extractText } from 'unpdf';
import type { DocumentContent } from '../content/document-content.ts';
import { sampleContent } from '../content/sample-content.ts';
import type { TemplateItem } from '../data/entities/templates.ts';
import { ApiError } from '../http/errors.ts';
import { TemplateError, templateEngine } from '../pdf/templating.ts';
import { expectationsFromContent, reviewPdf } from '../quality/review-pdf.ts';
import { customCssProblem, renderTemplatePdf } from './render-template.ts';

/** The fields of a template the check reads. */
export type CheckedTemplate = Pick<
  TemplateItem,
  'code' | 'name' | 'html_template' | 'css_template' | 'supports_statistics' | 'supports_charts'
>;

/** One reason a template was refused; `check` says which stage found it. */
export interface TemplateProblem {
  readonly field: 'html_template' | 'css_template';
  readonly message: string;
  readonly check: 'css' | 'parse' | 'render' | 'review' | 'blocks';
  /** The quality review's finding code (`review`), or the missing block (`blocks`). */
  readonly code?: string;
}

/** Agency details the sample is rendered with (the review checks them in the PDF metadata). */
const SAMPLE_AGENCY = { name: 'Sample Agency', website: 'https://agency.example.com' } as const;
const SAMPLE_BRAND = { color_accent_1: '#1b2a4a', color_accent_2: '#3c6e91', color_accent_3: '#e0a100' };

function refuse(problems: TemplateProblem[]): ApiError {
  return new ApiError('VAL_001', {
    message: `The template cannot be used: ${problems[0]?.message ?? 'it does not render'}`,
    details: problems,
  });
}

/** Problems that need no rendering: CSS that would end its `<style>`, markup that does not parse. */
export function syntaxProblems(
  template: Pick<TemplateItem, 'html_template' | 'css_template'>,
): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const css = customCssProblem(template.css_template ?? '');
  if (css) problems.push({ field: 'css_template', message: css, check: 'css' });
  const parse = templateEngine().check(template.html_template ?? '');
  if (parse) problems.push({ field: 'html_template', message: `Template syntax: ${parse}`, check: 'parse' });
  return problems;
}

/**
 * Renders the sample content through `template` and reviews the PDF; the problems found, empty
 * when the template may be published.
 */
export async function publishProblems(template: CheckedTemplate): Promise<TemplateProblem[]> {
  const syntax = syntaxProblems(template);
  if (syntax.length > 0) return syntax;
  const content = sampleContent();
  let pdf: Uint8Array;
  try {
    ({ pdf } = await renderTemplatePdf(template, {
      content,
      brand: SAMPLE_BRAND,
      agency: SAMPLE_AGENCY,
      client: { name: 'Sample Client' },
    }));
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return [
      {
        field: 'html_template',
        message: `Rendering the sample content failed: ${error.message}`,
        check: 'render',
      },
    ];
  }
  const expected = expectationsFromContent(content, { author: SAMPLE_AGENCY.name });
  const review = await reviewPdf(pdf, {
    ...expected,
    // A template that does not show statistics or charts is not faulted for leaving them out.
    statisticValues: template.supports_statistics ? expected.statisticValues : [],
    chartTitles: template.supports_charts ? expected.chartTitles : [],
  });
  const problems: TemplateProblem[] = review.issues.map((issue) => ({
    field: 'html_template',
    message: `The sample document fails review: ${issue.message}`,
    check: 'review',
    code: issue.code,
  }));
  return [...problems, ...(await missingBlocks(pdf, content))];
}

const searchable = (text: string) => text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Blocks every published template must show besides what the review checks: the conclusion (a
 * review warning for generated documents, since content may lack one, but the sample has one) and
 * the numbered sources the citations point to (PRD: every figure traces to a source).
 */
async function missingBlocks(pdf: Uint8Array, content: DocumentContent): Promise<TemplateProblem[]> {
  const text = searchable((await extractText(pdf.slice(), { mergePages: true })).text);
  const required = [
    {
      code: 'missing_conclusion',
      what: `The conclusion "${content.conclusion.title}"`,
      phrase: content.conclusion.title,
    },
    ...content.sources.map((source) => ({
      code: 'missing_source',
      what: `Source ${source.id} ("${source.title}")`,
      phrase: source.title,
    })),
  ];
  return required
    .filter(({ phrase }) => !text.includes(searchable(phrase)))
    .map(({ code, what }) => ({
      field: 'html_template',
      message: `The sample document lacks a required block: ${what} does not appear in the PDF`,
      check: 'blocks',
      code,
    }));
}

/** 422 VAL_001 unless the markup parses (drafts) or renders and passes review (published). */
export async function assertTemplateUsable(template: CheckedTemplate, publishing: boolean): Promise<void> {
  const problems = publishing ? await publishProblems(template) : syntaxProblems(template);
  if (problems.length > 0) throw refuse(problems);
}
