import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalService } from '../service.ts';
import { createDashboardService } from './dashboard-service.ts';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http rather than fetch: fetch would normalise `..` segments before they reach the server. */
function raw(
  port: number,
  path: string,
  method = 'GET',
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function writeSite(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** A server that offers every request to the service, as the local cloud does. */
async function serve(service: LocalService): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    void Promise.resolve(service.handle?.(req, res)).then((handled) => {
      if (!handled) res.writeHead(418).end('unclaimed');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

const SITE = {
  'index.html': '<h1>home</h1>',
  'status/index.html': '<h1>status</h1>',
  'about.html': '<h1>about</h1>',
  '404.html': '<h1>not found page</h1>',
  '_astro/app.B6ZiCovi.js': 'console.log(1);',
  '_astro/style.CMqi1MLa.css': 'body{}',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
};

describe('dashboard service', () => {
  let base: string;
  let port: number;
  let server: Server;
  let service: LocalService;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'dashboard-service-'));
    const dist = join(base, 'dist');
    await writeSite(dist, SITE);
    await writeFile(join(base, 'secret.txt'), 'TOP SECRET');
    await symlink(join(base, 'secret.txt'), join(dist, 'link-out.txt'));
    service = await createDashboardService({ dataDir: base, origin: 'http://127.0.0.1:0', distDir: dist });
    ({ server, port } = await serve(service));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await service.close();
    await rm(base, { recursive: true, force: true });
  });

  it('serves index.html for / with an HTML content type and no-cache', async () => {
    const res = await raw(port, '/');
    expect(res.status).toBe(200);
    expect(res.body).toBe(SITE['index.html']);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers.etag).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each(['/status', '/status/', '/status?refresh=1'])('serves the directory page for %s', async (path) => {
    const res = await raw(port, path);
    expect(res.status).toBe(200);
    expect(res.body).toBe(SITE['status/index.html']);
  });

  it("serves Astro's file format (/about → about.html)", async () => {
    const res = await raw(port, '/about');
    expect(res.status).toBe(200);
    expect(res.body).toBe(SITE['about.html']);
  });

  it('marks hashed _astro assets immutable, with their own content types', async () => {
    const js = await raw(port, '/_astro/app.B6ZiCovi.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const css = await raw(port, '/_astro/style.CMqi1MLa.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('revalidates files outside _astro (public files)', async () => {
    const res = await raw(port, '/favicon.svg');
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('decides caching by the file served, not the path asked for', async () => {
    const res = await raw(port, '/_astro/../index.html');
    expect(res.body).toBe(SITE['index.html']);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it("answers unknown paths with the build's 404 page and status 404", async () => {
    const res = await raw(port, '/no/such/page');
    expect(res.status).toBe(404);
    expect(res.body).toBe(SITE['404.html']);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('answers HEAD with the GET headers and no body', async () => {
    const get = await raw(port, '/status/');
    const head = await raw(port, '/status/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(get.body)));
    expect(head.headers.etag).toBe(get.headers.etag);
  });

  it('answers 304 when If-None-Match carries the current ETag', async () => {
    const first = await raw(port, '/');
    const etag = String(first.headers.etag);
    const again = await raw(port, '/', 'GET', { 'If-None-Match': `"other", ${etag}` });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    const changed = await raw(port, '/', 'GET', { 'If-None-Match': '"something-else"' });
    expect(changed.status).toBe(200);
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/status/..%5c..%5csecret.txt',
    '/index.html%00.js',
    '/%E0%A4%A',
  ])('refuses %s with 400 and never leaks files outside the build', async (path) => {
    const res = await raw(port, path);
    expect(res.status).toBe(400);
    expect(res.body).not.toContain('TOP SECRET');
  });

  it('does not follow a symlink out of the build', async () => {
    const res = await raw(port, '/link-out.txt');
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('TOP SECRET');
  });

  it('refuses other methods with 405 and Allow', async () => {
    const res = await raw(port, '/', 'POST');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });
});

describe('dashboard service without a 404 page', () => {
  it('answers a plain-text 404', async () => {
    const base = await mkdtemp(join(tmpdir(), 'dashboard-service-'));
    await writeSite(base, { 'index.html': 'home' });
    const service = await createDashboardService({
      dataDir: base,
      origin: 'http://127.0.0.1:0',
      distDir: base,
    });
    const { server, port } = await serve(service);
    try {
      const res = await raw(port, '/missing');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.body).toBe('Not found');
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await rm(base, { recursive: true, force: true });
    }
  });

  it('refuses to start without a build, naming the build command', async () => {
    await expect(
      createDashboardService({
        dataDir: tmpdir(),
        origin: 'http://127.0.0.1:0',
        distDir: '/nonexistent/dist',
      }),
    ).rejects.toThrow(/build:frontend/);
  });
});
