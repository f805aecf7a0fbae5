import { basename, posix, resolve } from 'node:path';
import type { ResolvedPrompt } from '../flow/types.js';
import { isPromptId } from './prompt-id.js';
import { knownVoice, type TextToSpeech } from './tts.js';

export interface MediaResolverOptions {
  tts: TextToSpeech;
  /** The prompts directory as Asterisk sees it (settings.ivr.asteriskPromptsDir). */
  asteriskPromptsDir: string;
  /** Voice for `say` prompts that name none and whose call language is not a voice (settings.ivr.ttsVoice). */
  defaultVoice: string;
}

/** A prompt that cannot be turned into media (the port skips it, as it does a missing file). */
export class UnplayablePromptError extends Error {
  override readonly name = 'UnplayablePromptError';
}

/**
 * Resolved prompts → ARI media URIs. Uploads and speech are files under the prompts directory,
 * named by absolute path without extension as Asterisk sees it (it may run in a chroot or a
 * container where that directory has another path than on this host).
 */
export class MediaResolver {
  private readonly asteriskDir: string;

  constructor(private readonly options: MediaResolverOptions) {
    this.asteriskDir = resolve(options.asteriskPromptsDir);
  }

  /**
   * sound → "sound:<name>" (Asterisk picks the channel's language); upload →
   * "sound:<asteriskPromptsDir>/uploads/<id>"; say → synthesized (cached), then
   * "sound:<asteriskPromptsDir>/tts/<key>"; digits → "digits:<digits>". `language` (the call's,
   * e.g. "en_US" or "de") picks the voice of a `say` prompt that names none, when the engine has
   * it and it says more than the default voice does.
   */
  async toMedia(prompt: ResolvedPrompt, language?: string): Promise<string> {
    switch (prompt.kind) {
      case 'sound':
        return `sound:${prompt.name}`;
      case 'upload':
        if (!isPromptId(prompt.id))
          throw new UnplayablePromptError(`upload id ${JSON.stringify(prompt.id)} is not a prompt id`);
        return `sound:${posix.join(this.asteriskDir, 'uploads', prompt.id)}`;
      case 'say': {
        const voice = prompt.voice ?? (await this.voiceForLanguage(language));
        const hostPath = await this.options.tts.synthesize(prompt.text, voice);
        return `sound:${posix.join(this.asteriskDir, 'tts', basename(hostPath, '.wav'))}`;
      }
      case 'digits': {
        const digits = prompt.digits.replace(/[^0-9*#]/g, '');
        if (digits === '')
          throw new UnplayablePromptError(
            `digits prompt ${JSON.stringify(prompt.digits)} has no digits to read`,
          );
        return `digits:${digits}`;
      }
    }
  }

  private async voiceForLanguage(language: string | undefined): Promise<string> {
    if (language === undefined || language === '') return this.options.defaultVoice;
    const asVoice = language.toLowerCase().replace(/_/g, '-');
    const fallback = this.options.defaultVoice;
    // A bare "en" on the channel says less than a configured "en-us": keep the configured voice.
    if (!asVoice.includes('-') && fallback.toLowerCase().split('-')[0] === asVoice) return fallback;
    const voices = await this.options.tts.voices().catch(() => new Set<string>());
    return knownVoice(voices, asVoice) ?? fallback;
  }
}
