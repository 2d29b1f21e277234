import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where webhooks may be sent. A tenant chooses the URL, so without these rules
 * the platform could be made to POST into its own network (SSRF): loopback,
 * private ranges, cloud metadata at 169.254.169.254. The rules are checked when
 * an endpoint is saved and again before every attempt, against every address
 * the host resolves to; the sender then connects to the address that passed,
 * so a DNS answer that changes in between (rebinding) cannot slip through.
 */

export const MAX_WEBHOOK_URL_LENGTH = 2048;

export type IpFamily = 'ipv4' | 'ipv6';

export interface Cidr {
  address: string;
  prefix: number;
  family: IpFamily;
}

export interface WebhookTargetPolicyOptions {
  requireHttps: boolean;
  /** Ranges exempt from the blocked list (e.g. a test receiver on loopback). */
  allowedNetworks: readonly Cidr[];
}

export type TargetDecision =
  { ok: true; url: URL; address: string; family: 4 | 6 } | { ok: false; reason: string };

/** Resolves a host name to all its addresses (getaddrinfo, as connections would). */
export type HostResolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: HostResolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** Blocked ranges with the words a refusal uses. Order matters: the first match names it. */
const BLOCKED_RANGES: readonly (Cidr & { name: string })[] = [
  ['0.0.0.0', 8, 'ipv4', 'an unspecified ("this network") address'],
  ['10.0.0.0', 8, 'ipv4', 'a private (RFC 1918) address'],
  ['100.64.0.0', 10, 'ipv4', 'a carrier-grade NAT (100.64.0.0/10) address'],
  ['127.0.0.0', 8, 'ipv4', 'a loopback address'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local address (cloud metadata lives here)'],
  ['172.16.0.0', 12, 'ipv4', 'a private (RFC 1918) address'],
  ['192.168.0.0', 16, 'ipv4', 'a private (RFC 1918) address'],
  ['224.0.0.0', 4, 'ipv4', 'a multicast address'],
  ['240.0.0.0', 4, 'ipv4', 'a reserved or broadcast address'],
  ['::', 128, 'ipv6', 'the unspecified address'],
  ['::1', 128, 'ipv6', 'a loopback address'],
  // Deprecated IPv4-compatible addresses (::a.b.c.d): no public use, easy to abuse.
  ['::', 96, 'ipv6', 'an IPv4-compatible IPv6 address'],
  ['fc00::', 7, 'ipv6', 'a unique-local (private) address'],
  ['fe80::', 10, 'ipv6', 'a link-local address'],
  ['fec0::', 10, 'ipv6', 'a site-local address'],
  ['ff00::', 8, 'ipv6', 'a multicast address'],
].map(([address, prefix, family, name]) => ({
  address: address as string,
  prefix: prefix as number,
  family: family as IpFamily,
  name: name as string,
}));

function blockListOf(ranges: readonly Cidr[]): BlockList {
  const list = new BlockList();
  for (const { address, prefix, family } of ranges) list.addSubnet(address, prefix, family);
  return list;
}

const BLOCKED = BLOCKED_RANGES.map((range) => ({ ...range, list: blockListOf([range]) }));

/** `10.0.0.0/8, ::1/128` → CIDRs; throws a sentence naming the bad entry. */
export function parseCidrList(text: string): Cidr[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = /^([^/]+)\/(\d{1,3})$/.exec(entry);
      const version = match ? isIP(match[1]) : 0;
      const prefix = match ? Number(match[2]) : NaN;
      if (!match || version === 0 || prefix > (version === 4 ? 32 : 128)) {
        throw new Error(`"${entry}" is not a CIDR like 10.0.0.0/8 or fd00::/8`);
      }
      return { address: match[1], prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
    });
}

/** The 16 bytes of an IPv6 address (with `::` and a trailing dotted IPv4 allowed). */
function ipv6Bytes(address: string): number[] {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  const all =
    tail === undefined
      ? left
      : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return all.flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

/** The IPv4 address inside an IPv4-mapped (::ffff:0:0/96) or NAT64 (64:ff9b::/96) one. */
export function embeddedIpv4(address: string): string | undefined {
  if (isIP(address) !== 6) return undefined;
  const bytes = ipv6Bytes(address);
  const mapped =
    bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  const nat64 =
    bytes[0] === 0x00 &&
    bytes[1] === 0x64 &&
    bytes[2] === 0xff &&
    bytes[3] === 0x9b &&
    bytes.slice(4, 12).every((b) => b === 0);
  return mapped || nat64 ? bytes.slice(12).join('.') : undefined;
}

/**
 * Why a connection to this IP address is refused, or undefined when it may be
 * used. Allowed networks win over the blocked ranges.
 */
export function blockedAddressReason(
  address: string,
  allowed: BlockList = new BlockList(),
): string | undefined {
  const version = isIP(address);
  if (version === 0) return `${address} is not an IP address`;
  const family: IpFamily = version === 4 ? 'ipv4' : 'ipv6';
  const inner = embeddedIpv4(address);
  if (allowed.check(address, family) || (inner && allowed.check(inner, 'ipv4'))) return undefined;
  if (inner) {
    const innerReason = blockedAddressReason(inner, allowed);
    return innerReason ? `${address} embeds ${innerReason}` : undefined;
  }
  const hit = BLOCKED.find((range) => range.family === family && range.list.check(address, family));
  return hit ? `${address} is ${hit.name}` : undefined;
}

/** Checks the URL's form only (no DNS): absolute http(s), no credentials, length, https rule. */
export function checkWebhookUrl(
  raw: string,
  requireHttps: boolean,
): { ok: true; url: URL } | { ok: false; reason: string } {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) {
    return { ok: false, reason: `The URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters.` };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'The URL is not an absolute URL.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'The URL must use https (or http where allowed).' };
  }
  if (requireHttps && url.protocol !== 'https:') {
    return { ok: false, reason: 'The URL must use https.' };
  }
  if (url.username || url.password) {
    return { ok: false, reason: 'The URL must not contain a user name or password.' };
  }
  if (!url.hostname) return { ok: false, reason: 'The URL has no host.' };
  return { ok: true, url };
}

export class WebhookTargetPolicy {
  private readonly allowed: BlockList;

  constructor(
    private readonly options: WebhookTargetPolicyOptions,
    private readonly resolve: HostResolver = systemResolver,
  ) {
    this.allowed = blockListOf(options.allowedNetworks);
  }

  /**
   * The address to connect to, when the URL and every address of its host pass.
   * Any one blocked address refuses the whole host: which one a client gets is
   * not ours to choose, and a mixed answer is a classic rebinding set-up.
   */
  async check(raw: string): Promise<TargetDecision> {
    const form = checkWebhookUrl(raw, this.options.requireHttps);
    if (!form.ok) return form;
    const { url } = form;
    // URL keeps IPv6 literals in brackets; numeric forms (2130706433, 0x7f.1) are already normalised.
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses: { address: string; family: number }[];
    if (isIP(host)) {
      addresses = [{ address: host, family: isIP(host) }];
    } else {
      try {
        addresses = await this.resolve(host);
      } catch {
        return { ok: false, reason: `The host ${host} does not resolve.` };
      }
      if (!addresses.length) return { ok: false, reason: `The host ${host} does not resolve.` };
    }
    for (const { address } of addresses) {
      const reason = blockedAddressReason(address, this.allowed);
      if (reason) {
        const via = isIP(host) ? '' : ` (${host} resolves to it)`;
        return {
          ok: false,
          reason: `The URL's host is not allowed: ${reason}${via}; webhooks go to public addresses only.`,
        };
      }
    }
    const first = addresses[0];
    return { ok: true, url, address: first.address, family: first.family === 6 ? 6 : 4 };
  }
}
