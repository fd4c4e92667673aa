import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleHtml, FAKE_ARTICLES, type FakeWeb, startFakeWeb } from '../../tests/support/fake-web.ts';
import { SourceReadError } from './source-reader.ts';
import type { HostLookup } from './ssrf-guard.ts';
import { verifyStatistics } from './verify-statistics.ts';
import { createWebSourceReader, type WebSourceReaderOptions } from './web-source-reader.ts';

const [adoption, roi, vendors] = FAKE_ARTICLES as [
  (typeof FAKE_ARTICLES)[number],
  (typeof FAKE_ARTICLES)[number],
  (typeof FAKE_ARTICLES)[number],
];
const NOW = new Date('2025-11-20T10:00:00Z');

let web: FakeWeb;
let otherWeb: FakeWeb;

const longParagraph = (word: string) =>
  `<p>${`${word} is explained at length in this paragraph. `.repeat(12)}</p>`;

beforeAll(async () => {
  web = await startFakeWeb({
    pages: {
      '/compressed/gzip': { body: articleHtml(adoption), encoding: 'gzip' },
      '/compressed/br': { body: articleHtml(adoption), encoding: 'br' },
      '/compressed/deflate': { body: articleHtml(adoption), encoding: 'deflate' },
      '/compressed/bomb': {
        body: `<html><body>${'<p>aaaa</p>'.repeat(400_000)}</body></html>`,
        encoding: 'gzip',
      },
      '/compressed/zstd': { body: 'x', headers: { 'content-encoding': 'zstd' } },
      '/latin1/header': {
        body: Buffer.from(
          `<html><body><h1>Caf\xe9 culture</h1>${longParagraph('The caf\xe9 \x93economy\x94')}</body></html>`,
          'latin1',
        ),
        contentType: 'text/html; charset=windows-1252',
      },
      '/latin1/meta': {
        body: Buffer.from(
          `<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><title>R\xe9sum\xe9</title></head><body>${longParagraph('Na\xefve r\xe9sum\xe9 advice')}</body></html>`,
          'latin1',
        ),
        contentType: 'text/html',
      },
      '/plain.txt': {
        body: `Annual survey results\n\n${'Adoption of AI tools rose to 47% this year among respondents.\n'.repeat(8)}`,
        contentType: 'text/plain; charset=utf-8',
      },
      '/untyped': {
        body: `<!doctype html><html><head><title>Untyped</title></head><body>${longParagraph('Untyped')}</body></html>`,
        contentType: null,
      },
      '/tiny': '<html><body><p>Hi.</p></body></html>',
      '/long': `<html><head><title>Long</title></head><body><article>${Array.from({ length: 60 }, (_, i) => `<p>Paragraph ${i} has a sentence about adoption. And another sentence that goes on.</p>`).join('')}</article></body></html>`,
    },
  });
  otherWeb = await startFakeWeb();
});

afterAll(async () => {
  await web.close();
  await otherWeb.close();
});

function reader(options: WebSourceReaderOptions = {}) {
  return createWebSourceReader({ allowedHosts: [web.host], now: () => NOW, ...options });
}

async function failure(promise: Promise<unknown>): Promise<SourceReadError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SourceReadError);
  return error as SourceReadError;
}

describe('reading articles', () => {
  it('extracts the article text, title and meta published date, without the page chrome', async () => {
    const source = await reader().read(web.url(adoption.path));
    expect(source).toMatchObject({
      requested_url: web.url(adoption.path),
      url: web.url(adoption.path),
      title: adoption.title,
      published_at: '2025-04-30',
      fetched_at: NOW.toISOString(),
    });
    for (const paragraph of adoption.paragraphs) expect(source.text).toContain(paragraph);
    for (const noise of ['cookies', 'Subscribe', 'Privacy policy', 'Most read', 'Careers']) {
      expect(source.text).not.toContain(noise);
    }
    expect(source.text).not.toMatch(/ {2}|\n\n/);
    expect(source.text.split('\n').length).toBeGreaterThanOrEqual(adoption.paragraphs.length);
  });

  it('reads every fake article with its snippet and the statistics it states (what the pipeline test relies on)', async () => {
    for (const article of FAKE_ARTICLES) {
      const source = await reader().read(web.url(article.path));
      expect(source.text).toContain(article.snippet);
      const cited = article.statistics.map((statistic) => ({ ...statistic, source_id: 1 }));
      expect(verifyStatistics(cited, new Map([[1, source]])).dropped).toEqual([]);
    }
  });

  it('takes the published date from JSON-LD and from <time itemprop>', async () => {
    expect((await reader().read(web.url(roi.path))).published_at).toBe('2025-09-12');
    expect((await reader().read(web.url(vendors.path))).published_at).toBe('2025-06-03');
  });

  it('sends a descriptive User-Agent and asks for compressed text', async () => {
    await reader().read(web.url(`${adoption.path}?ua`));
    const request = web.requests.find((each) => each.path === `${adoption.path}?ua`);
    expect(request?.headers['user-agent']).toMatch(/ContentStrategistResearch/);
    expect(request?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it.each(['gzip', 'br', 'deflate'])('decompresses %s bodies', async (encoding) => {
    const source = await reader().read(web.url(`/compressed/${encoding}`));
    expect(source.text).toContain(adoption.paragraphs[0]);
  });

  it('decodes the charset named in the header or in a meta tag', async () => {
    expect((await reader().read(web.url('/latin1/header'))).text).toContain('The café “economy”');
    const meta = await reader().read(web.url('/latin1/meta'));
    expect(meta.title).toBe('Résumé');
    expect(meta.text).toContain('Naïve résumé advice');
  });

  it('reads plain text and pages without a content type that look like HTML', async () => {
    const plain = await reader().read(web.url('/plain.txt'));
    expect(plain.title).toBe('Annual survey results');
    expect(plain.text).toContain('rose to 47% this year');
    expect((await reader().read(web.url('/untyped'))).text).toContain('Untyped is explained');
  });

  it('caps the text at a paragraph or sentence boundary', async () => {
    const source = await reader({ maxTextChars: 500 }).read(web.url('/long'));
    expect(source.text.length).toBeLessThanOrEqual(500);
    expect(source.text.length).toBeGreaterThan(300);
    expect(source.text).toMatch(/\.$/);
  });

  it('follows a chain of five redirects and reports the final URL', async () => {
    const source = await reader().read(web.url(`/redirect/5${adoption.path}`));
    expect(source.requested_url).toBe(web.url(`/redirect/5${adoption.path}`));
    expect(source.url).toBe(web.url(adoption.path));
  });
});

describe('refusals', () => {
  it('refuses a sixth redirect', async () => {
    expect((await failure(reader().read(web.url(`/redirect/6${adoption.path}`)))).reason).toBe(
      'too_many_redirects',
    );
  });

  it('refuses a fake web that is not allowlisted, without sending it a request', async () => {
    const before = otherWeb.requests.length;
    const error = await failure(
      createWebSourceReader({ allowedHosts: [] }).read(otherWeb.url(adoption.path)),
    );
    expect(error.reason).toBe('blocked_address');
    expect(otherWeb.requests.length).toBe(before);
  });

  it.each([
    ['loopback on another port', () => `http://127.0.0.1:${otherWeb.port}/insights`],
    ['IPv6 loopback', () => `http://[::1]:${web.port}/`],
    ['the metadata endpoint', () => 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'],
    ['the IPv6 metadata endpoint', () => 'http://[fd00:ec2::254]/latest/meta-data/'],
    ['a private address', () => 'http://10.0.0.5/admin'],
    ['a file', () => 'file:///etc/passwd'],
    ['another scheme', () => 'gopher://127.0.0.1:25/'],
  ])('refuses a redirect to %s', async (_case, target) => {
    const before = otherWeb.requests.length;
    const url = web.url(`/redirect-to?location=${encodeURIComponent(target())}`);
    expect((await failure(reader().read(url))).reason).toBe('blocked_address');
    expect(otherWeb.requests.length).toBe(before);
  });

  it.each([
    ['10.0.0.8', '10.0.0.8'],
    ['169.254.169.254', '169.254.169.254'],
  ])('refuses a hostname that resolves to %s', async (_case, address) => {
    const lookup: HostLookup = async () => [{ address, family: 4 }];
    const error = await failure(reader({ lookup }).read(`http://reports.example:${web.port}/x`));
    expect(error.reason).toBe('blocked_address');
    expect(error.message).toContain(address);
  });

  it('connects to the address it checked, so a rebinding resolver cannot redirect the socket', async () => {
    const answers = ['127.0.0.1', '169.254.169.254'];
    let calls = 0;
    const lookup: HostLookup = async () => [{ address: answers[Math.min(calls++, 1)] as string, family: 4 }];
    const source = await reader({ lookup }).read(`http://rebind.example:${web.port}${adoption.path}`);
    expect(source.title).toBe(adoption.title);
    expect(calls).toBe(1);
  });

  it('re-resolves and re-checks every redirect hop, refusing one that rebinds to metadata', async () => {
    const answers = ['127.0.0.1', '169.254.169.254'];
    let calls = 0;
    const lookup: HostLookup = async () => [{ address: answers[Math.min(calls++, 1)] as string, family: 4 }];
    const error = await failure(
      reader({ lookup }).read(`http://rebind.example:${web.port}/redirect/1${adoption.path}`),
    );
    expect(error.reason).toBe('blocked_address');
    expect(error.message).toContain('169.254.169.254');
    expect(calls).toBe(2);
  });

  it('refuses what is not a URL', async () => {
    expect((await failure(reader().read('not a url'))).reason).toBe('blocked_address');
  });

  it.each([
    ['a chunked body', '/huge?bytes=3000000'],
    ['a declared length', '/huge?bytes=3000000&declared=1'],
    ['a compression bomb', '/compressed/bomb'],
  ])('stops reading an oversize page with %s', async (_case, path) => {
    expect((await failure(reader({ maxBytes: 1_000_000 }).read(web.url(path)))).reason).toBe('too_large');
  });

  it.each(['/slow', '/hang'])('gives up on %s after the total timeout', async (path) => {
    expect((await failure(reader({ timeoutMs: 400 }).read(web.url(path)))).reason).toBe('timeout');
  });

  it('counts a resolver that never answers against the total timeout', async () => {
    const lookup: HostLookup = () => new Promise(() => {});
    const error = await failure(
      reader({ lookup, timeoutMs: 300 }).read(`http://slow-dns.example:${web.port}/`),
    );
    expect(error.reason).toBe('timeout');
  });

  it('rethrows the caller abort instead of calling it a failed source', async () => {
    const controller = new AbortController();
    const reading = reader().read(web.url('/hang'), controller.signal);
    const reason = new Error('batch cancelled');
    setTimeout(() => controller.abort(reason), 50);
    await expect(reading).rejects.toBe(reason);
  });

  it.each([
    ['/report.pdf', /PDF/],
    ['/chart.png', /image\/png/],
    ['/data.json', /application\/json/],
    ['/compressed/zstd', /zstd/],
  ])('refuses %s as unsupported content', async (path, message) => {
    const error = await failure(reader().read(web.url(path)));
    expect(error.reason).toBe('unsupported_content');
    expect(error.message).toMatch(message);
  });

  it.each(['/status/404', '/status/500', '/missing-page'])('reports %s as an HTTP error', async (path) => {
    const error = await failure(reader().read(web.url(path)));
    expect(error.reason).toBe('http_error');
  });

  it('reports a page without enough readable text', async () => {
    expect((await failure(reader().read(web.url('/tiny')))).reason).toBe('no_readable_text');
  });

  it('falls back to the next declared date when the first cannot be parsed', async () => {
    web.setPage('/dated', {
      body: `<html><head><title>Dated</title><meta name="date" content="sometime"><script type="application/ld+json">{"datePublished":"2024-02-29"}</script></head><body><article>${'<p>Words about dated things, at length.</p>'.repeat(10)}</article></body></html>`,
    });
    expect((await reader().read(web.url('/dated'))).published_at).toBe('2024-02-29');
  });

  it('reports a refused connection as a network error', async () => {
    const closed = await startFakeWeb();
    const host = closed.host;
    await closed.close();
    const error = await failure(createWebSourceReader({ allowedHosts: [host] }).read(`http://${host}/`));
    expect(error.reason).toBe('network_error');
  });
});
