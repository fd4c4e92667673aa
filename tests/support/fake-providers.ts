/**
 * Fake Anthropic and Freepik APIs on 127.0.0.1 for tests, checking requests the way the real ones
 * do (EXTERNAL-APIS.md Part C and D1): Anthropic wants a known `anthropic-version` and a key in
 * `x-api-key` or `authorization: Bearer`, and answers 401 `authentication_error` otherwise;
 * Freepik wants its key in `x-freepik-api-key` (or the rebranded `x-magnific-api-key`).
 *
 * Behaviour per key: any key in `validKeys` works; `overloaded` answers Anthropic's 529 /
 * Freepik's 503; `slow` never answers (for timeouts). Every request is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const OVERLOADED_KEY = 'fake-key-overloaded';
export const SLOW_KEY = 'fake-key-slow-never-answers';

const ANTHROPIC_VERSIONS = new Set(['2023-06-01', '2026-10-21']);

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeProviders {
  /** Origin to use as `ANTHROPIC_BASE_URL` / `FREEPIK_BASE_URL`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

const anthropicError = (type: string, message: string) => ({
  type: 'error',
  error: { type, message },
  request_id: 'req_fake',
});

function anthropic(request: RecordedRequest, response: ServerResponse, validKeys: ReadonlySet<string>) {
  if (request.method !== 'POST' || !['/v1/messages/count_tokens', '/v1/messages'].includes(request.path))
    return json(response, 404, anthropicError('not_found_error', 'Not found'));
  const version = request.headers['anthropic-version'];
  if (typeof version !== 'string' || !ANTHROPIC_VERSIONS.has(version))
    return json(
      response,
      400,
      anthropicError('invalid_request_error', 'anthropic-version: header is required'),
    );
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  const key = (request.headers['x-api-key'] as string | undefined) ?? bearer;
  if (key === SLOW_KEY) return;
  if (key === OVERLOADED_KEY) return json(response, 529, anthropicError('overloaded_error', 'Overloaded'));
  if (!key || !validKeys.has(key))
    return json(response, 401, anthropicError('authentication_error', 'invalid x-api-key'));
  const body = JSON.parse(request.body || '{}') as { model?: string; messages?: unknown[] };
  if (!body.model || !Array.isArray(body.messages))
    return json(response, 400, anthropicError('invalid_request_error', 'model and messages are required'));
  return json(response, 200, { input_tokens: 8 }, { 'request-id': 'req_fake' });
}

function freepik(request: RecordedRequest, response: ServerResponse, validKeys: ReadonlySet<string>) {
  if (request.method !== 'GET' || request.path !== '/v1/resources')
    return json(response, 404, { message: 'Not found' });
  const key = (request.headers['x-freepik-api-key'] ?? request.headers['x-magnific-api-key']) as
    | string
    | undefined;
  if (key === SLOW_KEY) return;
  if (key === OVERLOADED_KEY) return json(response, 503, { message: 'Service unavailable' });
  if (!key || !validKeys.has(key)) return json(response, 401, { message: 'Invalid API key' });
  return json(response, 200, { data: [], meta: { current_page: 1, per_page: 1, last_page: 1, total: 0 } });
}

/** Starts both fakes on one loopback port (paths do not collide: `/anthropic/…`, `/freepik/…`). */
export async function startFakeProviders(
  validKeys: Iterable<string>,
): Promise<FakeProviders & { anthropicUrl: string; freepikUrl: string }> {
  const keys = new Set(validKeys);
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://fake');
      const [, provider, ...rest] = url.pathname.split('/');
      const recorded: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: `/${rest.join('/')}`,
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      if (provider === 'anthropic') anthropic(recorded, response, keys);
      else if (provider === 'freepik') freepik(recorded, response, keys);
      else json(response, 404, { message: 'Not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    anthropicUrl: `${url}/anthropic`,
    freepikUrl: `${url}/freepik`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
