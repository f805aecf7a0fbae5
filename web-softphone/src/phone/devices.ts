/** Audio device choice, remembered per browser. */

const IN_KEY = 'switchboard.audioInput';
const OUT_KEY = 'switchboard.audioOutput';

export interface AudioDevices {
  inputs: MediaDeviceInfo[];
  outputs: MediaDeviceInfo[];
}

export async function listAudioDevices(): Promise<AudioDevices> {
  if (!navigator.mediaDevices?.enumerateDevices) return { inputs: [], outputs: [] };
  const all = await navigator.mediaDevices.enumerateDevices();
  const real = (d: MediaDeviceInfo) => d.deviceId !== '' && d.deviceId !== 'default';
  return {
    inputs: all.filter((d) => d.kind === 'audioinput' && real(d)),
    outputs: all.filter((d) => d.kind === 'audiooutput' && real(d)),
  };
}

export function canChooseOutput(audio: HTMLAudioElement): boolean {
  return typeof (audio as HTMLAudioElement & { setSinkId?: unknown }).setSinkId === 'function';
}

export async function setOutput(audio: HTMLAudioElement, deviceId: string): Promise<void> {
  const el = audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
  if (el.setSinkId) await el.setSinkId(deviceId);
}

export function savedInput(): string | null {
  return localStorage.getItem(IN_KEY) || null;
}

export function savedOutput(): string | null {
  return localStorage.getItem(OUT_KEY) || null;
}

export function saveInput(id: string): void {
  localStorage.setItem(IN_KEY, id);
}

export function saveOutput(id: string): void {
  localStorage.setItem(OUT_KEY, id);
}
