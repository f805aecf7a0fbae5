/**
 * The phone a supervisor asks us to ring. It goes into a Dial string, so only two exact shapes pass
 * (never a '&', ',', '/' or '(' that would let one request ring a second target or run options):
 * - PJSIP/<endpoint>: the endpoint must also exist in Asterisk (checked by the service);
 * - Local/<extension>@<context>[/n]: only contexts the operator listed in
 *   SWITCHBOARD_SUPERVISION_LOCAL_CONTEXTS, since a Local channel runs whatever that context does.
 */
export type SupervisorDevice =
  | { kind: 'pjsip'; endpoint: string; dial: string }
  | { kind: 'local'; extension: string; context: string; dial: string };

export type DeviceCheck = { ok: true; device: SupervisorDevice } | { ok: false; reason: string };

const PJSIP_DEVICE = /^PJSIP\/([A-Za-z0-9_.-]{1,64})$/;
const LOCAL_DEVICE = /^Local\/([A-Za-z0-9+*#_-]{1,40})@([A-Za-z0-9_-]{1,79})(\/n)?$/;

export function parseSupervisorDevice(text: string, localContexts: readonly string[]): DeviceCheck {
  const shown = JSON.stringify(text);
  const pjsip = PJSIP_DEVICE.exec(text);
  if (pjsip) {
    const endpoint = pjsip[1] as string;
    return { ok: true, device: { kind: 'pjsip', endpoint, dial: `PJSIP/${endpoint}` } };
  }
  const local = LOCAL_DEVICE.exec(text);
  if (!local)
    return {
      ok: false,
      reason: `device ${shown} is neither PJSIP/<endpoint> nor Local/<extension>@<context> (letters, digits and + * # _ - only)`,
    };
  const extension = local[1] as string;
  const context = local[2] as string;
  if (!localContexts.includes(context)) {
    const allowed = localContexts.length === 0 ? 'none is listed' : `listed: ${localContexts.join(', ')}`;
    return {
      ok: false,
      reason: `device ${shown}: context "${context}" is not one supervisors may ring (SWITCHBOARD_SUPERVISION_LOCAL_CONTEXTS; ${allowed})`,
    };
  }
  // "/n" always: an optimised-away Local channel would take the supervisor's leg id with it.
  return { ok: true, device: { kind: 'local', extension, context, dial: `Local/${extension}@${context}/n` } };
}
