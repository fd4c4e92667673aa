/** Settings → Branding: the agency brand kit; the contrast verdict is computed in the browser. */
import { localVerdict, wireBrandEditor } from '../lib/brand-editor.ts';
import { find } from '../lib/dom.ts';
import { getAgencySettings, updateAgencyBranding, uploadAgencyLogo } from '../lib/endpoints/agency.ts';
import { showAlert } from '../lib/forms.ts';
import { can } from '../lib/session.ts';
import { pageUser } from './app-shell.ts';

const user = await pageUser();
const result = await getAgencySettings();
if (!result.ok) {
  showAlert(find('[data-load-alert]'), {
    title: 'The brand kit could not be loaded.',
    message: result.message,
    requestId: result.requestId,
  });
} else {
  const { branding, company_info } = result.data;
  find('[data-branding]').hidden = false;
  wireBrandEditor(find('[data-brand-editor]'), {
    colours: {
      color_accent_1: branding.color_accent_1,
      color_accent_2: branding.color_accent_2,
      color_accent_3: branding.color_accent_3,
    },
    footer: company_info.footer_text,
    logos: {
      horizontal: branding.logo_horizontal_url,
      vertical: branding.logo_vertical_url,
      round: branding.logo_round_url,
      favicon: branding.logo_favicon_url,
    },
    canEdit: can(user, 'agency:branding:update'),
    sourceNote: 'Every client uses these unless it has colours of its own.',
    save: async (changes) => {
      const answer = await updateAgencyBranding(changes);
      if (!answer.ok) return answer;
      return Object.assign(answer, {
        verdict: localVerdict({
          color_accent_1: answer.data.color_accent_1,
          color_accent_2: answer.data.color_accent_2,
          color_accent_3: answer.data.color_accent_3,
        }),
      });
    },
    upload: (type, file) => uploadAgencyLogo(type, file),
  });
}
