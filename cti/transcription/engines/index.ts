import type { TranscriptionSettings } from '../../config/settings.js';
import type { TranscriptionEngine } from './engine.js';
import { HttpEngine } from './http-engine.js';
import { PocketsphinxEngine } from './pocketsphinx.js';

/** The engine the settings name (config/load.ts has checked that engine http has a URL). */
export function engineFromSettings(settings: TranscriptionSettings): TranscriptionEngine {
  if (settings.engine === 'http') {
    return new HttpEngine({
      url: settings.http.url ?? '',
      apiKey: settings.http.apiKey,
      model: settings.http.model,
    });
  }
  return new PocketsphinxEngine();
}
