/**
 * Logo and cover uploads through the local gateway (PRD §6.3, §6.7): images are recognised by
 * their bytes, checked end to end (truncation, appended payloads, embedded markup), SVG only for
 * agency logos and only without active or external content; stored under the tenant's prefix
 * with a content-hashed key and served back byte for byte. Refusals leave nothing behind.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '../../shared/config/env.ts';
import type { UserItem } from '../../shared/data/entities/users.ts';
import { service } from '../../shared/data/service.ts';
import { s3Client } from '../../shared/storage/s3-client.ts';
import type { Envelope } from '../support/api-client.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { png } from '../support/png.ts';
import { agencyIdsBySlug, SEEDED_AGENCIES, tokenForRole } from '../support/seed-data.ts';

let cloud: TestCloud;
const agencyIds: Record<string, string> = {};
const clientIds: Record<string, string> = {};
const tokens: Record<string, string> = {};

/** 6×4 images made with sharp (libvips). */
const JPEG = Buffer.from(
  '/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAEAAYDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAAAQf/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCKAKtv/9k=',
  'base64',
);
const WEBP = Buffer.from('UklGRh4AAABXRUJQVlA4TBEAAAAvBcAAAAdQjyJXq/+BiOh/AAA=', 'base64');

const svg = (inner: string, attributes = '') =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 240 80"${attributes}>${inner}</svg>`,
  );

interface Answer {
  status: number;
  body: Envelope;
}

async function upload(
  path: string,
  file: Buffer | null,
  options: { type?: string; token?: string; agency?: string; filename?: string; declared?: string } = {},
): Promise<Answer> {
  const form = new FormData();
  if (options.type !== undefined) form.set('type', options.type);
  if (file)
    form.set(
      'file',
      new Blob([new Uint8Array(file)], { type: options.declared ?? 'image/png' }),
      options.filename ?? 'logo.png',
    );
  const response = await cloud.request(path, {
    method: 'POST',
    agency: options.agency ?? 'demo',
    headers: { authorization: `Bearer ${options.token ?? tokens.owner}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const agencyLogo = (file: Buffer | null, type = 'horizontal', options: Parameters<typeof upload>[2] = {}) =>
  upload('/api/v1/agency/branding/logo', file, { type, ...options });
const clientLogo = (
  clientId: string,
  file: Buffer | null,
  type = 'horizontal',
  options: Parameters<typeof upload>[2] = {},
) => upload(`/api/v1/clients/${clientId}/branding/logo`, file, { type, ...options });

const tokenFor = (slug: string, role: UserItem['role']) => tokenForRole(agencyIds[slug] as string, role);

async function objectsUnder(prefix: string): Promise<string[]> {
  const listed = await s3Client().send(
    new ListObjectsV2Command({ Bucket: env().FILES_BUCKET, Prefix: prefix }),
  );
  return (listed.Contents ?? []).map((object) => object.Key as string);
}

const expectRefused = (answer: Answer, code: string, status: number) => {
  expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status, code });
};

beforeAll(async () => {
  cloud = await startTestCloud();
  Object.assign(agencyIds, await agencyIdsBySlug());
  for (const slug of SEEDED_AGENCIES) {
    const clients = await service()
      .entities.client.query.byId({ agency_id: agencyIds[slug] as string })
      .go();
    clientIds[slug] = clients.data[0]?.id as string;
  }
  tokens.owner = await tokenFor('demo', 'agency_admin');
  tokens.member = await tokenFor('demo', 'agency_member');
  tokens.acmeOwner = await tokenFor('acme', 'agency_admin');
});
afterAll(() => cloud.destroy());

describe('logo uploads (connected)', () => {
  it('stores a PNG agency logo by content hash, records its size and serves the same bytes', async () => {
    const image = png(400, 100);
    const answer = await agencyLogo(image, 'horizontal', {
      filename: 'whatever.exe',
      declared: 'application/zip',
    });
    expect(answer.status).toBe(201);
    expect(answer.body.data).toMatchObject({
      type: 'horizontal',
      content_type: 'image/png',
      width: 400,
      height: 100,
      file_size_bytes: image.length,
    });
    const url = answer.body.data?.url as string;
    expect(url).toMatch(
      new RegExp(`/files/agencies/${agencyIds.demo}/branding/logo-horizontal-[0-9a-f]{32}\\.png$`),
    );
    const served = await cloud.request(new URL(url).pathname);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(image)).toBe(true);

    const { data: agency } = await service()
      .entities.agency.get({ id: agencyIds.demo as string })
      .go();
    expect(agency).toMatchObject({
      logo_horizontal_url: url,
      logo_horizontal_width: 400,
      logo_horizontal_height: 100,
    });
    // The same bytes again land on the same key.
    expect((await agencyLogo(image)).body.data?.url).toBe(url);
  });

  it('accepts JPEG and WebP by their bytes, whatever the declared type', async () => {
    const jpeg = await clientLogo(clientIds.demo as string, JPEG, 'vertical', { declared: 'image/png' });
    expect(jpeg.status).toBe(201);
    expect(jpeg.body.data).toMatchObject({ content_type: 'image/jpeg', width: 6, height: 4 });
    expect(jpeg.body.data?.logo_url).toBe(jpeg.body.data?.url);
    expect(jpeg.body.data?.url).toMatch(
      new RegExp(
        `/agencies/${agencyIds.demo}/clients/${clientIds.demo}/branding/logo-vertical-[0-9a-f]{32}\\.jpg$`,
      ),
    );
    const webp = await agencyLogo(WEBP, 'round', { declared: 'text/plain' });
    expect(webp.status).toBe(201);
    expect(webp.body.data).toMatchObject({ content_type: 'image/webp', width: 6, height: 4 });
  });

  it('stores a sanitised SVG agency logo, dropping inert editor metadata', async () => {
    const upload = svg(
      '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" id="nv"/>' +
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#1a4a6e"/></linearGradient></defs>' +
        '<style>.mark{fill:url(#g)}</style><rect id="r" class="mark" width="80" height="80"/><use href="#r" x="100"/>' +
        '<text x="190" y="50">A &amp; B</text>',
      ' width="240" height="80"',
    );
    const answer = await agencyLogo(upload, 'favicon', { filename: 'logo.svg', declared: 'image/svg+xml' });
    expect(answer.status).toBe(201);
    expect(answer.body.data).toMatchObject({ content_type: 'image/svg+xml', width: 240, height: 80 });
    const served = await cloud.request(new URL(answer.body.data?.url as string).pathname);
    expect(served.headers.get('content-type')).toBe('image/svg+xml');
    const text = await served.text();
    expect(text).toContain('<use href="#r"');
    expect(text).toContain('A &amp; B');
    expect(text).not.toContain('sodipodi');
  });

  it('refuses files that are not JPG/PNG/WebP by their bytes: executables, GIFs, text', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(512, 1)]);
    expectRefused(
      await agencyLogo(exe, 'horizontal', { filename: 'logo.png', declared: 'image/png' }),
      'FILE_002',
      400,
    );
    const elf = Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01', 'latin1'), Buffer.alloc(256)]);
    expectRefused(await clientLogo(clientIds.demo as string, elf), 'FILE_002', 400);
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    expectRefused(await agencyLogo(gif), 'FILE_002', 400);
    expectRefused(await agencyLogo(Buffer.from('hello, world')), 'FILE_002', 400);
  });

  it('refuses truncated and corrupt images', async () => {
    const image = png(300, 200);
    expectRefused(await agencyLogo(image.subarray(0, image.length - 20)), 'FILE_002', 400);
    expectRefused(await agencyLogo(image.subarray(0, 40)), 'FILE_002', 400); // header parses, no data
    const flipped = Buffer.from(image);
    flipped[60] = (flipped[60] as number) ^ 0xff; // inside IDAT: checksum no longer matches
    expectRefused(await agencyLogo(flipped), 'FILE_002', 400);
    expectRefused(await agencyLogo(JPEG.subarray(0, JPEG.length - 30)), 'FILE_002', 400);
    expectRefused(await agencyLogo(WEBP.subarray(0, WEBP.length - 4)), 'FILE_002', 400);
  });

  it('refuses polyglots: payloads after the image end and markup hidden in metadata', async () => {
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    expectRefused(await agencyLogo(Buffer.concat([png(10, 10), html])), 'FILE_002', 400);
    expectRefused(await agencyLogo(Buffer.concat([JPEG, html])), 'FILE_002', 400);
    // GIFAR-style: a ZIP (JAR) archive appended after IEND.
    const zip = Buffer.concat([
      Buffer.from('PK\x03\x04', 'latin1'),
      Buffer.alloc(64, 7),
      Buffer.from('PK\x05\x06', 'latin1'),
      Buffer.alloc(18),
    ]);
    const gifar = await agencyLogo(Buffer.concat([png(10, 10), zip]));
    expectRefused(gifar, 'FILE_002', 400);
    expect(gifar.body.error?.message).toMatch(/after the end of the image/);
    const planted = png(10, 10, [Buffer.from('Comment\0<script>fetch("//evil.example")</script>', 'latin1')]);
    expectRefused(await agencyLogo(planted), 'FILE_002', 400);
  });

  it.each([
    ['a <script> element', svg('<script>alert(1)</script><rect width="1" height="1"/>')],
    ['an onload handler', svg('<rect width="1" height="1"/>', ' onload="alert(1)"')],
    ['an event handler on a child', svg('<rect width="1" height="1" onclick="alert(1)"/>')],
    ['an external href', svg('<image href="https://evil.example/x.png" width="1" height="1"/>')],
    ['an external xlink:href', svg('<use xlink:href="https://evil.example/sprite.svg#logo"/>')],
    ['a javascript: link', svg('<a href="javascript:alert(1)"><rect width="1" height="1"/></a>')],
    ['a link to another document', svg('<a href="https://evil.example/"><rect width="1" height="1"/></a>')],
    [
      'a foreignObject',
      svg(
        '<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
      ),
    ],
    [
      'external CSS',
      svg('<style>@import url(https://evil.example/x.css);</style><rect width="1" height="1"/>'),
    ],
    [
      'an external paint server',
      svg('<rect width="1" height="1" fill="url(https://evil.example/p.svg#g)"/>'),
    ],
    [
      'CSS hidden behind escapes',
      svg('<style>rect{fill:\\75 rl(https://evil.example/p.svg#g)}</style><rect width="1" height="1"/>'),
    ],
    [
      'a stylesheet processing instruction',
      Buffer.from(
        '<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/x.css"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>',
      ),
    ],
    [
      'DTD entities',
      Buffer.from(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">&a;</svg>',
      ),
    ],
  ])('refuses an SVG with %s', async (_name, file) => {
    expectRefused(
      await agencyLogo(file, 'horizontal', { declared: 'image/svg+xml', filename: 'x.svg' }),
      'FILE_002',
      400,
    );
  });

  it('refuses SVG for client logos (PRD §6.3: JPG, PNG, WebP)', async () => {
    const clean = svg('<rect width="10" height="10"/>');
    expectRefused(await clientLogo(clientIds.demo as string, clean), 'FILE_002', 400);
  });

  it('refuses a file over 10 MB with 413 FILE_001, and the gateway refuses bodies over its cap', async () => {
    const big = Buffer.concat([png(10, 10), Buffer.alloc(10_000_001 - png(10, 10).length)]);
    expectRefused(await agencyLogo(big), 'FILE_001', 413);
    const huge = await cloud.request('/api/v1/agency/branding/logo', {
      method: 'POST',
      agency: 'demo',
      headers: { authorization: `Bearer ${tokens.owner}`, 'content-type': 'multipart/form-data; boundary=x' },
      body: Buffer.alloc(10 * 1024 * 1024 + 1),
    });
    expect(huge.status).toBe(413);
  });

  it('lists every bad form field in one 422 and refuses a non-multipart body', async () => {
    const wrongType = await agencyLogo(png(5, 5), 'banner');
    expect(wrongType.status).toBe(422);
    const noFile = await agencyLogo(null, 'sideways');
    expect(
      ((noFile.body.error?.details ?? []) as { field: string }[]).map((detail) => detail.field).sort(),
    ).toEqual(['file', 'type']);
    // Clients have no favicon (the dashboard shows the agency's).
    expect((await clientLogo(clientIds.demo as string, png(5, 5), 'favicon')).status).toBe(422);
    const json = await cloud.request('/api/v1/agency/branding/logo', {
      method: 'POST',
      agency: 'demo',
      headers: { authorization: `Bearer ${tokens.owner}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'horizontal', file: png(5, 5).toString('base64') }),
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as Answer['body']).error?.code).toBe('VAL_003');
  });

  it('leaves nothing behind when an upload is refused', async () => {
    const clientId = clientIds.demo as string;
    const prefix = `agencies/${agencyIds.demo}/clients/${clientId}/branding/logo-round`;
    expectRefused(
      await clientLogo(clientId, Buffer.concat([png(4, 4), Buffer.from('<html>')]), 'round'),
      'FILE_002',
      400,
    );
    expect(await objectsUnder(prefix)).toEqual([]);
    const { data } = await service()
      .entities.client.get({ agency_id: agencyIds.demo as string, id: clientId })
      .go();
    expect(data?.logo_round_url).toBeUndefined();
  });
});

describe('cover images and access (connected)', () => {
  it('lets an Enterprise agency upload a client cover and shows it in the resolved brand', async () => {
    const clientId = clientIds.demo as string;
    const answer = await upload(`/api/v1/clients/${clientId}/branding/cover`, png(1200, 630));
    expect(answer.status).toBe(201);
    expect(answer.body.data).toMatchObject({ type: 'cover', width: 1200, height: 630 });
    const resolved = await cloud.request(`/api/v1/clients/${clientId}/branding/resolved`, {
      agency: 'demo',
      headers: { authorization: `Bearer ${tokens.owner}` },
    });
    const body = (await resolved.json()) as Answer['body'];
    expect(body.data?.cover_image).toEqual({ url: answer.body.data?.url, width: 1200, height: 630 });
  });

  it('refuses a cover on a Pro plan with 403 BIZ_005', async () => {
    const answer = await upload(`/api/v1/clients/${clientIds.acme}/branding/cover`, png(10, 10), {
      agency: 'acme',
      token: tokens.acmeOwner,
    });
    expectRefused(answer, 'BIZ_005', 403);
  });

  it('answers 404 for another agency’s client, on every brand-kit route', async () => {
    const foreign = clientIds.acme as string;
    expectRefused(await clientLogo(foreign, png(5, 5)), 'RES_001', 404);
    expectRefused(await upload(`/api/v1/clients/${foreign}/branding/cover`, png(5, 5)), 'RES_001', 404);
    for (const [method, path, body] of [
      ['PUT', `/api/v1/clients/${foreign}/branding`, JSON.stringify({ color_accent_1: '#112233' })],
      ['GET', `/api/v1/clients/${foreign}/branding/resolved`, undefined],
    ] as const) {
      const response = await cloud.request(path, {
        method,
        agency: 'demo',
        headers: { authorization: `Bearer ${tokens.owner}`, 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(404);
    }
    expect(await objectsUnder(`agencies/${agencyIds.acme}/`)).toEqual([]);
  });

  it('refuses uploads by members with 403', async () => {
    expectRefused(await agencyLogo(png(5, 5), 'horizontal', { token: tokens.member }), 'AUTH_004', 403);
    expectRefused(
      await clientLogo(clientIds.demo as string, png(5, 5), 'horizontal', { token: tokens.member }),
      'AUTH_004',
      403,
    );
    expectRefused(
      await upload(`/api/v1/clients/${clientIds.demo}/branding/cover`, png(5, 5), { token: tokens.member }),
      'AUTH_004',
      403,
    );
  });
});
