/**
 * API-key IP allowlists (PRD §4.2.10 `allowed_ips`): entries are single addresses or CIDR ranges,
 * IPv4 or IPv6. Matching uses Node's `net.BlockList`, which also matches IPv4-mapped IPv6
 * addresses (`::ffff:10.0.0.1`) against IPv4 ranges and the other way round.
 */
import { BlockList, isIP } from 'node:net';

interface ParsedRule {
  address: string;
  family: 'ipv4' | 'ipv6';
  /** Absent for a single address. */
  prefix?: number;
}

function parseRule(entry: string): ParsedRule | null {
  const [address = '', prefixText, ...rest] = entry.split('/');
  // Zone ids (`fe80::1%eth0`) name an interface of one machine; they mean nothing to a server.
  if (rest.length > 0 || address.includes('%')) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, family };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix <= (version === 4 ? 32 : 128) ? { address, family, prefix } : null;
}

/** True when `entry` is an IPv4/IPv6 address or CIDR range (`203.0.113.7`, `10.0.0.0/8`, `2001:db8::/32`). */
export function isIpRule(entry: string): boolean {
  return parseRule(entry) !== null;
}

/**
 * True when `address` falls within one of `rules`. An absent allowlist allows every address; an
 * unknown or malformed caller address is never allowed by a present one.
 */
export function ipAllowed(address: string | undefined, rules: readonly string[] | undefined): boolean {
  if (rules === undefined) return true;
  const version = address === undefined ? 0 : isIP(address);
  if (address === undefined || version === 0) return false;
  const list = new BlockList();
  for (const rule of rules) {
    const parsed = parseRule(rule);
    if (!parsed) continue;
    if (parsed.prefix === undefined) list.addAddress(parsed.address, parsed.family);
    else list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return list.check(address, version === 4 ? 'ipv4' : 'ipv6');
}
