/**
 * Where a request was addressed: the host the browser used (which names the tenant), its scheme
 * and origin. Used to resolve the tenant on public auth routes, to build the links emailed to
 * users and to decide whether the refresh cookie may drop `Secure`.
 */
import { ApiError } from '../http/errors.ts';
import { hostName } from '../tenancy/resolve-tenant.ts';

type Headers = Record<string, string | undefined>;

/**
 * A bare `host[:port]`. Anything else (userinfo, a path, spaces) is refused, so a crafted Host
 * header cannot turn an emailed link into one pointing elsewhere (`demo.example.com:@evil.test`
 * still names the demo tenant to `hostName`).
 */
const HOST = /^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The host header as the browser sent it. Behind CloudFront, API Gateway sees CloudFront's host;
 * the edge function copies the browser's into X-Forwarded-Host (overwriting any client value).
 */
export function requestHost(headers: Headers): string {
  return (headers['x-forwarded-host'] ?? headers.host ?? '').trim();
}

/** `localhost`, `*.localhost` and loopback addresses: the local cloud, never a deployed stage. */
export function isLoopbackHost(host: string): boolean {
  const name = hostName(host);
  return name === 'localhost' || name.endsWith('.localhost') || /^127\./.test(name) || name === '[::1]';
}

/**
 * `https`, except on a loopback host reached over plain http (no `X-Forwarded-Proto: https`):
 * deployed stages are only served over TLS, whatever a client claims in its headers.
 */
export function requestScheme(headers: Headers): 'http' | 'https' {
  if (!isLoopbackHost(requestHost(headers))) return 'https';
  const forwarded = headers['x-forwarded-proto']?.split(',')[0]?.trim().toLowerCase();
  return forwarded === 'https' ? 'https' : 'http';
}

/**
 * `scheme://host[:port]` of the request, the base of links emailed to users, so each agency's
 * users get links to their own (white-label) host. Throws 400 VAL_003 for a malformed host.
 */
export function requestOrigin(headers: Headers): string {
  const host = requestHost(headers);
  if (!HOST.test(host)) throw new ApiError('VAL_003', { message: 'The Host header is not valid' });
  return `${requestScheme(headers)}://${host.toLowerCase()}`;
}
