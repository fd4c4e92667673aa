/**
 * The design a run renders with: the template the start request chose (the document's
 * `template_id`), else the renderer's default, with the capabilities of its manifest (the outline
 * plans no more sections than it takes).
 */
import { service } from '../data/service.ts';
import { DEFAULT_TEMPLATE, loadTemplate, type TemplateManifest } from '../pdf/render-document.ts';
import type { RunContext } from './run-context.ts';

export interface RunTemplate {
  readonly code: string;
  readonly manifest: TemplateManifest;
}

/** The run's template code and manifest. */
export async function runTemplate(run: Pick<RunContext, 'document'>): Promise<RunTemplate> {
  const id = run.document.template_id;
  const { data: template } = id ? await service().entities.template.get({ id }).go() : { data: null };
  const code = template?.code ?? DEFAULT_TEMPLATE;
  const { manifest } = await loadTemplate(code);
  return { code, manifest };
}
