import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  return PRIVATE.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Why a webhook may not use this URL, or null when it may: http(s) only, and no private,
 * loopback or link-local host (by name or by what the name resolves to) unless the host is in
 * SWITCHBOARD_WEBHOOK_ALLOW_HOSTS. Checked at registration and again before every delivery, so a
 * name that later resolves inward is refused then.
 */
export async function webhookUrlRefusal(
  raw: string,
  allowHosts: readonly string[],
  resolve: (host: string) => Promise<string[]> = resolveAll,
): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `url ${JSON.stringify(raw)} is not a URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `url ${JSON.stringify(raw)}: only http and https are allowed, not ${url.protocol.replace(':', '')}`;
  if (url.username || url.password)
    return `url ${JSON.stringify(raw)}: credentials in the URL are not allowed`;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (allowHosts.includes(host)) return null;
  const why = `is private or loopback (allow it with SWITCHBOARD_WEBHOOK_ALLOW_HOSTS)`;
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal'))
    return `url host ${host} ${why}`;
  if (isIP(host)) return isPrivateAddress(host) ? `url host ${host} ${why}` : null;
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch (err) {
    return `url host ${host} does not resolve (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  }
  const inward = addresses.find(isPrivateAddress);
  return inward ? `url host ${host} resolves to ${inward}, which ${why}` : null;
}

async function resolveAll(host: string): Promise<string[]> {
  return (await lookup(host, { all: true })).map((a) => a.address);
}
