/**
 * Which tenant a request is for, from its Host header (PRD §11.1.2): `{slug}.{platform domain}`,
 * an agency's verified custom domain, or the bare platform domain (platform staff). Answers are
 * cached briefly per process because every authorised request asks.
 */
import { env } from '../config/env.ts';
import type { AgencyItem } from '../data/entities/agencies.ts';
import { service } from '../data/service.ts';
import { ApiError, notFound } from '../http/errors.ts';

export type Tenant = { kind: 'platform' } | { kind: 'agency'; agency: AgencyItem };

const CACHE_TTL_MS = 30_000;
const cache = new Map<string, { tenant: Tenant | null; expires: number }>();

/** Lowercased host name without port or trailing dot. */
export function hostName(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase().replace(/\.$/, '');
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? host);
}

/** The agency slug a platform subdomain names, `null` for the bare domain, `undefined` otherwise. */
export function subdomainSlug(host: string, platformDomain: string): string | null | undefined {
  if (host === platformDomain) return null;
  if (!host.endsWith(`.${platformDomain}`)) return undefined;
  const label = host.slice(0, -platformDomain.length - 1);
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(label) ? label : undefined;
}

async function lookUp(host: string): Promise<Tenant | null> {
  const slug = subdomainSlug(host, env().PLATFORM_DOMAIN.toLowerCase());
  if (slug === null) return { kind: 'platform' };
  const agencies = service().entities.agency;
  const { data } =
    slug === undefined
      ? await agencies.query.byDomain({ custom_domain: host }).go()
      : await agencies.query.bySlug({ slug }).go();
  const agency = data[0];
  return agency ? { kind: 'agency', agency } : null;
}

/**
 * Resolves the tenant of `hostHeader`. Unknown hosts are 404 RES_001; an inactive agency is 403
 * AUTH_006 and a canceled or suspended subscription 403 BIZ_003.
 */
export async function resolveTenant(hostHeader: string, now = Date.now()): Promise<Tenant> {
  const host = hostName(hostHeader);
  let entry = cache.get(host);
  if (!entry || entry.expires <= now) {
    entry = { tenant: await lookUp(host), expires: now + CACHE_TTL_MS };
    cache.set(host, entry);
  }
  const { tenant } = entry;
  if (!tenant) throw notFound('Agency');
  if (tenant.kind === 'agency') {
    if (!tenant.agency.is_active)
      throw new ApiError('AUTH_006', { message: 'This agency account is inactive' });
    if (
      tenant.agency.subscription_status === 'canceled' ||
      tenant.agency.subscription_status === 'suspended'
    ) {
      throw new ApiError('BIZ_003');
    }
  }
  return tenant;
}

/** Forgets cached answers (after an agency's slug, domain or status changes in this process). */
export function clearTenantCache(): void {
  cache.clear();
}
