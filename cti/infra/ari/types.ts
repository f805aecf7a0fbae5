// The slices of ARI's data model the product reads. Field names are Asterisk's own (snake_case).

export interface AriCallerId {
  name: string;
  number: string;
}

export interface AriChannel {
  id: string;
  name: string;
  state: string;
  caller: AriCallerId;
  connected: AriCallerId;
  dialplan: { context: string; exten: string; priority: number; app_name?: string; app_data?: string };
  creationtime: string;
  language: string;
}

export interface AriBridge {
  id: string;
  name: string;
  bridge_type: string;
  bridge_class: string;
  technology: string;
  creator: string;
  channels: string[];
}

export interface AriPlayback {
  id: string;
  media_uri: string;
  target_uri: string;
  state: string;
}

interface AriEventBase {
  type: string;
  application: string;
  timestamp: string;
  asterisk_id?: string;
}

export interface StasisStartEvent extends AriEventBase {
  type: 'StasisStart';
  args: string[];
  channel: AriChannel;
  replace_channel?: AriChannel;
}
export interface StasisEndEvent extends AriEventBase {
  type: 'StasisEnd';
  channel: AriChannel;
}
export interface ChannelStateChangeEvent extends AriEventBase {
  type: 'ChannelStateChange';
  channel: AriChannel;
}
export interface ChannelDestroyedEvent extends AriEventBase {
  type: 'ChannelDestroyed';
  channel: AriChannel;
  cause: number;
  cause_txt: string;
}
export interface ChannelHangupRequestEvent extends AriEventBase {
  type: 'ChannelHangupRequest';
  channel: AriChannel;
  cause?: number;
  soft?: boolean;
}
export interface ChannelDtmfReceivedEvent extends AriEventBase {
  type: 'ChannelDtmfReceived';
  channel: AriChannel;
  digit: string;
  duration_ms: number;
}
export interface PlaybackEvent extends AriEventBase {
  type: 'PlaybackStarted' | 'PlaybackFinished';
  playback: AriPlayback;
}
export interface ChannelBridgeEvent extends AriEventBase {
  type: 'ChannelEnteredBridge' | 'ChannelLeftBridge';
  bridge: AriBridge;
  channel: AriChannel;
}
export interface AriLiveRecording {
  name: string;
  format: string;
  state: string;
  target_uri: string;
  /** Whole seconds; Asterisk fills these in once the recording is done. */
  duration?: number;
  talking_duration?: number;
  silence_duration?: number;
  cause?: string;
}
export interface RecordingEvent extends AriEventBase {
  type: 'RecordingStarted' | 'RecordingFinished' | 'RecordingFailed';
  recording: AriLiveRecording;
}
export interface OtherAriEvent extends AriEventBase {
  type:
    | 'ApplicationReplaced'
    | 'BridgeDestroyed'
    | 'ChannelVarset'
    | 'Dial'
    | 'ChannelConnectedLine'
    | 'ChannelDialplan';
}

export type AriEvent =
  | StasisStartEvent
  | StasisEndEvent
  | ChannelStateChangeEvent
  | ChannelDestroyedEvent
  | ChannelHangupRequestEvent
  | ChannelDtmfReceivedEvent
  | PlaybackEvent
  | ChannelBridgeEvent
  | RecordingEvent
  | OtherAriEvent;

export type AriEventType = AriEvent['type'];

export interface OriginateParams {
  endpoint: string;
  channelId?: string;
  otherChannelId?: string;
  app?: string;
  appArgs?: string;
  context?: string;
  extension?: string;
  priority?: number;
  callerId?: string;
  timeout?: number;
  variables?: Record<string, string>;
}

/** POST /channels/{channelId}/snoop: a channel that hears (spy) and speaks into (whisper) another. */
export interface SnoopOptions {
  spy: 'none' | 'in' | 'out' | 'both';
  whisper: 'none' | 'in' | 'out' | 'both';
  app: string;
  appArgs: string;
  /** Our own id for the snoop channel: its StasisStart can arrive before the answer. */
  snoopId: string;
}

/** The REST operations the product uses; only infra/ari knows that ari-client is behind it. */
export interface AriRest {
  asteriskInfo(): Promise<{ system?: { version?: string }; status?: { startup_time?: string } }>;
  /** Sounds Asterisk can play, by id (e.g. "hello-world"), with their languages and formats. */
  listSounds(): Promise<Array<{ id: string; formats: Array<{ language: string; format: string }> }>>;
  listChannels(): Promise<AriChannel[]>;
  getChannel(channelId: string): Promise<AriChannel | null>;
  answer(channelId: string): Promise<void>;
  hangup(channelId: string, reason?: 'normal' | 'busy' | 'congestion' | 'no_answer'): Promise<void>;
  play(channelId: string, media: string | string[], playbackId: string): Promise<void>;
  stopPlayback(playbackId: string): Promise<void>;
  getVariable(channelId: string, variable: string): Promise<string | null>;
  setVariable(channelId: string, variable: string, value: string): Promise<void>;
  originate(params: OriginateParams): Promise<AriChannel>;
  /** Leaves Stasis and continues the channel in the dialplan (StasisEnd follows). */
  continueInDialplan(channelId: string, context: string, extension: string, priority: number): Promise<void>;
  /** A Snoop channel on `channelId` that enters `options.app` (supervision: listen, whisper, barge). */
  snoop(channelId: string, options: SnoopOptions): Promise<AriChannel>;
  record(
    channelId: string,
    options: {
      name: string;
      format: string;
      maxDurationSeconds: number;
      beep: boolean;
      terminateOn: string;
      ifExists: 'fail' | 'overwrite';
    },
  ): Promise<void>;
  listBridges(): Promise<AriBridge[]>;
  createBridge(bridgeId: string, type: string, name: string): Promise<AriBridge>;
  destroyBridge(bridgeId: string): Promise<void>;
  addChannelToBridge(bridgeId: string, channelId: string): Promise<void>;
  removeChannelFromBridge(bridgeId: string, channelId: string): Promise<void>;
  /** Records what the bridge mixes into Asterisk's recordings directory. */
  recordBridge(
    bridgeId: string,
    options: { name: string; format: string; ifExists: 'fail' | 'overwrite'; beep: boolean },
  ): Promise<void>;
  startBridgeMoh(bridgeId: string, mohClass?: string): Promise<void>;
  /** A recording Asterisk is making (state queued, recording or paused), or null once it has none by that name. */
  getLiveRecording(recordingName: string): Promise<AriLiveRecording | null>;
  /** Stops writing audio until unpaused: the paused span is left out of the file, not filled with silence. */
  pauseLiveRecording(recordingName: string): Promise<void>;
  unpauseLiveRecording(recordingName: string): Promise<void>;
  /**
   * ARI push configuration: creates or updates a sorcery object (e.g. res_pjsip endpoint) in a
   * writable wizard; returns the object's fields as Asterisk now holds them.
   */
  updateConfigObject(ref: ConfigObjectRef, fields: ConfigField[]): Promise<ConfigField[]>;
  /** A pushed or file-defined object's fields, or null when Asterisk has no object by that id. */
  getConfigObject(ref: ConfigObjectRef): Promise<ConfigField[] | null>;
  /** Deletes a pushed object; false when it was already gone. */
  deleteConfigObject(ref: ConfigObjectRef): Promise<boolean>;
}

/** A sorcery object as ARI's /asterisk/config/dynamic/{configClass}/{objectType}/{id} names it. */
export interface ConfigObjectRef {
  configClass: string;
  objectType: string;
  id: string;
}

export interface ConfigField {
  attribute: string;
  value: string;
}
