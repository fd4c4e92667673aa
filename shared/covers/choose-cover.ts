/**
 * Step 9 of generation, the cover image (PRD §7.2.9), in this order:
 *
 * 1. the client's own uploaded cover, when the agency's plan allows it (Enterprise:
 *    `client_image_upload_allowed`) and one exists;
 * 2. a Freepik stock photo (EXTERNAL-APIS.md Part D) found from the topic and keywords with the
 *    agency's BYOK key, downloaded through the signed link and checked by its bytes;
 * 3. a brand-gradient SVG made from the brand colours (deterministic).
 *
 * Whatever is chosen is copied to `agencies/{agency}/documents/{document}/cover.{ext}` in the files
 * bucket (so the document keeps its cover even if the client later replaces theirs), and the choice
 * itself, with the stock image's attribution for the PDF's credits, is written beside it as
 * `cover.json`. Any Freepik failure falls back to the gradient and says why (`fallback_reason`);
 * storage failures and an undecryptable stored key are errors, not fallbacks.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { clientCoverImage } from '../branding/logo-uploads.ts';
import { env } from '../config/env.ts';
import type { MasterKeyring } from '../crypto/envelope.ts';
import type { AgencyItem } from '../data/entities/agencies.ts';
import { service } from '../data/service.ts';
import { logger } from '../log.ts';
import { decryptAgencySecret } from '../provider-keys/agency-secrets.ts';
import { s3Client } from '../storage/s3-client.ts';
import { type InspectedImage, inspectImage } from '../uploads/inspect-image.ts';
import {
  downloadPhoto,
  FreepikError,
  type FreepikFailure,
  type FreepikResource,
  type FreepikSettings,
  freepikColor,
  searchPhotos,
} from './freepik-client.ts';
import { brandGradientSvg, type GradientBrand } from './gradient.ts';

export type CoverSource = 'uploaded' | 'freepik' | 'generated';
/** Why the gradient was used: a Freepik failure, or no key / nothing to search for. */
export type CoverFallbackReason = FreepikFailure | 'no_api_key' | 'no_query';

/** Credit line material for a stock image (D2 fields; the licence's obligations are UNVERIFIED). */
export interface CoverAttribution {
  provider: 'freepik';
  freepik_id: number;
  title: string | null;
  author_name: string;
  author_url: string | null;
  /** The resource's page on freepik.com. */
  source_url: string | null;
  license_type: string | null;
  license_url: string | null;
  /** Ready to print, e.g. "Image by freepik on Freepik". */
  credit: string;
}

export interface ChosenCover {
  source: CoverSource;
  bucket: string;
  s3_key: string;
  url: string;
  content_type: string;
  width: number;
  height: number;
  attribution?: CoverAttribution;
  freepik_id?: number;
  /** The Freepik search term used, when one was sent. */
  query?: string;
  /** Only for `generated`. */
  fallback_reason?: CoverFallbackReason;
  fallback_detail?: string;
}

export interface ChooseCoverInput {
  agency: Pick<AgencyItem, 'id' | 'plan_id' | 'freepik_api_key_encrypted'>;
  client: { id: string; industry?: string | null };
  document_id: string;
  topic: string;
  keywords?: readonly string[];
  brand: GradientBrand;
  /** An explicit search (PRD `cover_image_search`) instead of topic + keywords. */
  search?: string | null;
  /** The agency's plan flag; read from the plan when omitted. */
  client_image_upload_allowed?: boolean;
  options?: { timeoutMs?: number; maxBytes?: number; keyring?: MasterKeyring };
}

const DEFAULT_TIMEOUT_MS = 15_000;
/** Stock downloads are capped per day (D4): a bad file gets one more candidate, not ten. */
const MAX_DOWNLOAD_ATTEMPTS = 2;

/** Words whose presence in a stock title keeps it off a business cover. */
const UNSAFE =
  /\b(nude|nudity|naked|sexy|erotic|lingerie|bikini|blood|gore|weapon|gun|drugs?|violence|corpse)\b/i;

const filesUrl = (key: string) => `${env().FILES_BASE_URL.replace(/\/$/, '')}/${key}`;
const documentPrefix = (agencyId: string, documentId: string) =>
  `agencies/${agencyId}/documents/${documentId}`;

/** The Freepik term: an explicit search, else industry + topic + the first keywords (≤ 100 chars). */
export function coverQuery(
  input: Pick<ChooseCoverInput, 'topic' | 'keywords' | 'search' | 'client'>,
): string {
  const parts = input.search?.trim()
    ? [input.search]
    : [input.client.industry ?? '', input.topic, ...(input.keywords ?? []).slice(0, 2)];
  const words: string[] = [];
  for (const word of parts
    .join(' ')
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .split(/\s+/)) {
    if (word && !words.some((seen) => seen.toLowerCase() === word.toLowerCase())) words.push(word);
  }
  let query = '';
  for (const word of words) {
    if (`${query} ${word}`.trim().length > 100) break;
    query = `${query} ${word}`.trim();
  }
  return query;
}

/** Active, safe photos, landscape first, otherwise in Freepik's relevance order. */
export function rankCandidates(results: readonly FreepikResource[]): FreepikResource[] {
  const usable = results.filter(
    (item) =>
      item.active !== false &&
      (item.image?.type === undefined || item.image.type === 'photo') &&
      !UNSAFE.test(`${item.title ?? ''} ${item.url ?? ''}`),
  );
  const landscape = (item: FreepikResource) =>
    ['horizontal', 'panoramic', undefined].includes(item.image?.orientation) ? 0 : 1;
  return usable
    .map((item, index) => ({ item, index }))
    .sort((a, b) => landscape(a.item) - landscape(b.item) || a.index - b.index)
    .map(({ item }) => item);
}

function attributionOf(resource: FreepikResource): CoverAttribution {
  const license = resource.licenses?.[0];
  const author = resource.author?.name?.trim() || 'Freepik';
  const slug = resource.author?.slug;
  return {
    provider: 'freepik',
    freepik_id: resource.id,
    title: resource.title ?? null,
    author_name: author,
    author_url: slug ? `https://www.freepik.com/author/${encodeURIComponent(slug)}` : null,
    source_url: resource.url ?? null,
    license_type: license?.type ?? null,
    license_url: license?.url ?? null,
    credit: `Image by ${author} on Freepik`,
  };
}

async function store(
  agencyId: string,
  documentId: string,
  image: Pick<InspectedImage, 'bytes' | 'content_type' | 'extension' | 'width' | 'height'>,
  details: Omit<ChosenCover, 'bucket' | 's3_key' | 'url' | 'content_type' | 'width' | 'height'>,
): Promise<ChosenCover> {
  const bucket = env().FILES_BUCKET;
  const prefix = documentPrefix(agencyId, documentId);
  const key = `${prefix}/cover.${image.extension}`;
  await s3Client().send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: image.bytes,
      ContentType: image.content_type,
      // A regenerated document may get a different cover under the same key.
      CacheControl: 'no-cache',
      Metadata: { source: details.source, width: String(image.width), height: String(image.height) },
    }),
  );
  const chosen: ChosenCover = {
    ...details,
    bucket,
    s3_key: key,
    url: filesUrl(key),
    content_type: image.content_type,
    width: image.width,
    height: image.height,
  };
  await s3Client().send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: `${prefix}/cover.json`,
      Body: JSON.stringify(chosen),
      ContentType: 'application/json',
      CacheControl: 'no-cache',
    }),
  );
  return chosen;
}

/** The client's uploaded cover, re-checked by its bytes, or null when there is none. */
async function uploadedCover(agencyId: string, clientId: string): Promise<InspectedImage | null> {
  const found = await clientCoverImage(agencyId, clientId);
  if (!found) return null;
  const base = env().FILES_BASE_URL.replace(/\/$/, '');
  const key = found.url.slice(base.length + 1);
  try {
    const object = await s3Client().send(new GetObjectCommand({ Bucket: env().FILES_BUCKET, Key: key }));
    const bytes = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
    return await inspectImage(bytes, { allowSvg: false });
  } catch (error) {
    // Removed between the HEAD and the GET, or no longer a valid image: use the next source.
    logger.warn('client cover image unusable', {
      agency_id: agencyId,
      client_id: clientId,
      reason: String(error),
    });
    return null;
  }
}

async function planAllowsUpload(input: ChooseCoverInput): Promise<boolean> {
  if (input.client_image_upload_allowed !== undefined) return input.client_image_upload_allowed;
  const { data: plan } = await service().entities.plan.get({ id: input.agency.plan_id }).go();
  return plan?.client_image_upload_allowed ?? false;
}

/** A stock photo and its attribution, or a FreepikError. */
async function freepikCover(
  settings: FreepikSettings,
  query: string,
  brand: GradientBrand,
): Promise<{ image: InspectedImage; resource: FreepikResource }> {
  const color = freepikColor(brand.color_accent_1);
  let results = await searchPhotos(settings, { term: query, color, limit: 10 });
  // The colour filter narrows a lot; searching again without it costs no download.
  if (results.length === 0 && color) results = await searchPhotos(settings, { term: query, limit: 10 });
  const candidates = rankCandidates(results);
  if (candidates.length === 0)
    throw new FreepikError('no_results', `Freepik found no usable photo for "${query}"`);
  let lastError: FreepikError | undefined;
  for (const resource of candidates.slice(0, MAX_DOWNLOAD_ATTEMPTS)) {
    try {
      return { image: await downloadPhoto(settings, resource.id), resource };
    } catch (error) {
      if (!(error instanceof FreepikError)) throw error;
      lastError = error;
      // Only a bad file is worth another candidate; auth, quota and outages would fail again.
      if (error.reason !== 'bad_image' && error.reason !== 'too_large') break;
    }
  }
  throw lastError as FreepikError;
}

/** Chooses, stores and describes the cover of document `document_id`. */
export async function chooseCover(input: ChooseCoverInput): Promise<ChosenCover> {
  const { agency, client, document_id: documentId } = input;
  if (await planAllowsUpload(input)) {
    const uploaded = await uploadedCover(agency.id, client.id);
    if (uploaded) return store(agency.id, documentId, uploaded, { source: 'uploaded' });
  }

  const query = coverQuery(input);
  let reason: CoverFallbackReason;
  let detail: string;
  const apiKey = await decryptAgencySecret(agency, 'freepik_api_key_encrypted', input.options?.keyring);
  if (!apiKey) {
    reason = 'no_api_key';
    detail = 'The agency has no Freepik API key';
  } else if (!query) {
    reason = 'no_query';
    detail = 'Nothing to search for';
  } else {
    const settings: FreepikSettings = {
      baseUrl: env().FREEPIK_BASE_URL,
      authHeader: env().FREEPIK_AUTH_HEADER,
      apiKey,
      timeoutMs: input.options?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxBytes: input.options?.maxBytes,
    };
    try {
      const { image, resource } = await freepikCover(settings, query, input.brand);
      const attribution = attributionOf(resource);
      return store(agency.id, documentId, image, {
        source: 'freepik',
        attribution,
        freepik_id: resource.id,
        query,
      });
    } catch (error) {
      if (!(error instanceof FreepikError)) throw error;
      reason = error.reason;
      detail = error.message;
    }
  }

  logger.warn('cover falls back to the brand gradient', {
    agency_id: agency.id,
    document_id: documentId,
    reason,
    detail,
  });
  const svg = Buffer.from(brandGradientSvg(input.brand), 'utf8');
  const image = await inspectImage(svg, { allowSvg: true });
  return store(agency.id, documentId, image, {
    source: 'generated',
    ...(apiKey && query ? { query } : {}),
    fallback_reason: reason,
    fallback_detail: detail,
  });
}
