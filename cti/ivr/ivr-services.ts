import { join } from 'node:path';
import type { AuditLog } from '../audit/audit-log.js';
import type { Settings } from '../config/settings.js';
import type { Db } from '../infra/db/client.js';
import type { Logger } from '../infra/logger.js';
import { DidService } from './dids/did-service.js';
import type { FlowCheckSource } from './flows/flow-check.js';
import { FlowPublisher } from './flows/flow-publisher.js';
import { FlowService } from './flows/flow-service.js';
import { FlowSimulation } from './flows/flow-simulation.js';
import { EspeakTextToSpeech } from './prompts/espeak-tts.js';
import { MediaResolver } from './prompts/media.js';
import { PromptService } from './prompts/prompt-service.js';
import type { TextToSpeech } from './prompts/tts.js';
import type { SoundCatalog } from './sound-catalog.js';

/** The IVR's services, built once by the daemon (or a test) and shared by its routes and the ARI port. */
export interface IvrServices {
  sounds: SoundCatalog;
  /** Drafts, reads, deletes, and `flowForCall` for new calls. */
  flows: FlowService;
  /** Publish, rollback, versions and diffs. */
  publishing: FlowPublisher;
  simulation: FlowSimulation;
  dids: DidService;
  prompts: PromptService;
  tts: TextToSpeech;
  /** Resolved prompts → ARI media URIs, for the port that plays them on live calls. */
  media: MediaResolver;
}

export interface IvrServiceDeps {
  db: Db;
  settings: Pick<Settings, 'ivr'>;
  clock: () => Date;
  sounds: SoundCatalog;
  logger: Logger;
  /** Not used by the services (the routes audit what admins change); accepted so callers can pass AppDeps-like objects. */
  audit?: AuditLog;
  /** Default: espeak-ng with its cache under `<promptsDir>/tts`. */
  tts?: TextToSpeech;
}

export function createIvrServices(deps: IvrServiceDeps): IvrServices {
  const { db, settings, clock, sounds, logger } = deps;
  const ivr = settings.ivr;
  const log = logger.child({ component: 'ivr' });
  const tts = deps.tts ?? new EspeakTextToSpeech({ cacheDir: join(ivr.promptsDir, 'tts') });
  const prompts = new PromptService(db, ivr.promptsDir, clock, log);
  let warnedVoices = false;
  const checks: FlowCheckSource = {
    current: async () => ({
      soundExists: (name) => sounds.exists(name),
      uploadExists: (id) => prompts.exists(id),
      httpAllowList: ivr.httpAllowList,
      // Without an engine, voices go unchecked here; the call that needs one logs why it failed.
      voices: await tts.voices().catch((err: unknown) => {
        if (!warnedVoices)
          log.warn({ err }, 'text-to-speech voices could not be listed; say voices are not checked');
        warnedVoices = true;
        return undefined;
      }),
    }),
  };
  return {
    sounds,
    flows: new FlowService(db, checks, sounds, clock),
    publishing: new FlowPublisher(db, checks, sounds, clock),
    simulation: new FlowSimulation(db, ivr.httpAllowList),
    dids: new DidService(db, clock),
    prompts,
    tts,
    media: new MediaResolver({ tts, asteriskPromptsDir: ivr.asteriskPromptsDir, defaultVoice: ivr.ttsVoice }),
  };
}
