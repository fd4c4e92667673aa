/**
 * The design a run renders with: the template the start request chose (the document's
 * `template_id`), else the catalogue's default, with the capabilities the catalogue records for it
 * (PRD §4.2.5; each built-in design's manifest declares the same, `templates/designs.test.ts`).
 * Read from the table, not the design files, so steps that only plan content never load the
 * renderer and its browser.
 */
import { CONTENT_LIMITS } from '../content/document-content.ts';
import type { TemplateItem } from '../data/entities/templates.ts';
import { service } from '../data/service.ts';
import { allTemplates } from '../templates/plan-access.ts';
import { GenerationError } from './job-lifecycle.ts';
import type { RunContext } from './run-context.ts';

export interface RunTemplate {
  readonly code: string;
  readonly max_sections: number;
  readonly supports_charts: boolean;
}

/** The run's template (see the module comment); GEN_003 when there is none. */
export async function runTemplate(run: Pick<RunContext, 'document'>): Promise<RunTemplate> {
  const id = run.document.template_id;
  let template: TemplateItem | null | undefined = id
    ? (await service().entities.template.get({ id }).go()).data
    : undefined;
  template ??= (await allTemplates()).find((each) => each.is_default);
  if (!template)
    throw new GenerationError('GEN_003', `Document ${run.document.id} has no template to render with`);
  return {
    code: template.code,
    max_sections: template.max_sections ?? CONTENT_LIMITS.sections.max,
    supports_charts: template.supports_charts,
  };
}
