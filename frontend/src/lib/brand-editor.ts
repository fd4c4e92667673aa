/**
 * Wires `components/BrandKitEditor.astro`: colour pickers kept in step with their hex inputs, live
 * preview swatches and a contrast verdict computed while typing (WCAG 2.x, as the API does), the
 * API's own verdict once saved (clients), and logo uploads with previews and their refusals.
 */
import type { ApiProblem, ApiResult } from './api.ts';
import { contrastText } from './brand.ts';
import { find, h } from './dom.ts';
import type { UploadedImage } from './endpoints/agency.ts';
import { clearFieldErrors, hideAlert, showAlert, showProblem, text, whileBusy } from './forms.ts';

export const COLOUR_NAMES = ['color_accent_1', 'color_accent_2', 'color_accent_3'] as const;
export type ColourName = (typeof COLOUR_NAMES)[number];
export type Colours = Record<ColourName, string>;

const HEX = /^#[0-9a-fA-F]{6}$/;
const LABELS: Record<ColourName, string> = {
  color_accent_1: 'Primary',
  color_accent_2: 'Secondary',
  color_accent_3: 'Accent',
};

function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The verdict shown under the preview: passes AA or the list of what does not. */
export interface Verdict {
  readonly passes: boolean;
  readonly warnings: readonly string[];
  readonly source: 'preview' | 'api';
}

/** AA for each colour: readable text on it, and readable as text (links) on white paper. */
export function localVerdict(colours: Colours): Verdict {
  const warnings: string[] = [];
  for (const name of COLOUR_NAMES) {
    const colour = colours[name];
    const onColour = contrastRatio(colour, contrastText(colour));
    if (onColour < 4.5) {
      warnings.push(
        `${LABELS[name]} ${colour}: text on it reaches only ${onColour.toFixed(2)}:1 (AA needs 4.5:1).`,
      );
    }
    if (name !== 'color_accent_2') {
      const asText = contrastRatio(colour, '#ffffff');
      if (asText < 4.5) {
        warnings.push(
          `${LABELS[name]} ${colour} as text on white: ${asText.toFixed(2)}:1 (AA needs 4.5:1); documents use a darker shade for text.`,
        );
      }
    }
  }
  return { passes: warnings.length === 0, warnings, source: 'preview' };
}

export interface BrandEditorOptions {
  readonly colours: Colours;
  readonly footer: string | null;
  readonly logos: Readonly<Record<string, string | null>>;
  readonly canEdit: boolean;
  /** Saves changed colours / footer; answers the verdict to show afterwards (or null: keep preview). */
  save(changes: Record<string, string | null>): Promise<ApiResult<unknown> & { verdict?: Verdict | null }>;
  upload(type: string, file: File): Promise<ApiResult<UploadedImage>>;
  /** Clients: go back to the agency's colours. */
  reset?: () => Promise<ApiResult<unknown> & { verdict?: Verdict | null }>;
  /** Shown above the colours (e.g. which colours are the client's own). */
  sourceNote?: string;
}

export function showVerdict(root: HTMLElement, verdict: Verdict): void {
  const box = find('[data-contrast]', root);
  box.hidden = false;
  box.dataset.tone = verdict.passes ? 'ok' : 'warn';
  box.dataset.passes = String(verdict.passes);
  box.dataset.source = verdict.source;
  const title = verdict.passes
    ? 'Contrast passes WCAG AA.'
    : 'Contrast warning: some colours do not meet WCAG AA.';
  box.replaceChildren(
    h('strong', { 'data-contrast-title': '' }, title),
    h(
      'span',
      {},
      verdict.source === 'api'
        ? 'Checked by the document renderer with the saved colours.'
        : 'Preview of unsaved colours.',
    ),
  );
  if (verdict.warnings.length > 0) {
    box.append(h('ul', {}, ...verdict.warnings.map((warning) => h('li', {}, warning))));
  }
}

export function showImage(slot: HTMLElement, url: string | null, alt: string, meta?: string): void {
  const preview = find('[data-logo-preview]', slot);
  if (url) preview.replaceChildren(h('img', { src: url, alt, 'data-logo-image': '' }));
  const metaLine = find('[data-logo-meta]', slot);
  metaLine.textContent = meta ?? '';
}

function uploadProblem(result: ApiProblem): string {
  if (result.code === 'FILE_001') return `This file is too large. ${result.message}`;
  if (result.code === 'FILE_002') return `This file type is not accepted. ${result.message}`;
  return result.message;
}

export function wireUpload(
  slot: HTMLElement,
  input: HTMLInputElement,
  label: string,
  upload: (file: File) => Promise<ApiResult<UploadedImage>>,
): void {
  const error = find('[data-logo-error]', slot);
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    error.hidden = true;
    const meta = find('[data-logo-meta]', slot);
    meta.textContent = `Uploading ${file.name}…`;
    const result = await upload(file);
    input.value = '';
    if (!result.ok) {
      meta.textContent = '';
      error.textContent = uploadProblem(result);
      error.dataset.code = result.code;
      error.hidden = false;
      return;
    }
    const kb = Math.max(1, Math.round(result.data.file_size_bytes / 1024));
    showImage(slot, result.data.url, label, `${result.data.width} × ${result.data.height} px · ${kb} KB`);
  });
}

export function wireBrandEditor(root: HTMLElement, options: BrandEditorOptions): void {
  const form = find<HTMLFormElement>('form[data-brand-form]', root);
  const alert = find('[data-form-alert]', form);
  const save = find<HTMLButtonElement>('[data-brand-save]', form);
  const reset = find<HTMLButtonElement>('[data-brand-reset]', form);
  const footer = form.elements.namedItem('footer_text') as HTMLInputElement;
  let saved: Colours = { ...options.colours };
  let savedFooter = options.footer ?? '';
  find('[data-brand-source]', form).textContent = options.sourceNote ?? '';

  const picker = (name: ColourName) => find<HTMLInputElement>(`[data-colour-picker="${name}"]`, form);
  const hexInput = (name: ColourName) => find<HTMLInputElement>(`[data-colour-hex="${name}"]`, form);

  const current = (): Colours | null => {
    const values = {} as Colours;
    for (const name of COLOUR_NAMES) {
      const value = hexInput(name).value.trim();
      if (!HEX.test(value)) return null;
      values[name] = value.toLowerCase();
    }
    return values;
  };

  const paint = () => {
    for (const name of COLOUR_NAMES) {
      const value = hexInput(name).value.trim();
      if (!HEX.test(value)) continue;
      const swatch = find(`[data-swatch="${name}"]`, form);
      swatch.style.background = value;
      swatch.style.color = contrastText(value);
      find('[data-swatch-hex]', swatch).textContent = value.toUpperCase();
    }
    const colours = current();
    if (!colours) return;
    find('[data-sample-heading]', form).style.color = colours.color_accent_1;
    find('[data-sample-heading]', form).style.borderColor = colours.color_accent_2;
    find('[data-sample-link]', form).style.color = colours.color_accent_3;
    const unchanged = COLOUR_NAMES.every((name) => colours[name] === saved[name]);
    if (!unchanged || find('[data-contrast]', root).dataset.source !== 'api') {
      showVerdict(root, localVerdict(colours));
    }
  };

  const fill = (colours: Colours) => {
    for (const name of COLOUR_NAMES) {
      picker(name).value = colours[name].toLowerCase();
      hexInput(name).value = colours[name].toUpperCase();
    }
  };
  fill(saved);
  footer.value = savedFooter;
  paint();

  for (const name of COLOUR_NAMES) {
    picker(name).addEventListener('input', () => {
      hexInput(name).value = picker(name).value.toUpperCase();
      paint();
    });
    hexInput(name).addEventListener('input', () => {
      let value = hexInput(name).value.trim();
      if (/^[0-9a-fA-F]{6}$/.test(value)) value = `#${value}`;
      if (HEX.test(value)) picker(name).value = value.toLowerCase();
      paint();
    });
  }

  for (const control of form.querySelectorAll<HTMLInputElement>('input')) control.disabled = !options.canEdit;
  save.hidden = !options.canEdit;
  reset.hidden = !options.canEdit || !options.reset;

  const afterSave = (verdict: Verdict | null | undefined) => {
    if (verdict) showVerdict(root, verdict);
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    hideAlert(alert);
    clearFieldErrors(form);
    const changes: Record<string, string | null> = {};
    for (const name of COLOUR_NAMES) {
      let value = hexInput(name).value.trim();
      if (/^[0-9a-fA-F]{6}$/.test(value)) value = `#${value}`;
      if (value.toLowerCase() !== saved[name].toLowerCase()) changes[name] = value;
    }
    const footerValue = text(form, 'footer_text');
    if (footerValue !== savedFooter) changes.footer_text = footerValue === '' ? null : footerValue;
    if (Object.keys(changes).length === 0) {
      showAlert(alert, { title: 'Nothing to save: the brand kit is unchanged.' }, 'ok');
      return;
    }
    const result = await whileBusy(save, 'Saving…', () => options.save(changes));
    if (!result.ok) {
      showProblem(alert, result, { form });
      return;
    }
    saved = current() ?? saved;
    savedFooter = footerValue;
    showAlert(alert, { title: 'Brand kit saved.' }, 'ok');
    afterSave(result.verdict);
  });

  reset.addEventListener('click', async () => {
    if (!options.reset) return;
    hideAlert(alert);
    const reply = await whileBusy(reset, 'Resetting…', () =>
      (options.reset as NonNullable<typeof options.reset>)(),
    );
    if (!reply.ok) {
      showProblem(alert, reply);
      return;
    }
    window.location.reload();
  });

  for (const slot of root.querySelectorAll<HTMLElement>('[data-logo-slot]')) {
    const type = slot.dataset.logoSlot ?? '';
    const label = `${type} logo`;
    showImage(slot, options.logos[type] ?? null, label);
    const input = find<HTMLInputElement>('[data-logo-input]', slot);
    input.disabled = !options.canEdit;
    if (type !== 'favicon' && !root.querySelector('[data-logo-slot="favicon"]')) {
      input.accept = 'image/png,image/jpeg,image/webp';
    }
    wireUpload(slot, input, label, (file) => options.upload(type, file));
  }
}
