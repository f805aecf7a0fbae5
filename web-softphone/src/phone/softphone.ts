import * as JsSIP from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession.js';
import type { RTCSessionEvent } from 'jssip/lib/UA.js';
import { ApiError, api } from '../lib/api.js';
import { getState, type Registration, update } from '../store.js';
import type { SoftphoneCredentials } from '../types.js';
import { savedInput, savedOutput, setOutput } from './devices.js';
import { audioConstraints, micStateOf, probeMicrophone, watchMicPermission } from './microphone.js';

/**
 * The browser phone: JsSIP over websocket to Asterisk. Credentials come from the daemon and live
 * only in this object. JsSIP itself reconnects a dropped websocket and registers again; this
 * class reports each step, fetches fresh credentials before they expire, and plays the far end
 * through one <audio> element.
 */

const RETRY_REGISTER_MS = 15_000;

export class Softphone {
  private ua: JsSIP.UA | null = null;
  private session: RTCSession | null = null;
  private creds: SoftphoneCredentials | null = null;
  private everRegistered = false;
  private stopped = true;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private clearTimer: ReturnType<typeof setTimeout> | null = null;
  private localStream: MediaStream | null = null;
  readonly audio: HTMLAudioElement;

  constructor() {
    this.audio = document.createElement('audio');
    this.audio.autoplay = true;
    this.audio.dataset.testid = 'remote-audio';
    this.audio.hidden = true;
    document.body.append(this.audio);
    const out = savedOutput();
    if (out) void setOutput(this.audio, out).catch(() => {});
    (window as unknown as { switchboardDebug: unknown }).switchboardDebug = this.debugView();
  }

  /** What a browser test reads: harmless in production, and holds no secret. */
  private debugView() {
    const self = this;
    return {
      get registrationState(): Registration {
        return getState().registration;
      },
      get sessionState(): string {
        const call = getState().call;
        return call ? call.status : 'idle';
      },
      get micState(): string {
        return getState().mic;
      },
      get peerConnection(): RTCPeerConnection | null {
        return (self.session?.connection as RTCPeerConnection | undefined) ?? null;
      },
      get remoteAudio(): HTMLAudioElement {
        return self.audio;
      },
    };
  }

  async start(): Promise<void> {
    this.stopped = false;
    if (!('RTCPeerConnection' in window)) {
      this.setRegistration('unavailable', 'webrtc');
      return;
    }
    void watchMicPermission((state) => {
      if (state === 'granted') void this.checkMicrophone();
      else if (state === 'denied') update({ mic: 'denied' });
    });
    void this.checkMicrophone();
    await this.connect();
  }

  stop(): void {
    this.stopped = true;
    for (const timer of [this.refreshTimer, this.retryTimer, this.clearTimer]) if (timer) clearTimeout(timer);
    this.session?.terminate();
    this.ua?.stop();
    this.ua = null;
    this.creds = null;
    this.releaseMicrophone();
  }

  async checkMicrophone(): Promise<void> {
    update({ mic: await probeMicrophone(savedInput()) });
  }

  /** Fetches credentials and (re)starts the user agent; called at start and by "Reconnect phone". */
  async connect(): Promise<void> {
    if (this.stopped) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.setRegistration(this.everRegistered ? 'reconnecting' : 'connecting');
    try {
      this.creds = await api<SoftphoneCredentials>('POST', '/api/softphone/credentials', {});
    } catch (err) {
      if (err instanceof ApiError && (err.status === 403 || err.status === 404)) {
        this.setRegistration('unavailable', err.message);
        return;
      }
      this.setRegistration('failed', err instanceof ApiError ? err.message : String(err));
      this.retryLater();
      return;
    }
    this.scheduleRefresh();
    this.ua?.stop();
    this.ua = this.createUserAgent(this.creds);
    this.ua.start();
  }

  private createUserAgent(creds: SoftphoneCredentials): JsSIP.UA {
    const ua = new JsSIP.UA({
      sockets: creds.wsServers.map((url) => new JsSIP.WebSocketInterface(url)),
      uri: creds.sipUri,
      authorization_user: creds.authorizationUser,
      password: creds.password,
      display_name: creds.displayName,
      register: true,
      register_expires: 300,
      session_timers: false,
      connection_recovery_min_interval: 2,
      connection_recovery_max_interval: 30,
      user_agent: 'Switchboard agent desktop',
    });
    ua.on('connecting', () => {
      if (ua !== this.ua) return;
      this.setRegistration(this.everRegistered ? 'reconnecting' : 'connecting');
    });
    ua.on('disconnected', () => {
      if (ua !== this.ua || this.stopped) return;
      this.setRegistration('reconnecting');
    });
    ua.on('registered', () => {
      if (ua !== this.ua) return;
      this.everRegistered = true;
      this.setRegistration('registered');
    });
    ua.on('unregistered', () => {
      if (ua !== this.ua || this.stopped) return;
      this.setRegistration('reconnecting');
    });
    ua.on('registrationFailed', (e) => {
      if (ua !== this.ua || this.stopped) return;
      const status = (e.response as { status_code?: number } | undefined)?.status_code;
      // Stale credentials: ask the daemon for new ones rather than retrying a password that failed.
      if (status === 401 || status === 403 || e.cause === JsSIP.C.causes.AUTHENTICATION_ERROR) {
        this.setRegistration('reconnecting');
        this.retryLater(2000);
        return;
      }
      this.setRegistration('failed', String(e.cause ?? status ?? 'unknown'));
      this.retryLater();
    });
    ua.on('newRTCSession', (e: RTCSessionEvent) => {
      if (ua !== this.ua) return;
      if (e.originator !== 'remote' || !('request' in e)) return;
      if (this.session && !this.session.isEnded()) {
        e.session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
        return;
      }
      this.adopt(e.session, e.request?.from?.uri?.user ?? e.request?.from?.display_name ?? '');
    });
    return ua;
  }

  private retryLater(ms = RETRY_REGISTER_MS): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), ms);
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    if (!this.creds) return;
    const due = Date.parse(this.creds.expiresAt) - Date.now() - 60_000;
    if (!Number.isFinite(due)) return;
    this.refreshTimer = setTimeout(() => void this.refreshCredentials(), Math.max(10_000, due));
  }

  /** New credentials before the old ones expire; a live call keeps its registration until it ends. */
  private async refreshCredentials(): Promise<void> {
    if (this.stopped) return;
    if (this.session && !this.session.isEnded()) {
      this.refreshTimer = setTimeout(() => void this.refreshCredentials(), 15_000);
      return;
    }
    await this.connect();
  }

  private adopt(session: RTCSession, remote: string): void {
    if (this.clearTimer) clearTimeout(this.clearTimer);
    this.session = session;
    update({ call: { status: 'ringing', remote, muted: false, held: false, startedAt: null } });
    const patchCall = (patch: Partial<NonNullable<ReturnType<typeof getState>['call']>>) => {
      if (this.session !== session) return;
      update((s) => ({ call: s.call ? { ...s.call, ...patch } : s.call }));
    };
    session.on('peerconnection', (e) => this.attachRemoteAudio(e.peerconnection as RTCPeerConnection));
    session.on('accepted', () => patchCall({ status: 'active', startedAt: Date.now() }));
    session.on('confirmed', () => {
      patchCall({ status: 'active' });
      if (session.connection) this.attachRemoteAudio(session.connection as RTCPeerConnection);
    });
    session.on('hold', () => patchCall({ held: true }));
    session.on('unhold', () => patchCall({ held: false }));
    session.on('muted', () => patchCall({ muted: true }));
    session.on('unmuted', () => patchCall({ muted: false }));
    const finish = () => {
      if (this.session !== session) return;
      patchCall({ status: 'ended' });
      this.releaseMicrophone();
      this.audio.srcObject = null;
      this.clearTimer = setTimeout(() => {
        if (this.session === session) {
          this.session = null;
          update({ call: null });
        }
      }, 2000);
    };
    session.on('ended', finish);
    session.on('failed', finish);
  }

  private attachRemoteAudio(pc: RTCPeerConnection): void {
    const play = (stream: MediaStream) => {
      if (this.audio.srcObject !== stream) this.audio.srcObject = stream;
      void this.audio.play().catch(() => {});
    };
    pc.addEventListener('track', (ev) => play(ev.streams[0] ?? new MediaStream([ev.track])));
    const receivers = pc.getReceivers().filter((r) => r.track?.kind === 'audio');
    if (receivers.length > 0) play(new MediaStream(receivers.map((r) => r.track)));
  }

  private releaseMicrophone(): void {
    for (const track of this.localStream?.getTracks() ?? []) track.stop();
    this.localStream = null;
  }

  /** Answers with the chosen microphone; a refused microphone leaves the call ringing so the agent can fix it. */
  async answer(): Promise<void> {
    const session = this.session;
    if (!session || getState().call?.status !== 'ringing') return;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(audioConstraints(savedInput()));
    } catch (err) {
      const mic = micStateOf(err);
      if (mic === 'notfound' && savedInput()) {
        try {
          stream = await navigator.mediaDevices.getUserMedia(audioConstraints(null));
        } catch (again) {
          update({ mic: micStateOf(again) });
          return;
        }
      } else {
        update({ mic });
        return;
      }
    }
    update({ mic: 'ok', call: { ...getState().call!, status: 'connecting' } });
    this.localStream = stream;
    session.answer({
      mediaStream: stream,
      pcConfig: { iceServers: this.creds?.iceServers ?? [] },
    });
  }

  reject(): void {
    if (this.session && getState().call?.status === 'ringing')
      this.session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
  }

  hangup(): void {
    if (this.session && !this.session.isEnded()) this.session.terminate();
  }

  toggleMute(): void {
    if (!this.session?.isEstablished()) return;
    if (this.session.isMuted().audio) this.session.unmute({ audio: true });
    else this.session.mute({ audio: true });
  }

  toggleHold(): void {
    if (!this.session?.isEstablished()) return;
    if (this.session.isOnHold().local) this.session.unhold();
    else this.session.hold();
  }

  sendDtmf(digit: string): boolean {
    if (!this.session?.isEstablished() || !/^[0-9*#A-D]$/.test(digit)) return false;
    this.session.sendDTMF(digit, { transportType: 'RFC2833' } as never);
    return true;
  }

  /** A SIP REFER, for calls the ACD does not know (an ACD call is transferred through the API). */
  referTo(number: string): void {
    if (!this.session?.isEstablished() || !this.ua || !this.creds) return;
    const host = this.creds.sipUri.replace(/^sips?:[^@]*@/, '');
    this.session.refer(`sip:${number}@${host}`);
  }

  /** Switches the microphone mid-call without renegotiating. */
  async useInput(deviceId: string): Promise<void> {
    const pc = this.session?.connection as RTCPeerConnection | undefined;
    if (!pc || !this.session?.isEstablished()) return;
    const stream = await navigator.mediaDevices.getUserMedia(audioConstraints(deviceId || null));
    const track = stream.getAudioTracks()[0];
    const sender = pc.getSenders().find((s) => s.track?.kind === 'audio');
    if (track && sender) {
      await sender.replaceTrack(track);
      this.releaseMicrophone();
      this.localStream = stream;
    }
  }

  private setRegistration(registration: Registration, reason: string | null = null): void {
    update({ registration, registrationReason: reason });
  }
}
