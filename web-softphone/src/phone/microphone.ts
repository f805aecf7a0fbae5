import type { Mic } from '../store.js';

/** Microphone access: what getUserMedia's refusals mean for the agent, and noticing when it is allowed again. */

export function micStateOf(err: unknown): Mic {
  const name = (err as { name?: string })?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError')
    return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError')
    return 'notfound';
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return 'busy';
  return 'denied';
}

export function audioConstraints(deviceId: string | null): MediaStreamConstraints {
  return {
    audio: deviceId
      ? { deviceId: { exact: deviceId }, echoCancellation: true, noiseSuppression: true }
      : { echoCancellation: true, noiseSuppression: true },
    video: false,
  };
}

/** Opens the microphone and closes it again: asks for permission up front, not when a call is ringing. */
export async function probeMicrophone(deviceId: string | null): Promise<Mic> {
  if (!navigator.mediaDevices?.getUserMedia) return 'notfound';
  try {
    const stream = await navigator.mediaDevices.getUserMedia(audioConstraints(deviceId));
    for (const track of stream.getTracks()) track.stop();
    return 'ok';
  } catch (err) {
    // A saved device that was unplugged: fall back to the default before calling it missing.
    if (deviceId && micStateOf(err) === 'notfound') return probeMicrophone(null);
    return micStateOf(err);
  }
}

/** Calls back when the browser's microphone permission changes (Chrome, Edge, Firefox). */
export async function watchMicPermission(onChange: (state: PermissionState) => void): Promise<void> {
  try {
    const status = await navigator.permissions.query({ name: 'microphone' as PermissionName });
    status.addEventListener('change', () => onChange(status.state));
  } catch {
    // Not supported: the "Check again" button is the way back.
  }
}
