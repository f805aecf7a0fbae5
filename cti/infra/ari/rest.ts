import ari, { type RawAriClient } from 'ari-client';
import { AriRequestError, toAriError } from './errors.js';

/** Longer than any ARI request takes on a healthy Asterisk (originate included). */
const ARI_REQUEST_TIMEOUT_MS = 10_000;

import type {
  AriBridge,
  AriChannel,
  AriLiveRecording,
  AriRest,
  ConfigField,
  OriginateParams,
} from './types.js';

type Operation = (params?: Record<string, unknown>) => Promise<unknown>;

/** ari-client returns resource objects carrying the client; keep only the data fields. */
function plain<T>(value: unknown): T {
  if (Array.isArray(value)) return value.map((item) => plain(item)) as T;
  if (value === null || typeof value !== 'object') return value as T;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key.startsWith('_') || typeof field === 'function') continue;
    out[key] = field;
  }
  return out as T;
}

/** Loads ARI's API description from Asterisk and returns the typed REST surface over it. */
export async function connectAriRest(url: string, user: string, password: string): Promise<AriRest> {
  const client = await ari.connect(url, user, password);
  return createAriRest(client);
}

function createAriRest(client: RawAriClient): AriRest {
  const call = async <T>(
    resource: string,
    operation: string,
    params?: Record<string, unknown>,
  ): Promise<T> => {
    const group = client[resource] as Record<string, Operation> | undefined;
    const fn = group?.[operation];
    if (!fn) throw new Error(`ARI ${resource}.${operation} is not offered by this Asterisk`);
    let timer: NodeJS.Timeout | undefined;
    // ari-client's HTTP layer never settles a request whose socket failed (e.g. Asterisk's HTTP
    // session limit refusing it): without a deadline that caller's work would wait forever.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new AriRequestError(
              `${resource}.${operation}`,
              `no answer within ${ARI_REQUEST_TIMEOUT_MS} ms`,
              false,
            ),
          ),
        ARI_REQUEST_TIMEOUT_MS,
      );
    });
    try {
      return plain<T>(await Promise.race([fn(params), deadline]));
    } catch (err) {
      throw err instanceof AriRequestError ? err : toAriError(`${resource}.${operation}`, err);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    asteriskInfo: () => call('asterisk', 'getInfo'),
    listSounds: () => call('sounds', 'list'),
    listChannels: () => call<AriChannel[]>('channels', 'list'),
    async getChannel(channelId) {
      try {
        return await call<AriChannel>('channels', 'get', { channelId });
      } catch (err) {
        if ((err as { notFound?: boolean }).notFound) return null;
        throw err;
      }
    },
    answer: (channelId) => call('channels', 'answer', { channelId }),
    hangup: (channelId, reason = 'normal') => call('channels', 'hangup', { channelId, reason }),
    play: (channelId, media, playbackId) => call('channels', 'play', { channelId, media, playbackId }),
    stopPlayback: (playbackId) => call('playbacks', 'stop', { playbackId }),
    async getVariable(channelId, variable) {
      try {
        const result = await call<{ value?: string }>('channels', 'getChannelVar', { channelId, variable });
        return result.value ?? null;
      } catch (err) {
        if ((err as { notFound?: boolean }).notFound) return null;
        throw err;
      }
    },
    setVariable: (channelId, variable, value) =>
      call('channels', 'setChannelVar', { channelId, variable, value }),
    originate: (params: OriginateParams) => call<AriChannel>('channels', 'originate', { ...params }),
    continueInDialplan: (channelId, context, extension, priority) =>
      call('channels', 'continueInDialplan', { channelId, context, extension, priority }),
    snoop: (channelId, options) => call<AriChannel>('channels', 'snoopChannel', { channelId, ...options }),
    record: (channelId, options) => call('channels', 'record', { channelId, ...options }),
    listBridges: () => call<AriBridge[]>('bridges', 'list'),
    createBridge: (bridgeId, type, name) => call<AriBridge>('bridges', 'create', { bridgeId, type, name }),
    destroyBridge: (bridgeId) => call('bridges', 'destroy', { bridgeId }),
    addChannelToBridge: (bridgeId, channelId) =>
      call('bridges', 'addChannel', { bridgeId, channel: channelId }),
    removeChannelFromBridge: (bridgeId, channelId) =>
      call('bridges', 'removeChannel', { bridgeId, channel: channelId }),
    recordBridge: (bridgeId, options) => call('bridges', 'record', { bridgeId, ...options }),
    startBridgeMoh: (bridgeId, mohClass) =>
      call('bridges', 'startMoh', mohClass ? { bridgeId, mohClass } : { bridgeId }),
    async getLiveRecording(recordingName) {
      try {
        return await call<AriLiveRecording>('recordings', 'getLive', { recordingName });
      } catch (err) {
        if ((err as { notFound?: boolean }).notFound) return null;
        throw err;
      }
    },
    pauseLiveRecording: (recordingName) => call('recordings', 'pause', { recordingName }),
    unpauseLiveRecording: (recordingName) => call('recordings', 'unpause', { recordingName }),
    updateConfigObject: (ref, fields) => call<ConfigField[]>('asterisk', 'updateObject', { ...ref, fields }),
    async getConfigObject(ref) {
      try {
        return await call<ConfigField[]>('asterisk', 'getObject', { ...ref });
      } catch (err) {
        if ((err as { notFound?: boolean }).notFound) return null;
        throw err;
      }
    },
    async deleteConfigObject(ref) {
      try {
        await call('asterisk', 'deleteObject', { ...ref });
        return true;
      } catch (err) {
        if ((err as { notFound?: boolean }).notFound) return false;
        throw err;
      }
    },
  };
}
