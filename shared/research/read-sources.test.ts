import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_ARTICLES, type FakeWeb, startFakeWeb } from '../../tests/support/fake-web.ts';
import { readSources } from './read-sources.ts';
import { type ReadSource, SourceReadError, type SourceReader } from './source-reader.ts';
import { createWebSourceReader } from './web-source-reader.ts';

function page(url: string): ReadSource {
  return {
    requested_url: url,
    url,
    title: `Title of ${url}`,
    text: `Text of ${url}`,
    published_at: null,
    fetched_at: '2025-11-20T00:00:00.000Z',
  };
}

/** Reads succeed unless the URL says how to fail; every read waits for the test to release it. */
function scriptedReader() {
  const waiting: Array<() => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const reader: SourceReader = {
    async read(url, signal) {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await new Promise<void>((resolve, reject) => {
          waiting.push(resolve);
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
        if (url.includes('blocked')) throw new SourceReadError('blocked_address', 'private address');
        if (url.includes('bug')) throw new TypeError('reader bug');
        return page(url);
      } finally {
        inFlight -= 1;
      }
    },
  };
  /** Releases reads until the batch settles. */
  const drain = async <R>(batch: Promise<R>): Promise<R> => {
    let settled = false;
    void batch.finally(() => {
      settled = true;
    });
    while (!settled) {
      for (const release of waiting.splice(0)) release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    return batch;
  };
  return { reader, drain, maxInFlight: () => maxInFlight };
}

const candidates = (...urls: string[]) => urls.map((url) => ({ url, score: 1 }));

describe('readSources', () => {
  it('numbers read sources 1…k in candidate order, records failures with reasons and never fails the batch', async () => {
    const { reader, drain } = scriptedReader();
    const progress: Array<[number, number, number]> = [];
    const input = candidates(
      'https://a.example/1',
      'http://blocked.example/',
      'https://b.example/2',
      'https://bug.example/',
    );
    const result = await drain(
      readSources(input, reader, {
        concurrency: 2,
        onProgress: async (done, total, read) => {
          progress.push([done, total, read]);
        },
      }),
    );
    expect(result.outcomes.map((outcome) => outcome.status)).toEqual(['read', 'failed', 'read', 'failed']);
    expect(result.outcomes[1]).toMatchObject({
      reason: 'blocked_address',
      message: 'private address',
      candidate: input[1],
    });
    expect(result.outcomes[3]).toMatchObject({ reason: 'network_error', message: 'reader bug' });
    expect(result.sources.map((source) => [source.id, source.url])).toEqual([
      [1, 'https://a.example/1'],
      [2, 'https://b.example/2'],
    ]);
    expect(result.failures).toEqual({ blocked_address: 1, network_error: 1 });
    expect(progress.map(([done]) => done)).toEqual([1, 2, 3, 4]);
    expect(progress.every(([, total]) => total === 4)).toBe(true);
    expect(progress.at(-1)?.[2]).toBe(2);
  });

  it('keeps at most `concurrency` reads in flight', async () => {
    const { reader, drain, maxInFlight } = scriptedReader();
    const input = candidates(...Array.from({ length: 20 }, (_, i) => `https://s${i}.example/`));
    const result = await drain(readSources(input, reader, { concurrency: 3 }));
    expect(result.sources).toHaveLength(20);
    expect(maxInFlight()).toBe(3);
  });

  it('stops starting reads once enough succeeded and marks the rest skipped', async () => {
    const { reader, drain } = scriptedReader();
    const input = candidates(
      'https://blocked.example/1',
      ...Array.from({ length: 9 }, (_, i) => `https://s${i}.example/`),
    );
    const result = await drain(readSources(input, reader, { concurrency: 1, enough: 3 }));
    expect(result.outcomes.map((outcome) => outcome.status)).toEqual([
      'failed',
      'read',
      'read',
      'read',
      ...Array(6).fill('skipped'),
    ]);
    expect(result.sources.map((source) => [source.id, source.url])).toEqual([
      [1, 'https://s0.example/'],
      [2, 'https://s1.example/'],
      [3, 'https://s2.example/'],
    ]);
  });

  it('rejects with the abort reason when the batch is cancelled', async () => {
    const { reader } = scriptedReader();
    const controller = new AbortController();
    const batch = readSources(candidates('https://a.example/', 'https://b.example/'), reader, {
      signal: controller.signal,
    });
    const reason = new Error('step timed out');
    controller.abort(reason);
    await expect(batch).rejects.toBe(reason);
  });

  it('gives an empty result for no candidates', async () => {
    const { reader } = scriptedReader();
    await expect(readSources([], reader)).resolves.toEqual({ outcomes: [], sources: [], failures: {} });
  });
});

describe('readSources with the web reader', () => {
  let web: FakeWeb;
  beforeAll(async () => {
    web = await startFakeWeb();
  });
  afterAll(() => web.close());

  it('reads the fake web articles and records refused and broken ones', async () => {
    const reader = createWebSourceReader({ allowedHosts: [web.host] });
    const input = [
      ...FAKE_ARTICLES.map((article) => ({ url: web.url(article.path) })),
      { url: web.url('/redirect-to?location=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data') },
      { url: web.url('/report.pdf') },
      { url: web.url('/nowhere') },
    ];
    const result = await readSources(input, reader, { concurrency: 4 });
    expect(result.sources.map((source) => source.title)).toEqual(
      FAKE_ARTICLES.map((article) => article.title),
    );
    expect(result.failures).toEqual({ blocked_address: 1, unsupported_content: 1, http_error: 1 });
  });
});
