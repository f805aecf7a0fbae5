/**
 * Which hosts a flow's http lookups may call. Entries are host names ("crm.example.com") or
 * "*.example.com" for any subdomain (not example.com itself). The host of a flow's URL must be
 * written out: variables are only allowed after it, and are URL-encoded there, so caller input can
 * never change where a request goes.
 */

export function hostAllowed(host: string, allowList: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return allowList.some((entry) => {
    const e = entry.toLowerCase();
    return e.startsWith('*.') ? h.endsWith(e.slice(1)) && h.length > e.length - 1 : h === e;
  });
}

export type UrlHostCheck = { ok: true; host: string } | { ok: false; reason: string };

/** The host a flow URL calls, or why it cannot be known before the call. */
export function hostOfFlowUrl(url: string): UrlHostCheck {
  const authority = /^https?:\/\/([^/?#]*)/i.exec(url)?.[1];
  if (authority === undefined)
    return { ok: false, reason: `url "${url}" must start with http:// or https://` };
  if (authority.includes('${')) {
    return { ok: false, reason: `url "${url}" builds its host from a variable; write the host out` };
  }
  if (authority.includes('@'))
    return { ok: false, reason: `url "${url}" must not carry a user name or password` };
  try {
    const parsed = new URL(url.replace(/\$\{[^}]*\}/g, 'x'));
    return { ok: true, host: parsed.hostname };
  } catch {
    return { ok: false, reason: `url "${url}" is not a valid address` };
  }
}
