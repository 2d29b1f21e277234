import {
  blockedAddressReason,
  checkWebhookUrl,
  embeddedIpv4,
  parseCidrList,
  WebhookTargetPolicy,
  type HostResolver,
} from './webhook-target-policy';
import { BlockList } from 'node:net';

const resolverOf =
  (answers: Record<string, string[]>): HostResolver =>
  (hostname) => {
    const addresses = answers[hostname];
    if (!addresses) return Promise.reject(new Error(`ENOTFOUND ${hostname}`));
    return Promise.resolve(
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };

describe('webhook target policy', () => {
  describe('blocked addresses', () => {
    it.each([
      ['0.0.0.0', /unspecified/],
      ['0.1.2.3', /unspecified/],
      ['10.0.0.1', /private/],
      ['10.255.255.255', /private/],
      ['172.16.0.1', /private/],
      ['172.31.255.254', /private/],
      ['192.168.1.1', /private/],
      ['100.64.0.1', /carrier-grade NAT/],
      ['100.127.255.255', /carrier-grade NAT/],
      ['127.0.0.1', /loopback/],
      ['127.255.0.9', /loopback/],
      ['169.254.169.254', /link-local/],
      ['169.254.0.1', /link-local/],
      ['224.0.0.1', /multicast/],
      ['239.255.255.250', /multicast/],
      ['255.255.255.255', /broadcast/],
      ['::', /unspecified/],
      ['::1', /loopback/],
      ['fc00::1', /unique-local/],
      ['fd12:3456::1', /unique-local/],
      ['fe80::1', /link-local/],
      ['ff02::1', /multicast/],
      ['::ffff:127.0.0.1', /embeds .*loopback/],
      ['::ffff:7f00:1', /embeds .*loopback/],
      ['::ffff:10.1.2.3', /embeds .*private/],
      ['::ffff:a9fe:a9fe', /embeds .*link-local/],
      ['64:ff9b::a9fe:a9fe', /embeds .*link-local/],
      ['::7f00:1', /IPv4-compatible/],
    ])('refuses %s', (address, reason) => {
      expect(blockedAddressReason(address)).toMatch(reason);
    });

    it.each([
      '8.8.8.8',
      '1.1.1.1',
      '100.63.255.255',
      '100.128.0.0',
      '172.15.255.255',
      '172.32.0.0',
      '192.169.0.1',
      '169.253.255.255',
      '2001:4860:4860::8888',
      '::ffff:8.8.8.8',
      '64:ff9b::808:808',
    ])('accepts public %s', (address) => {
      expect(blockedAddressReason(address)).toBeUndefined();
    });

    it('lets allowed networks through, including their IPv4-mapped forms', () => {
      const allowed = new BlockList();
      for (const { address, prefix, family } of parseCidrList('127.0.0.0/8, ::1/128')) {
        allowed.addSubnet(address, prefix, family);
      }
      expect(blockedAddressReason('127.0.0.1', allowed)).toBeUndefined();
      expect(blockedAddressReason('::1', allowed)).toBeUndefined();
      expect(blockedAddressReason('::ffff:127.0.0.1', allowed)).toBeUndefined();
      expect(blockedAddressReason('10.0.0.1', allowed)).toMatch(/private/);
      expect(blockedAddressReason('169.254.169.254', allowed)).toMatch(/link-local/);
    });

    it('finds the IPv4 address inside mapped and NAT64 addresses only', () => {
      expect(embeddedIpv4('::ffff:192.0.2.1')).toBe('192.0.2.1');
      expect(embeddedIpv4('::ffff:c000:201')).toBe('192.0.2.1');
      expect(embeddedIpv4('64:ff9b::c000:201')).toBe('192.0.2.1');
      expect(embeddedIpv4('2001:db8::c000:201')).toBeUndefined();
      expect(embeddedIpv4('192.0.2.1')).toBeUndefined();
    });
  });

  describe('CIDR lists', () => {
    it('parses IPv4 and IPv6 entries', () => {
      expect(parseCidrList(' 127.0.0.0/8 ,::1/128,')).toEqual([
        { address: '127.0.0.0', prefix: 8, family: 'ipv4' },
        { address: '::1', prefix: 128, family: 'ipv6' },
      ]);
      expect(parseCidrList('')).toEqual([]);
    });

    it.each(['127.0.0.1', '127.0.0.0/33', '::1/129', 'localhost/8', '10.0.0/8'])(
      'refuses %p',
      (text) => {
        expect(() => parseCidrList(text)).toThrow(/not a CIDR/);
      },
    );
  });

  describe('URL form', () => {
    it.each([
      ['/relative', /absolute/],
      ['ftp://example.com/x', /https/],
      ['https://user:pw@example.com/x', /user name or password/],
      ['https://user@example.com/x', /user name or password/],
      [`https://example.com/${'a'.repeat(2040)}`, /longer than 2048/],
    ])('refuses %s', (url, reason) => {
      expect(checkWebhookUrl(url, false)).toEqual({
        ok: false,
        reason: expect.stringMatching(reason),
      });
    });

    it('requires https only when told to', () => {
      expect(checkWebhookUrl('http://example.com/hook', false).ok).toBe(true);
      expect(checkWebhookUrl('http://example.com/hook', true)).toEqual({
        ok: false,
        reason: 'The URL must use https.',
      });
      expect(checkWebhookUrl('https://example.com/hook', true).ok).toBe(true);
    });

    it('accepts exactly 2048 characters', () => {
      const url = `https://example.com/${'a'.repeat(2048 - 'https://example.com/'.length)}`;
      expect(url).toHaveLength(2048);
      expect(checkWebhookUrl(url, true).ok).toBe(true);
    });
  });

  describe('check (with DNS)', () => {
    const policy = (resolver: HostResolver, allowed = '') =>
      new WebhookTargetPolicy(
        { requireHttps: false, allowedNetworks: parseCidrList(allowed) },
        resolver,
      );

    it('returns the address that passed for a public host', async () => {
      const decision = await policy(resolverOf({ 'hooks.example.com': ['203.0.113.7'] })).check(
        'https://hooks.example.com/in',
      );
      expect(decision).toMatchObject({ ok: true, address: '203.0.113.7', family: 4 });
    });

    it('refuses a host when any of its addresses is blocked', async () => {
      const decision = await policy(
        resolverOf({ 'mixed.example.com': ['203.0.113.7', '10.0.0.5'] }),
      ).check('https://mixed.example.com/in');
      expect(decision).toEqual({
        ok: false,
        reason: expect.stringMatching(
          /10\.0\.0\.5 is a private .*mixed\.example\.com resolves to it/,
        ),
      });
    });

    it('refuses literal and numeric forms of blocked addresses without asking DNS', async () => {
      const resolver = jest.fn<ReturnType<HostResolver>, Parameters<HostResolver>>();
      for (const url of [
        'http://127.0.0.1/',
        'http://2130706433/',
        'http://0x7f.1/',
        'http://[::1]/',
        'http://[::ffff:127.0.0.1]/',
        'http://169.254.169.254/latest/meta-data',
        'http://[fd00::1]:8080/',
      ]) {
        expect(await policy(resolver).check(url)).toMatchObject({ ok: false });
      }
      expect(resolver).not.toHaveBeenCalled();
    });

    it('refuses a host that does not resolve', async () => {
      expect(await policy(resolverOf({})).check('https://nowhere.invalid/')).toEqual({
        ok: false,
        reason: 'The host nowhere.invalid does not resolve.',
      });
    });

    it('allows loopback only inside the allowed networks', async () => {
      const resolver = resolverOf({ localhost: ['127.0.0.1', '::1'] });
      expect(await policy(resolver).check('http://localhost:8080/')).toMatchObject({ ok: false });
      expect(
        await policy(resolver, '127.0.0.0/8,::1/128').check('http://localhost:8080/'),
      ).toMatchObject({ ok: true, address: '127.0.0.1' });
      expect(await policy(resolver, '127.0.0.0/8').check('http://localhost:8080/')).toMatchObject({
        ok: false,
        reason: expect.stringContaining('::1 is a loopback address'),
      });
      expect(await policy(resolver, '127.0.0.0/8,::1/128').check('http://[::1]:9/')).toMatchObject({
        ok: true,
        address: '::1',
        family: 6,
      });
    });
  });
});
