/** The templates gallery: one card per template the agency may use. */
import { initials } from '../lib/brand.ts';
import { find, h } from '../lib/dom.ts';
import { listTemplates, type TemplateSummary } from '../lib/endpoints/templates.ts';
import { humanize } from '../lib/format.ts';
import { showAlert } from '../lib/forms.ts';
import { pageUser } from './app-shell.ts';
import { lazyThumbnail, openPreview } from './template-previews.ts';

const grid = find('[data-templates]');

function features(template: TemplateSummary): string[] {
  const c = template.capabilities;
  return [
    c.supports_charts && 'Charts',
    c.supports_statistics && 'Statistics',
    c.supports_quotes && 'Quotes',
    c.supports_tables && 'Tables',
    `Up to ${c.max_sections} sections`,
  ].filter((item): item is string => Boolean(item));
}

function card(template: TemplateSummary): HTMLElement {
  return h(
    'article',
    { class: 'card template-card', 'data-template-code': template.code },
    thumbnail(template),
    h(
      'div',
      { class: 'template-body' },
      h(
        'div',
        { class: 'template-title' },
        h('h2', {}, template.name),
        h(
          'span',
          { class: 'chips' },
          template.is_default ? h('span', { class: 'badge', 'data-tone': 'ok' }, 'Default') : null,
          template.is_premium
            ? h('span', { class: 'badge', 'data-tone': 'warn', 'data-premium': '' }, 'Premium')
            : null,
        ),
      ),
      template.category ? h('p', { class: 'entity-sub' }, humanize(template.category)) : null,
      template.description ? h('p', {}, template.description) : null,
      h(
        'div',
        { class: 'chips' },
        ...features(template).map((feature) => h('span', { class: 'chip' }, feature)),
      ),
      previewButton(template),
    ),
  );
}

/** The cover in the agency's brand, loaded when the card comes into view; initials until then. */
function thumbnail(template: TemplateSummary): HTMLElement {
  const frame = h(
    'div',
    { class: 'template-preview' },
    h('span', { class: 'template-initials' }, initials(template.name)),
  );
  lazyThumbnail(frame, template);
  return frame;
}

function previewButton(template: TemplateSummary): HTMLElement {
  const button = h(
    'button',
    {
      class: 'button button--secondary template-preview-button',
      type: 'button',
      'data-preview': template.code,
      'aria-label': `Preview ${template.name} with sample content`,
    },
    'Preview',
  );
  button.addEventListener('click', () => void openPreview(template));
  return button;
}

await pageUser();
const result = await listTemplates();
grid.removeAttribute('aria-busy');
if (!result.ok) {
  showAlert(find('[data-load-alert]'), {
    title: 'The templates could not be loaded.',
    message: result.message,
    requestId: result.requestId,
  });
} else if (result.data.length === 0) {
  find('[data-templates-summary]').textContent =
    'No templates are assigned to your agency yet. Ask your platform administrator to assign some.';
} else {
  find('[data-templates-summary]').textContent =
    `${result.data.length} template${result.data.length === 1 ? '' : 's'} available to your agency.`;
  grid.replaceChildren(...result.data.map(card));
}
