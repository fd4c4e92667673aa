/**
 * A fake web on 127.0.0.1 for the research fetcher and the pipeline's end-to-end tests: realistic
 * article pages (navigation, cookie banner, sidebar and footer noise around the article; published
 * dates in meta tags, JSON-LD or `<time>`), plus the hostile and broken cases a crawler meets.
 * Pages are served for any `Host`, so tests that inject a resolver may use realistic hostnames.
 *
 * Built-in routes (besides `pages`, which win on the same path):
 * - `/redirect/{n}/{path}`: a chain of `n` 302 redirects ending at `/{path}` (query kept).
 * - `/redirect-to?location={url}`: one 302 to any location (private addresses, other schemes…).
 * - `/slow`: headers at once, then one byte of body every 100 ms, never ending.
 * - `/hang`: never answers.
 * - `/huge?bytes={n}`: an HTML page of `n` bytes (default 20 MB), chunked without a length;
 *   `&declared=1` announces the length in `Content-Length`.
 * - `/report.pdf`, `/chart.png`, `/data.json`: non-HTML content.
 * - `/status/{code}`: an empty answer with that status.
 *
 * To let the pipeline's research fetcher read it, set `RESEARCH_FETCH_ALLOWLIST` to `web.host`
 * (then `resetEnvCache()`), or pass `allowedHosts: [web.host]` to `createWebSourceReader`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

/** One page of the fake web. */
export interface FakePage {
  body: string | Buffer;
  /** `text/html; charset=utf-8` when absent; `null` sends no `Content-Type` at all. */
  contentType?: string | null;
  status?: number;
  headers?: Record<string, string>;
  /** Compress the body and say so in `Content-Encoding`. */
  encoding?: 'gzip' | 'deflate' | 'br';
}

/** A request the fake web received. */
export interface FakeWebRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: IncomingMessage['headers'];
}

export interface FakeWebOptions {
  /** Extra pages by path (`/news/x`); a string is an HTML body. Defaults to {@link FAKE_ARTICLES}' pages. */
  pages?: Record<string, FakePage | string>;
  /** Serve {@link FAKE_ARTICLES} too (default true). */
  articles?: boolean;
}

export interface FakeWeb {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** `127.0.0.1:PORT`, the entry for the research fetcher's test allowlist. */
  readonly host: string;
  readonly port: number;
  /** Absolute URL of `path` on this server. */
  url(path: string): string;
  readonly requests: FakeWebRequest[];
  /** Add or replace a page while running. */
  setPage(path: string, page: FakePage | string): void;
  close(): Promise<void>;
}

/** A statistic an article states, exactly as its text writes it. */
export interface FakeArticleStatistic {
  value: string;
  context: string;
}

/** One realistic article of the fake web. */
export interface FakeArticle {
  path: string;
  title: string;
  /** ISO date the page declares (in the way `dateStyle` says). */
  published: string;
  /** Free-text date as a search engine's `page_age` would show it. */
  pageAge: string;
  /** What a search result would quote from it (verbatim from a paragraph). */
  snippet: string;
  site: string;
  dateStyle: 'meta' | 'json-ld' | 'time';
  paragraphs: string[];
  statistics: FakeArticleStatistic[];
}

/** Articles about AI implementation in mid-market companies, the PRD's example topic. */
export const FAKE_ARTICLES: readonly FakeArticle[] = [
  {
    path: '/insights/ai-adoption-mid-market-2025',
    title: 'The State of AI Adoption in Mid-Market Companies',
    published: '2025-04-30',
    pageAge: 'April 30, 2025',
    snippet: '47% of mid-market companies have moved at least one AI use case into production',
    site: 'Northbridge Consulting',
    dateStyle: 'meta',
    paragraphs: [
      'Mid-market companies are no longer watching artificial intelligence from the sidelines. Our survey of 1,200 executives at firms with 500 to 5,000 employees shows that 47% of mid-market companies have moved at least one AI use case into production, up from 29 percent two years earlier.',
      'Budgets are following. Respondents expect to spend $1.2 billion in aggregate on AI implementation over the next eighteen months, with the median company allocating 4.5% of its IT budget to AI programmes.',
      'Yet scale remains elusive. Only 18% of companies report measurable ROI across more than one business unit, and leaders cite data quality as the most common barrier to an AI implementation roadmap.',
      '"The companies that win treat AI as an operating model change, not a technology purchase," said Dana Whitfield, Managing Partner at Northbridge Consulting.',
    ],
    statistics: [
      { value: '47%', context: 'mid-market companies with at least one AI use case in production' },
      { value: '1,200', context: 'executives surveyed' },
      { value: '$1.2 billion', context: 'expected aggregate AI implementation spend over 18 months' },
      { value: '4.5%', context: 'median share of IT budget allocated to AI' },
      { value: '18%', context: 'companies with measurable ROI across more than one business unit' },
    ],
  },
  {
    path: '/research/ai-roi-benchmarks',
    title: 'AI ROI Benchmarks: What Mid-Sized Firms Actually Earn Back',
    published: '2025-09-12',
    pageAge: '2 months ago',
    snippet: 'firms that measured ROI reported a median payback period of 14 months.',
    site: 'Meridian Research Institute',
    dateStyle: 'json-ld',
    paragraphs: [
      'Measuring the return on AI investments is the question every board asks first. Across 312 implementations we studied, firms that measured ROI reported a median payback period of 14 months.',
      'Returns vary widely: the top quartile saw revenue gains of 10–15% in the functions where AI was deployed, while the bottom quartile saw no measurable change within two years.',
      'Process automation delivered the most reliable returns, cutting processing costs by 3.2x compared with manual baselines in finance and customer operations.',
      'Change management mattered as much as the model: projects with a dedicated change lead were twice as likely to meet their ROI targets.',
    ],
    statistics: [
      { value: '14 months', context: 'median payback period of AI implementations' },
      { value: '10–15%', context: 'revenue gains in the top quartile' },
      { value: '312', context: 'implementations studied' },
      { value: '3.2x', context: 'processing cost reduction from process automation' },
    ],
  },
  {
    path: '/news/2025/06/vendor-selection-ai',
    title: 'How Mid-Market CIOs Choose AI Vendors',
    published: '2025-06-03',
    pageAge: 'Jun 3, 2025',
    snippet: 'Three in four CIOs now run a formal vendor selection process for AI platforms',
    site: 'The Enterprise Ledger',
    dateStyle: 'time',
    paragraphs: [
      'Vendor selection has become a discipline of its own. Three in four CIOs now run a formal vendor selection process for AI platforms, and 62 per cent require a paid pilot before signing a multi-year contract.',
      'Total contract values are rising: the average first-year AI platform contract at mid-market firms reached $850,000 in 2025.',
      'Security reviews are the longest stage, taking 6 to 10 weeks on average, and 31% of deals stall there.',
    ],
    statistics: [
      { value: '62 per cent', context: 'CIOs requiring a paid pilot before a multi-year contract' },
      { value: '$850,000', context: 'average first-year AI platform contract' },
      { value: '31%', context: 'AI deals that stall in security review' },
    ],
  },
];

const NAV = `<header class="site-header"><a href="/">Home</a><nav><ul><li><a href="/insights">Insights</a></li><li><a href="/research">Research</a></li><li><a href="/news">News</a></li><li><a href="/about">About us</a></li><li><a href="/careers">Careers</a></li><li><a href="/contact">Contact</a></li></ul></nav></header>
<div class="cookie-banner" role="dialog">We use cookies to improve your experience. <button>Accept all</button> <button>Manage preferences</button></div>`;

const SIDEBAR = `<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Ten leadership lessons from the last decade</a></li><li><a href="/b">Why supply chains are getting shorter</a></li><li><a href="/c">The future of hybrid work</a></li></ul><div class="newsletter">Subscribe to our newsletter for weekly insights. <input type="email" placeholder="Email"> <button>Subscribe</button></div></aside>`;

const FOOTER = `<footer class="site-footer"><p>© 2025 All rights reserved.</p><ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li><li><a href="/cookies">Cookie settings</a></li><li><a href="/sitemap">Sitemap</a></li></ul><p>Follow us on LinkedIn, X and YouTube.</p></footer>`;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The HTML of an article page with the noise of a real site around it. */
export function articleHtml(article: FakeArticle): string {
  const title = escapeHtml(article.title);
  const dateMeta =
    article.dateStyle === 'meta'
      ? `<meta property="article:published_time" content="${article.published}T08:00:00Z">`
      : '';
  const jsonLd =
    article.dateStyle === 'json-ld'
      ? `<script type="application/ld+json">${JSON.stringify({
          '@context': 'https://schema.org',
          '@graph': [
            { '@type': 'WebSite', name: article.site },
            {
              '@type': 'Article',
              headline: article.title,
              datePublished: `${article.published}T09:30:00+02:00`,
            },
          ],
        })}</script>`
      : '';
  const byline =
    article.dateStyle === 'time'
      ? `<p class="byline">By Staff Writer · <time datetime="${article.published}" itemprop="datePublished">${article.pageAge}</time></p>`
      : '<p class="byline">By the research team</p>';
  const body = article.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title} | ${escapeHtml(article.site)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="${title}">${dateMeta}${jsonLd}
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
<style>body { font-family: sans-serif; } .cookie-banner { position: fixed; }</style>
</head><body>
${NAV}
<main><article><h1>${title}</h1>${byline}
${body}
<div class="share">Share this article: <a href="#">LinkedIn</a> <a href="#">Email</a></div>
</article>${SIDEBAR}</main>
${FOOTER}
</body></html>`;
}

function send(res: ServerResponse, page: FakePage): void {
  let body = typeof page.body === 'string' ? Buffer.from(page.body, 'utf8') : page.body;
  const headers: Record<string, string> = { ...page.headers };
  if (page.contentType !== null) headers['content-type'] = page.contentType ?? 'text/html; charset=utf-8';
  if (page.encoding) {
    body = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync }[page.encoding](body);
    headers['content-encoding'] = page.encoding;
  }
  headers['content-length'] = String(body.length);
  res.writeHead(page.status ?? 200, headers).end(body);
}

function redirect(res: ServerResponse, location: string): void {
  res
    .writeHead(302, { location, 'content-type': 'text/html' })
    .end(`<a href="${escapeHtml(location)}">Moved</a>`);
}

/** Writes `chunk` until `total` bytes went out, respecting back-pressure; stops when the client leaves. */
function stream(res: ServerResponse, total: number, chunk: Buffer): void {
  let sent = 0;
  const pump = (): void => {
    while (sent < total && !res.destroyed) {
      const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

function builtIn(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  const chain = /^\/redirect\/(\d+)\/(.*)$/.exec(url.pathname);
  if (chain) {
    const hops = Number(chain[1]);
    redirect(res, hops > 1 ? `/redirect/${hops - 1}/${chain[2]}${url.search}` : `/${chain[2]}${url.search}`);
    return true;
  }
  const status = /^\/status\/(\d{3})$/.exec(url.pathname);
  if (status) {
    res.writeHead(Number(status[1]), { 'content-type': 'text/html' }).end();
    return true;
  }
  switch (url.pathname) {
    case '/redirect-to':
      redirect(res, url.searchParams.get('location') ?? '/');
      return true;
    case '/slow': {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.write('<!doctype html><html><body><p>');
      const timer = setInterval(() => res.write('.'), 100);
      res.on('close', () => clearInterval(timer));
      return true;
    }
    case '/hang':
      req.on('close', () => res.destroy());
      return true;
    case '/huge': {
      const total = Number(url.searchParams.get('bytes') ?? 20 * 1024 * 1024);
      const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
      if (url.searchParams.get('declared') === '1') headers['content-length'] = String(total);
      res.writeHead(200, headers);
      stream(res, total, Buffer.from('<p>filler text of an enormous page </p>\n'.repeat(1_000)));
      return true;
    }
    case '/report.pdf':
      send(res, {
        body: Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n%%EOF\n'),
        contentType: 'application/pdf',
      });
      return true;
    case '/chart.png':
      send(res, { body: Buffer.from('89504e470d0a1a0a', 'hex'), contentType: 'image/png' });
      return true;
    case '/data.json':
      send(res, { body: '{"adoption": 47}', contentType: 'application/json' });
      return true;
    default:
      return false;
  }
}

/**
 * The articles as a web search would return them from `web` (absolute URLs, titles, `page_age`,
 * the text a citation would quote), for a fake Anthropic's `web_search_tool_result` blocks.
 */
export function fakeSearchResults(
  web: Pick<FakeWeb, 'url'>,
): Array<{ url: string; title: string; page_age: string; cited_text: string }> {
  return FAKE_ARTICLES.map((article) => ({
    url: web.url(article.path),
    title: `${article.title} | ${article.site}`,
    page_age: article.pageAge,
    cited_text: article.snippet,
  }));
}

/** Starts the fake web on a free loopback port. */
export async function startFakeWeb(options: FakeWebOptions = {}): Promise<FakeWeb> {
  const pages = new Map<string, FakePage>();
  const setPage = (path: string, page: FakePage | string): void => {
    pages.set(path, typeof page === 'string' ? { body: page } : page);
  };
  if (options.articles ?? true) {
    for (const article of FAKE_ARTICLES) setPage(article.path, articleHtml(article));
  }
  for (const [path, page] of Object.entries(options.pages ?? {})) setPage(path, page);

  const requests: FakeWebRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://fake-web');
    const page = pages.get(url.pathname);
    if (page) send(res, page);
    else if (!builtIn(req, res, url)) send(res, { status: 404, body: '<h1>Not found</h1>' });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    host: `127.0.0.1:${port}`,
    port,
    url: (path) => new URL(path, origin).toString(),
    requests,
    setPage,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
