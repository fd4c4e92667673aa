/**
 * The SSRF guard of the research fetcher. Source URLs come from web search results and from the
 * redirects of pages we do not control, so every hop is resolved here and refused when any
 * address it resolves to is not a public unicast address (private, loopback, link-local, CGNAT,
 * unique-local, multicast, reserved, IPv4-mapped, cloud metadata endpoints…). The connection is
 * then pinned to the address that was checked (see {@link pinnedLookup}), so a resolver that
 * answers differently on a second query (DNS rebinding) never gets a say.
 *
 * Tests read pages from a fake web on loopback. They name it in an allowlist of `IP:port`
 * entries that may only name loopback addresses with an explicit port (nothing in production
 * listens there that a test would need), and the `RESEARCH_FETCH_ALLOWLIST` variable is refused
 * outright inside AWS Lambda, where loopback ports belong to the runtime API and extensions.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { env } from '../config/env.ts';
import { SourceReadError } from './source-reader.ts';

/** One answer of a resolver. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname to every address it has (injectable so tests can script DNS). */
export type HostLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The address a request must connect to, after the guard checked it. */
export interface PinnedAddress extends ResolvedAddress {
  hostname: string;
  port: number;
}

interface Range {
  /** Why the range is refused, for the error message. */
  label: string;
  list: BlockList;
  /** `BlockList` maps IPv4 into `::ffff:0:0/96`, so that range must only judge IPv6 input. */
  ipv6Only?: boolean;
}

function range(label: string, entries: readonly string[], ipv6Only = false): Range {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return { label, list, ipv6Only };
}

/**
 * Everything that is not globally reachable unicast (IANA special-purpose registries). The
 * metadata endpoints are listed first so a refusal names them, although their ranges cover them.
 * `BlockList` matches IPv4-mapped IPv6 (`::ffff:10.0.0.1`) against the IPv4 rules as well; the
 * mapped range is refused as a whole anyway because no public site is reached through it.
 */
const REFUSED_RANGES: readonly Range[] = [
  range('a cloud metadata endpoint', [
    '169.254.169.254', // AWS, GCP, Azure, OpenStack
    '169.254.170.2', // ECS task metadata
    '169.254.169.253', // AWS DNS
    'fd00:ec2::254', // AWS IMDS over IPv6
    'fd00:ec2::23', // AWS time sync / DNS over IPv6
    '100.100.100.200', // Alibaba Cloud
    '192.0.0.192', // Oracle Cloud
  ]),
  range('an unspecified address', ['0.0.0.0/8', '::/128']),
  range('a loopback address', ['127.0.0.0/8', '::1/128']),
  range('a private address', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']),
  range('a shared (CGNAT) address', ['100.64.0.0/10']),
  range('a link-local address', ['169.254.0.0/16', 'fe80::/10']),
  range('a unique-local address', ['fc00::/7', 'fec0::/10']),
  range('a multicast address', ['224.0.0.0/4', 'ff00::/8']),
  range('a reserved or documentation address', [
    '192.0.0.0/24',
    '192.0.2.0/24',
    '192.88.99.0/24',
    '198.18.0.0/15',
    '198.51.100.0/24',
    '203.0.113.0/24',
    '240.0.0.0/4', // includes the broadcast address
    '100::/64',
    '2001::/32', // Teredo: tunnels to an embedded IPv4 address
    '2001:db8::/32',
    '2002::/16', // 6to4: embeds an IPv4 address
    '3fff::/20',
  ]),
  range(
    'an IPv4-mapped or translated IPv6 address',
    ['::ffff:0:0/96', '64:ff9b::/96', '64:ff9b:1::/48'],
    true,
  ),
];

/** Why `address` may not be fetched from (e.g. "a private address"), or null when it is public. */
export function refusedAddressReason(address: string): string | null {
  const version = isIP(address);
  if (version === 0) return 'not an IP address';
  const family = version === 4 ? 'ipv4' : 'ipv6';
  return (
    REFUSED_RANGES.find((each) => (version === 6 || !each.ipv6Only) && each.list.check(address, family))
      ?.label ?? null
  );
}

/** `IP:port` of a loopback endpoint tests may fetch from; anything else is a configuration error. */
function parseAllowedHost(entry: string): string {
  const match = /^(?:\[([0-9a-f:.]+)\]|(\d{1,3}(?:\.\d{1,3}){3})):(\d{1,5})$/i.exec(entry.trim());
  const address = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!address || isIP(address) === 0 || !(port > 0 && port < 65_536)) {
    throw new Error(
      `Research fetch allowlist entry "${entry}" is not an IP:port pair such as 127.0.0.1:8080`,
    );
  }
  if (refusedAddressReason(address) !== 'a loopback address') {
    throw new Error(
      `Research fetch allowlist entry "${entry}" is not a loopback address; only test servers belong here`,
    );
  }
  return endpointKey(address, port);
}

function endpointKey(address: string, port: number): string {
  return `${address.toLowerCase()}|${port}`;
}

/**
 * The test-only allowlist from `RESEARCH_FETCH_ALLOWLIST` (comma-separated loopback `IP:port`
 * entries). Throws when it is set inside AWS Lambda, so a stray variable fails loudly instead of
 * opening the runtime API to pages that redirect there.
 */
export function fetchAllowlistFromEnv(): string[] {
  const entries = env()
    .RESEARCH_FETCH_ALLOWLIST.split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length > 0 && process.env.AWS_LAMBDA_FUNCTION_NAME) {
    throw new Error('RESEARCH_FETCH_ALLOWLIST is for tests on loopback and is refused inside AWS Lambda');
  }
  return entries;
}

const systemLookup: HostLookup = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

export interface SsrfGuardOptions {
  /** Loopback `IP:port` endpoints tests may reach (e.g. the fake web). Never set in production. */
  allowedHosts?: readonly string[];
  /** Resolver; the system resolver when absent. */
  lookup?: HostLookup;
}

/** Checks where a URL would connect, hop by hop. */
export interface SsrfGuard {
  /**
   * Resolves `url`'s host and returns the address to connect to. Throws a `blocked_address`
   * {@link SourceReadError} for schemes other than http(s), URLs with credentials, unresolvable
   * hosts, and hosts with any refused address.
   */
  check(url: URL): Promise<PinnedAddress>;
}

/** A guard with its allowlist validated up front (a bad entry throws here, not per request). */
export function createSsrfGuard(options: SsrfGuardOptions = {}): SsrfGuard {
  const allowed = new Set((options.allowedHosts ?? []).map(parseAllowedHost));
  const lookup = options.lookup ?? systemLookup;

  return {
    async check(url) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new SourceReadError(
          'blocked_address',
          `Only http and https sources are read, not ${url.protocol}`,
        );
      }
      if (url.username || url.password) {
        throw new SourceReadError('blocked_address', 'Source URLs with credentials are not read');
      }
      const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
      const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
      const literal = isIP(hostname);
      let addresses: readonly ResolvedAddress[];
      if (literal !== 0) addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
      else {
        try {
          addresses = await lookup(hostname);
        } catch (error) {
          throw new SourceReadError(
            'network_error',
            `Could not resolve ${hostname}: ${(error as Error).message}`,
          );
        }
      }
      const first = addresses[0];
      if (!first) throw new SourceReadError('network_error', `${hostname} has no address`);
      for (const { address } of addresses) {
        if (allowed.has(endpointKey(address, port))) continue;
        const reason = refusedAddressReason(address);
        if (reason) {
          throw new SourceReadError('blocked_address', `${hostname} resolves to ${address}, ${reason}`);
        }
      }
      return { hostname, port, address: first.address, family: first.family };
    },
  };
}

/**
 * A `lookup` for `http.request` / `tls.connect` that answers with the checked address only, so
 * the socket connects where the guard looked. Node asks with `all: true` when it races address
 * families, hence both answer shapes.
 */
export function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
}
