/** What an uploaded body really is, from its first bytes: a declared content type alone proves nothing. */

export type AudioKind = 'wav' | 'mp3';

/** Content types uploads may declare, and the audio each promises. */
export const AUDIO_CONTENT_TYPES: Readonly<Record<string, AudioKind>> = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/mpeg': 'mp3',
};

export const KIND_NAMES: Readonly<Record<AudioKind, string>> = { wav: 'WAV', mp3: 'MP3' };

/** "audio/wav; codecs=1" → "audio/wav"; undefined stays undefined. */
export function bareContentType(header: string | undefined): string | undefined {
  const bare = header?.split(';')[0]?.trim().toLowerCase();
  return bare === '' ? undefined : bare;
}

/** RIFF/WAVE header, an ID3 tag, or an MPEG audio frame sync; null for anything else. */
export function sniffAudio(bytes: Uint8Array): AudioKind | null {
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') return 'wav';
  if (ascii(bytes, 0, 3) === 'ID3') return 'mp3';
  const [b0, b1] = [bytes[0], bytes[1]];
  if (b0 === 0xff && b1 !== undefined && (b1 & 0xe0) === 0xe0) {
    const version = (b1 >> 3) & 0b11;
    const layer = (b1 >> 1) & 0b11;
    if (version !== 0b01 && layer !== 0b00) return 'mp3';
  }
  return null;
}

/** 'starts with 3c 68 74 6d 6c 3e 0a 3c ("<html>.<")', for messages about what was received. */
export function describeStart(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'is empty';
  const head = bytes.subarray(0, 8);
  const hex = [...head].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const text = [...head].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  return `starts with ${hex} (${JSON.stringify(text)})`;
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}
