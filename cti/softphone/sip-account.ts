import { createHash } from 'node:crypto';
import type { AriRest, ConfigField, ConfigObjectRef } from '../infra/ari/types.js';

/** The realm Asterisk challenges softphones with; the digest below is computed for it. */
export const SOFTPHONE_REALM = 'switchboard';

/** The PJSIP endpoint (and its auth and aor) of an agent's browser softphone. */
export function sipUserOf(agentId: string): string {
  return `webrtc-${agentId}`;
}

/** Agent ids are checked on save; this keeps anything else out of SIP URIs and dial strings. */
export function isSafeAgentId(agentId: string): boolean {
  return /^[a-z0-9][a-z0-9_-]{0,63}$/.test(agentId);
}

const ref = (objectType: 'endpoint' | 'auth' | 'aor', id: string): ConfigObjectRef => ({
  configClass: 'res_pjsip',
  objectType,
  id,
});

const fields = (pairs: Record<string, string>): ConfigField[] =>
  Object.entries(pairs).map(([attribute, value]) => ({ attribute, value }));

/**
 * Pushes the three objects over ARI: auth and aor first, so the endpoint never points at missing
 * ones. Asterisk gets only the MD5 digest of user:realm:password (what SIP digest auth checks),
 * so the password is not readable back from Asterisk either.
 */
export async function pushSipAccount(
  rest: AriRest,
  account: { user: string; password: string; context: string },
): Promise<void> {
  const { user } = account;
  const digest = createHash('md5').update(`${user}:${SOFTPHONE_REALM}:${account.password}`).digest('hex');
  await rest.updateConfigObject(
    ref('auth', user),
    fields({ auth_type: 'digest', username: user, realm: SOFTPHONE_REALM, md5_cred: digest }),
  );
  await rest.updateConfigObject(ref('aor', user), fields({ max_contacts: '1', remove_existing: 'yes' }));
  await rest.updateConfigObject(
    ref('endpoint', user),
    fields({
      webrtc: 'yes',
      dtls_auto_generate_cert: 'yes',
      disallow: 'all',
      allow: 'opus,ulaw',
      transport: 'transport-ws',
      context: account.context,
      aors: user,
      auth: user,
    }),
  );
}

/** Removes the three objects, endpoint first (nothing may use an auth or aor that is going). */
export async function removeSipAccount(rest: AriRest, user: string): Promise<void> {
  await rest.deleteConfigObject(ref('endpoint', user));
  await rest.deleteConfigObject(ref('aor', user));
  await rest.deleteConfigObject(ref('auth', user));
}

/** Whether Asterisk still has the endpoint (it loses pushed objects when it restarts). */
export async function sipAccountExists(rest: AriRest, user: string): Promise<boolean> {
  return (await rest.getConfigObject(ref('endpoint', user))) !== null;
}
