/**
 * The cover step against the real local cloud (S3, DynamoDB, Secrets Manager) and the fake
 * Freepik server on 127.0.0.1, which checks the API key header and serves real image bytes
 * through signed, expiring download links.
 */
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeFreepikResource,
  type FakeProviders,
  OVERLOADED_KEY,
  RATE_LIMITED_KEY,
  SLOW_KEY,
  startFakeProviders,
} from '../../tests/support/fake-providers.ts';
import { startTestCloud, type TestCloud } from '../../tests/support/local-cloud.ts';
import { agencyBySlug } from '../../tests/support/seed-data.ts';
import type { AgencyItem } from '../data/entities/agencies.ts';
import { encryptAgencySecret } from '../provider-keys/agency-secrets.ts';
import { s3Client } from '../storage/s3-client.ts';
import { type ChooseCoverInput, chooseCover } from './choose-cover.ts';
import { brandGradientSvg } from './gradient.ts';

const KEY = 'fpk_cover_test_key_Zq81';
const BRAND = { color_accent_1: '#1d4ed8', color_accent_2: '#0ea5e9', color_accent_3: '#f59e0b' };

let cloud: TestCloud;
let fakes: FakeProviders & { freepikUrl: string };
let agency: AgencyItem;
let jpeg: Buffer;
let png: Buffer;

async function withKey(key: string | undefined): Promise<AgencyItem> {
  return {
    ...agency,
    freepik_api_key_encrypted: key
      ? await encryptAgencySecret(agency.id, 'freepik_api_key_encrypted', key)
      : undefined,
  };
}

async function read(key: string): Promise<{ bytes: Buffer; contentType?: string }> {
  const object = await s3Client().send(new GetObjectCommand({ Bucket: process.env.FILES_BUCKET, Key: key }));
  return {
    bytes: Buffer.from((await object.Body?.transformToByteArray()) ?? []),
    contentType: object.ContentType,
  };
}

async function cover(overrides: Partial<ChooseCoverInput> & { key?: string | undefined } = {}) {
  const { key: given, ...rest } = overrides;
  const key = 'key' in overrides ? given : KEY;
  return chooseCover({
    agency: await withKey(key),
    client: { id: randomUUID() },
    document_id: randomUUID(),
    topic: 'Modern office',
    keywords: [],
    brand: BRAND,
    client_image_upload_allowed: false,
    options: { timeoutMs: 500 },
    ...rest,
  });
}

beforeAll(async () => {
  jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#336699' } })
    .jpeg()
    .toBuffer();
  png = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#aa3366' } })
    .png()
    .toBuffer();
  const resources: FakeFreepikResource[] = [
    { id: 101, title: 'Portrait of an office tower', orientation: 'vertical', file: jpeg },
    {
      id: 102,
      title: 'Modern office workspace',
      author: { id: 7, name: 'Ana Lopez', slug: 'analopez' },
      license: 'freemium',
      file: jpeg,
      filename: 'modern-office.jpg',
    },
    { id: 201, title: 'Broken harbour', file: jpeg.subarray(0, jpeg.length - 40) },
    {
      id: 202,
      title: 'Broken archive',
      file: Buffer.from('PK\u0003\u0004not really a zip'),
      filename: 'x.zip',
    },
    { id: 301, title: 'Capped mountain', file: jpeg },
    { id: 401, title: 'Failing river', file: jpeg, downloadStatus: 500 },
  ];
  fakes = await startFakeProviders([KEY], { freepik: { resources } });
  process.env.FREEPIK_BASE_URL = fakes.freepikUrl;
  cloud = await startTestCloud();
  agency = await agencyBySlug('demo');
});
afterAll(async () => {
  await fakes?.close();
  await cloud?.destroy();
});

describe('chooseCover: Freepik', () => {
  it('searches, downloads through the signed link and stores the photo with its attribution', async () => {
    const before = fakes.requests.length;
    const documentId = randomUUID();
    const chosen = await cover({ document_id: documentId });
    expect(chosen).toMatchObject({
      source: 'freepik',
      freepik_id: 102,
      s3_key: `agencies/${agency.id}/documents/${documentId}/cover.jpg`,
      content_type: 'image/jpeg',
      width: 1200,
      height: 800,
      query: 'Modern office',
      attribution: {
        provider: 'freepik',
        freepik_id: 102,
        author_name: 'Ana Lopez',
        author_url: 'https://www.freepik.com/author/analopez',
        license_type: 'freemium',
        license_url: 'https://www.freepik.com/profile/license/pdf/102?lang=en',
        credit: 'Image by Ana Lopez on Freepik',
      },
    });
    expect(chosen.attribution?.source_url).toMatch(/_102\.htm$/);
    expect(chosen.url.endsWith(chosen.s3_key)).toBe(true);
    expect(chosen.fallback_reason).toBeUndefined();

    const stored = await read(chosen.s3_key);
    expect(stored.contentType).toBe('image/jpeg');
    expect(stored.bytes.equals(jpeg)).toBe(true);
    const record = JSON.parse(
      (await read(`agencies/${agency.id}/documents/${documentId}/cover.json`)).bytes.toString(),
    );
    expect(record).toEqual(chosen);

    const [search, download, file] = fakes.requests.slice(before);
    expect(search?.path).toBe('/v1/resources');
    expect(search?.headers['x-freepik-api-key']).toBe(KEY);
    const query = new URLSearchParams(search?.query);
    expect(query.get('term')).toBe('Modern office');
    expect(query.get('filters[orientation][landscape]')).toBe('1');
    expect(query.get('filters[content_type][photo]')).toBe('1');
    expect(query.get('filters[people][exclude]')).toBe('1');
    expect(query.get('filters[color]')).toBe('blue');
    expect(download?.path).toBe('/v1/resources/102/download');
    expect(new URLSearchParams(download?.query).get('image_size')).toBe('large');
    expect(download?.headers['x-freepik-api-key']).toBe(KEY);
    // The signed file link gets no API key.
    expect(file?.path).toBe('/files/102/modern-office.jpg');
    expect(file?.headers['x-freepik-api-key']).toBeUndefined();
    expect(JSON.stringify(file?.headers)).not.toContain(KEY);
  });
});

describe('chooseCover: every Freepik failure falls back to the brand gradient', () => {
  const cases: [string, Partial<ChooseCoverInput> & { key?: string | undefined }, string][] = [
    ['no key stored', { key: undefined }, 'no_api_key'],
    ['key rejected (401)', { key: 'fpk_wrong_key' }, 'unauthorized'],
    ['throttled (429)', { key: RATE_LIMITED_KEY }, 'rate_limited'],
    ['outage (503)', { key: OVERLOADED_KEY }, 'provider_error'],
    ['no answer in time', { key: SLOW_KEY, options: { timeoutMs: 300 } }, 'timeout'],
    ['no results', { topic: 'Quantum basketweaving' }, 'no_results'],
    ['truncated JPEG and a zip', { topic: 'Broken things' }, 'bad_image'],
    ['download endpoint 500', { topic: 'Failing river' }, 'provider_error'],
    [
      'file over the size cap',
      { topic: 'Capped mountain', options: { timeoutMs: 500, maxBytes: 1000 } },
      'too_large',
    ],
  ];
  it.each(cases)('%s', async (_name, overrides, reason) => {
    const documentId = randomUUID();
    const chosen = await cover({ ...overrides, document_id: documentId });
    expect(chosen).toMatchObject({
      source: 'generated',
      fallback_reason: reason,
      s3_key: `agencies/${agency.id}/documents/${documentId}/cover.svg`,
      content_type: 'image/svg+xml',
      width: 816,
      height: 1056,
    });
    expect(chosen.fallback_detail).toEqual(expect.any(String));
    expect(chosen.attribution).toBeUndefined();
    const stored = await read(chosen.s3_key);
    expect(stored.contentType).toBe('image/svg+xml');
    expect(stored.bytes.toString()).toContain(brandGradientSvg(BRAND));
  });

  it('tries a second candidate after a bad file, no more', async () => {
    const before = fakes.requests.length;
    await cover({ topic: 'Broken things' });
    const downloads = fakes.requests.slice(before).filter((request) => request.path.endsWith('/download'));
    expect(downloads.map((request) => request.path)).toEqual([
      '/v1/resources/201/download',
      '/v1/resources/202/download',
    ]);
  });

  it('reports the daily download cap as rate limited', async () => {
    const capped = await startFakeProviders([KEY], {
      freepik: { resources: [{ id: 9, title: 'Modern office', file: jpeg }], downloadCap: 1 },
    });
    process.env.FREEPIK_BASE_URL = capped.freepikUrl;
    const { resetEnvCache } = await import('../config/env.ts');
    resetEnvCache();
    try {
      expect((await cover()).source).toBe('freepik');
      expect(await cover()).toMatchObject({ source: 'generated', fallback_reason: 'rate_limited' });
    } finally {
      process.env.FREEPIK_BASE_URL = fakes.freepikUrl;
      resetEnvCache();
      await capped.close();
    }
  });
});

describe('chooseCover: the client uploaded cover', () => {
  async function uploadCover(clientId: string) {
    await s3Client().send(
      new PutObjectCommand({
        Bucket: process.env.FILES_BUCKET,
        Key: `agencies/${agency.id}/clients/${clientId}/branding/cover`,
        Body: png,
        ContentType: 'image/png',
        Metadata: { width: '640', height: '400' },
      }),
    );
  }

  it('is preferred over Freepik when the plan allows it, and copied under the document', async () => {
    const clientId = randomUUID();
    const documentId = randomUUID();
    await uploadCover(clientId);
    const before = fakes.requests.length;
    const chosen = await cover({
      client: { id: clientId },
      document_id: documentId,
      client_image_upload_allowed: true,
    });
    expect(chosen).toMatchObject({
      source: 'uploaded',
      s3_key: `agencies/${agency.id}/documents/${documentId}/cover.png`,
      content_type: 'image/png',
      width: 640,
      height: 400,
    });
    expect(chosen.attribution).toBeUndefined();
    expect((await read(chosen.s3_key)).bytes.equals(png)).toBe(true);
    expect(fakes.requests.length).toBe(before);
  });

  it('is ignored when the plan does not allow it (read from the agency plan)', async () => {
    const clientId = randomUUID();
    await uploadCover(clientId);
    const { service } = await import('../data/service.ts');
    const { data: plan } = await service().entities.plan.get({ id: agency.plan_id }).go();
    const chosen = await cover({ client: { id: clientId }, client_image_upload_allowed: undefined });
    expect(chosen.source).toBe(plan?.client_image_upload_allowed ? 'uploaded' : 'freepik');
    expect((await cover({ client: { id: clientId }, client_image_upload_allowed: false })).source).toBe(
      'freepik',
    );
  });

  it('falls through to Freepik when the client has no cover', async () => {
    expect((await cover({ client_image_upload_allowed: true })).source).toBe('freepik');
  });
});
