/**
 * Logo and cover uploads of the brand kits (PRD §6.3, §6.7): the multipart form is read, the image
 * is recognised and checked by its bytes (`../uploads/inspect-image.ts`), stored under the owner's
 * prefix with a content-hashed key, and the entity then points at it. The entity is written last,
 * so a refused or failed upload changes nothing a reader can see.
 *
 * Prefixes: `agencies/{agency_id}/branding/…` and `agencies/{agency_id}/clients/{client_id}/branding/…`
 * (everything an agency owns sits under its own prefix, for retention and deletion).
 */
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { type AuditRequest, changesOf, recordSettingsAudit } from '../agencies/agency-audit.ts';
import type { ClientsCaller } from '../clients/clients-caller.ts';
import { getClient } from '../clients/read-clients.ts';
import { env } from '../config/env.ts';
import { service } from '../data/service.ts';
import { ApiError, notFound, validationError } from '../http/errors.ts';
import type { ApiEvent } from '../http/types.ts';
import { s3Client } from '../storage/s3-client.ts';
import type { AgencyCaller } from '../tenancy/agency-scope.ts';
import { type InspectedImage, inspectImage, MAX_IMAGE_BYTES } from '../uploads/inspect-image.ts';
import { readMultipart } from '../uploads/multipart.ts';
import { storeImage } from '../uploads/store-image.ts';
import { AGENCY_LOGO_TYPES, type AgencyLogoType, CLIENT_LOGO_TYPES, type ClientLogoType } from './schemas.ts';

/** What an upload answers (PRD §6.7 logo response, plus the stored content type). */
export interface UploadedImage {
  type: string;
  url: string;
  content_type: string;
  width: number;
  height: number;
  file_size_bytes: number;
}

/** The `file` part and the `type` field of an upload form; 422 VAL_001 lists every bad field. */
async function readImageForm<T extends string>(
  event: ApiEvent,
  types: readonly T[] | null,
): Promise<{ type: T | null; file: Buffer }> {
  const form = await readMultipart(event, MAX_IMAGE_BYTES);
  const problems = [];
  const type = form.fields.type;
  const knownType = types?.find((candidate) => candidate === type) ?? null;
  if (types && !knownType) problems.push({ field: 'type', message: `Must be one of: ${types.join(', ')}` });
  if (form.file?.field !== 'file') problems.push({ field: 'file', message: 'An image file is required' });
  if (problems.length > 0 || !form.file) throw validationError(problems);
  return { type: knownType, file: form.file.bytes };
}

function answer(type: string, image: InspectedImage, url: string): UploadedImage {
  return {
    type,
    url,
    content_type: image.content_type,
    width: image.width,
    height: image.height,
    file_size_bytes: image.bytes.length,
  };
}

/** The entity fields a logo of `type` is recorded in (only wide logos keep their size: layouts need it). */
function logoFields(type: AgencyLogoType, url: string, image: InspectedImage) {
  if (type === 'horizontal' || type === 'vertical')
    return {
      [`logo_${type}_url`]: url,
      [`logo_${type}_width`]: image.width,
      [`logo_${type}_height`]: image.height,
    };
  return { [`logo_${type}_url`]: url };
}

/** `POST /api/v1/agency/branding/logo`: JPG/PNG/WebP or sanitised SVG. */
export async function uploadAgencyLogo(
  caller: AgencyCaller,
  event: ApiEvent,
  request: AuditRequest,
): Promise<UploadedImage> {
  const form = await readImageForm(event, AGENCY_LOGO_TYPES);
  const type = form.type as AgencyLogoType;
  const image = await inspectImage(form.file, { allowSvg: true });
  const stored = await storeImage(image, `agencies/${caller.agency_id}/branding`, `logo-${type}`);
  const fields = logoFields(type, stored.url, image);
  const { data: before } = await service().entities.agency.get({ id: caller.agency_id }).go();
  if (!before) throw notFound('Agency');
  await service().entities.agency.patch({ id: caller.agency_id }).set(fields).go();
  await recordSettingsAudit(
    caller,
    'agency_logo_upload',
    { type: 'agency', id: before.id, name: before.name },
    { changes: changesOf(before, fields), metadata: { logo_type: type, content_type: image.content_type } },
    request,
  );
  return answer(type, image, stored.url);
}

/** `POST /api/v1/clients/{client_id}/branding/logo`: JPG/PNG/WebP only (PRD §6.3). */
export async function uploadClientLogo(
  caller: ClientsCaller,
  clientId: string,
  event: ApiEvent,
  request: AuditRequest,
): Promise<UploadedImage & { logo_url: string }> {
  const before = await getClient(caller, clientId);
  const form = await readImageForm(event, CLIENT_LOGO_TYPES);
  const type = form.type as ClientLogoType;
  const image = await inspectImage(form.file, { allowSvg: false });
  const stored = await storeImage(
    image,
    `agencies/${caller.agency_id}/clients/${clientId}/branding`,
    `logo-${type}`,
  );
  const fields = logoFields(type, stored.url, image);
  await service().entities.client.patch({ agency_id: caller.agency_id, id: clientId }).set(fields).go();
  await recordSettingsAudit(
    caller,
    'client_logo_upload',
    { type: 'client', id: before.id, name: before.company_name },
    { changes: changesOf(before, fields), metadata: { logo_type: type, content_type: image.content_type } },
    request,
  );
  return { ...answer(type, image, stored.url), logo_url: stored.url };
}

/**
 * Where a client's own cover image lives. The client entity has no cover attribute yet, so the
 * object at this fixed key IS the record (S3 replaces it atomically; its size travels as object
 * metadata). Hence no content hash here, and `no-cache` so a replaced cover is never served stale.
 */
const coverKey = (agencyId: string, clientId: string) =>
  `agencies/${agencyId}/clients/${clientId}/branding/cover`;

const coverUrl = (key: string) => `${env().FILES_BASE_URL.replace(/\/$/, '')}/${key}`;

/**
 * `POST /api/v1/clients/{client_id}/branding/cover` (Enterprise: plan flag
 * `client_image_upload_allowed`, else 403 BIZ_005). JPG/PNG/WebP only.
 */
export async function uploadClientCover(
  caller: ClientsCaller,
  clientId: string,
  event: ApiEvent,
  request: AuditRequest,
): Promise<UploadedImage> {
  const { data: agency } = await service().entities.agency.get({ id: caller.agency_id }).go();
  const { data: plan } = agency
    ? await service().entities.plan.get({ id: agency.plan_id }).go()
    : { data: null };
  if (!plan?.client_image_upload_allowed)
    throw new ApiError('BIZ_005', { message: 'Client cover images are available on the Enterprise plan' });
  const client = await getClient(caller, clientId);
  const form = await readImageForm(event, null);
  const image = await inspectImage(form.file, { allowSvg: false });
  const key = coverKey(caller.agency_id, clientId);
  await s3Client().send(
    new PutObjectCommand({
      Bucket: env().FILES_BUCKET,
      Key: key,
      Body: image.bytes,
      ContentType: image.content_type,
      CacheControl: 'no-cache',
      Metadata: { width: String(image.width), height: String(image.height) },
    }),
  );
  await recordSettingsAudit(
    caller,
    'client_cover_upload',
    { type: 'client', id: client.id, name: client.company_name },
    { metadata: { content_type: image.content_type, width: image.width, height: image.height } },
    request,
  );
  return answer('cover', image, coverUrl(key));
}

/** The client's uploaded cover image (used instead of a stock image, PRD §7.2.9), or null. */
export async function clientCoverImage(
  agencyId: string,
  clientId: string,
): Promise<{ url: string; width: number; height: number } | null> {
  const key = coverKey(agencyId, clientId);
  try {
    const head = await s3Client().send(new HeadObjectCommand({ Bucket: env().FILES_BUCKET, Key: key }));
    return { url: coverUrl(key), width: Number(head.Metadata?.width), height: Number(head.Metadata?.height) };
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
    throw error;
  }
}
