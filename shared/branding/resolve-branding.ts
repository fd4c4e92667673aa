/**
 * The effective brand of a client's documents (PRD §11.1.3): each colour, logo and the footer from
 * the client when it overrides them, else from the agency; the colour mode is the agency's. Adds
 * the PDF colours derived from the accents (PRD §8.2.1) and their WCAG AA contrast report.
 */
import type { ClientsCaller } from '../clients/clients-caller.ts';
import { getClient } from '../clients/read-clients.ts';
import type { AgencyItem } from '../data/entities/agencies.ts';
import type { ClientItem } from '../data/entities/clients.ts';
import { service } from '../data/service.ts';
import { notFound } from '../http/errors.ts';
import { contrastReport, derivePdfColors } from './colors.ts';
import { clientCoverImage } from './logo-uploads.ts';
import type { ResolvedBranding } from './schemas.ts';

const INHERITED = [
  'color_accent_1',
  'color_accent_2',
  'color_accent_3',
  'logo_horizontal_url',
  'logo_vertical_url',
  'logo_round_url',
] as const;

/** Resolution of one client against its agency, without I/O (unit-testable). */
export function resolveBranding(
  client: ClientItem,
  agency: AgencyItem,
  cover: ResolvedBranding['cover_image'],
  now = new Date(),
): ResolvedBranding {
  const sources: ResolvedBranding['sources'] = {};
  const pick = (field: (typeof INHERITED)[number]) => {
    const own = client[field];
    sources[field] = own ? 'client' : 'agency';
    return own ?? agency[field] ?? null;
  };
  const accents = {
    color_accent_1: pick('color_accent_1') as string,
    color_accent_2: pick('color_accent_2') as string,
    color_accent_3: pick('color_accent_3') as string,
  };
  const logos = {
    logo_horizontal_url: pick('logo_horizontal_url'),
    logo_vertical_url: pick('logo_vertical_url'),
    logo_round_url: pick('logo_round_url'),
  };
  sources.footer_text = client.footer_text ? 'client' : agency.footer_text ? 'agency' : 'default';
  return {
    client_id: client.id,
    company_name: client.company_name,
    company_website: client.website_url ?? null,
    color_mode: agency.color_mode,
    ...accents,
    ...logos,
    footer_text:
      client.footer_text || agency.footer_text || `© ${now.getUTCFullYear()} ${client.company_name}`,
    cover_image: cover,
    sources,
    pdf_colors: derivePdfColors(accents),
    contrast: contrastReport(accents),
  };
}

/** `GET /api/v1/clients/{client_id}/branding/resolved`; 404 for a client the caller may not see. */
export async function resolvedClientBranding(
  caller: ClientsCaller,
  clientId: string,
): Promise<ResolvedBranding> {
  const client = await getClient(caller, clientId);
  const [{ data: agency }, cover] = await Promise.all([
    service().entities.agency.get({ id: caller.agency_id }).go(),
    clientCoverImage(caller.agency_id, clientId),
  ]);
  if (!agency) throw notFound('Agency');
  return resolveBranding(client, agency, cover);
}
