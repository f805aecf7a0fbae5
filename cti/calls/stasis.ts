import { AriRequestError, ignoreNotFound } from '../infra/ari/errors.js';
import type {
  AriEvent,
  AriRest,
  ChannelDestroyedEvent,
  ChannelHangupRequestEvent,
  ChannelStateChangeEvent,
  PlaybackEvent,
  RecordingEvent,
  StasisEndEvent,
  StasisStartEvent,
} from '../infra/ari/types.js';
import type { Logger } from '../infra/logger.js';
import { parseAriTime } from './ari-time.js';
import type { CallHandler } from './call-handler.js';
import type { CallEnd, CallLog } from './call-log.js';
import { CallSession } from './call-session.js';
import type { CallTracker } from './call-tracker.js';
import { hangupCauseText } from './hangup-causes.js';

export interface CallStasisDeps {
  rest: () => AriRest;
  callLog: CallLog;
  tracker: CallTracker;
  handler: CallHandler;
  logger: Logger;
  clock: () => Date;
}

/** ARI event handlers for calls in the app: log each call, hand it to the call handler, close it on hangup. */
export class CallStasisHandlers {
  private readonly log: Logger;

  constructor(private readonly deps: CallStasisDeps) {
    this.log = deps.logger.child({ component: 'calls' });
  }

  handle = (event: AriEvent): void => {
    if (event.type === 'StasisStart') this.stasisStart(event);
    else if (event.type === 'ChannelStateChange') this.stateChange(event);
    else if (event.type === 'ChannelHangupRequest') this.hangupRequested(event);
    else if (event.type === 'StasisEnd') this.stasisEnd(event);
    else if (event.type === 'ChannelDestroyed') this.destroyed(event);
    else if (event.type === 'PlaybackFinished') this.playbackFinished(event);
    else if (event.type === 'ChannelDtmfReceived')
      this.deps.tracker.get(event.channel.id)?.digitReceived(event.digit);
    else if (event.type === 'RecordingFinished' || event.type === 'RecordingFailed')
      this.recordingDone(event);
  };

  private stasisStart(event: StasisStartEvent): void {
    const { channel, args } = event;
    if (args[0] !== 'inbound') {
      // Channels the daemon originates itself (agents, snoops) arrive with other args: not calls to log here.
      return;
    }
    if (this.deps.tracker.get(channel.id)) return;
    const row = this.deps.callLog.recordStart({
      channelId: channel.id,
      callerNumber: channel.caller.number || null,
      callerName: channel.caller.name || null,
      dialedNumber: args[1] ?? (channel.dialplan.exten || null),
      startedAt: parseAriTime(channel.creationtime, this.deps.clock()),
    });
    const session = this.newSession(channel.id, row.id);
    this.log.info(
      { callId: row.id, channelId: channel.id, caller: channel.caller.number, dialed: args[1] },
      'call entered',
    );
    void session.enqueue(() => this.deps.handler.start({ session, channel, args }));
  }

  /** Also used by reconciliation to adopt a call it found in the app. */
  newSession(channelId: string, callId: number): CallSession {
    const session = new CallSession(channelId, callId, (err, s) => this.failed(err, s));
    this.deps.tracker.add(session);
    return session;
  }

  private stateChange(event: ChannelStateChangeEvent): void {
    if (event.channel.state !== 'Up' || !this.deps.tracker.get(event.channel.id)) return;
    this.deps.callLog.recordAnswer(event.channel.id, parseAriTime(event.timestamp, this.deps.clock()));
  }

  private hangupRequested(event: ChannelHangupRequestEvent): void {
    const session = this.deps.tracker.get(event.channel.id);
    if (session && event.cause !== undefined) session.hangupCause = event.cause;
  }

  /** The last event Asterisk sends for a channel leaving the app: no ChannelDestroyed follows it. */
  private stasisEnd(event: StasisEndEvent): void {
    const session = this.deps.tracker.get(event.channel.id);
    if (!session) return;
    if (session.leftAppTo !== null && session.hangupCause === null) {
      this.closeCall(session, event.timestamp, null, `left the app: ${session.leftAppTo}`, 'transferred');
      return;
    }
    const cause = session.hangupCause ?? (session.hungUpByDaemon ? 16 : null);
    this.closeCall(session, event.timestamp, cause, hangupCauseText(cause));
  }

  /** For a channel destroyed while still in the app, should Asterisk ever report it that way. */
  private destroyed(event: ChannelDestroyedEvent): void {
    const session = this.deps.tracker.get(event.channel.id);
    if (session) this.closeCall(session, event.timestamp, event.cause, event.cause_txt);
  }

  private closeCall(
    session: CallSession,
    timestamp: string,
    cause: number | null,
    causeText: string | null,
    endedBy: CallEnd['endedBy'] = session.hungUpByDaemon ? 'daemon' : 'caller',
  ): void {
    this.deps.callLog.recordEnd(session.channelId, {
      at: parseAriTime(timestamp, this.deps.clock()),
      cause,
      causeText,
      endedBy,
    });
    this.deps.tracker.remove(session.channelId);
    this.log.info({ callId: session.callId, channelId: session.channelId, cause: causeText }, 'call ended');
  }

  private recordingDone(event: RecordingEvent): void {
    const { target_uri: target, name, duration, cause } = event.recording;
    if (!target.startsWith('channel:')) return;
    const session = this.deps.tracker.get(target.slice('channel:'.length));
    const state = event.type === 'RecordingFinished' ? 'done' : 'failed';
    session?.recordingDone(name, { state, durationSeconds: duration, cause });
  }

  private playbackFinished(event: PlaybackEvent): void {
    const target = event.playback.target_uri;
    if (!target.startsWith('channel:')) return;
    this.deps.tracker.get(target.slice('channel:'.length))?.playbackFinished(event.playback.id);
  }

  /** A step of the call failed (ARI refused, bug): never leave the caller in silence. */
  private failed(err: unknown, session: CallSession): void {
    if (err instanceof AriRequestError && err.notFound) {
      this.log.debug({ channelId: session.channelId, err: err.message }, 'channel vanished mid-step');
      return;
    }
    this.log.error(
      { err, callId: session.callId, channelId: session.channelId },
      'call handling failed; hanging up',
    );
    session.hungUpByDaemon = true;
    ignoreNotFound(this.deps.rest().hangup(session.channelId)).catch((hangupErr) =>
      this.log.error({ err: hangupErr, channelId: session.channelId }, 'hangup after failure also failed'),
    );
  }
}
