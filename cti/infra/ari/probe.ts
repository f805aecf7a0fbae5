/** Result of checking a dependency: what the operator sees in /readyz and `switchboard doctor`. */
export interface ProbeResult {
  ok: boolean;
  detail: string;
}

/** Why a fetch failed, in words an operator can act on (the cause code, not "fetch failed"). */
export function describeFetchError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if ((err as Error).name === 'TimeoutError') return 'no answer within the time limit';
  return cause?.message ?? (err as Error).message ?? String(err);
}

/** One ARI request with the credentials: tells unreachable, wrong password and not-ARI apart. */
export async function probeAri(
  url: string,
  user: string,
  password: string,
  timeoutMs = 3000,
): Promise<ProbeResult> {
  const target = `${url}/ari/asterisk/info`;
  try {
    const res = await fetch(target, {
      headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.status === 401)
      return {
        ok: false,
        detail: `ARI at ${url} refused user "${user}" (401): check the ARI user and password`,
      };
    if (!res.ok)
      return {
        ok: false,
        detail: `ARI at ${url} answered ${res.status} to GET /ari/asterisk/info: is ARI enabled (ari.conf, http.conf)?`,
      };
    const info = (await res.json()) as { system?: { version?: string } };
    return { ok: true, detail: `Asterisk ${info.system?.version ?? '(version unknown)'} at ${url}` };
  } catch (err) {
    return { ok: false, detail: `ARI at ${url} unreachable (${describeFetchError(err)})` };
  }
}
