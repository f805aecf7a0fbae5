/**
 * One live call inside the Stasis app. Work for a call runs strictly in order (ARI events of one
 * channel arrive ordered; our reactions to them must not interleave), and everything the call
 * waits for is released when it hangs up.
 */
export class CallSession {
  /** Set before the daemon itself hangs up, so the log can tell who ended the call. */
  hungUpByDaemon = false;
  /** Q.850 cause from ChannelHangupRequest: once a channel leaves the app no ChannelDestroyed follows. */
  hangupCause: number | null = null;
  ended = false;
  /** Where the caller's keys go right now (the IVR port sets it); null drops them. */
  digitListener: ((digit: string) => void) | null = null;
  /** Set when the call leaves the app on purpose (transfer): its end is then not a hangup. */
  leftAppTo: string | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly endListeners: Array<() => void> = [];
  private readonly recordingWaiters = new Map<string, (result: RecordingResult) => void>();
  private readonly playbackWaiters = new Map<string, () => void>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly channelId: string,
    readonly callId: number,
    private readonly onError: (err: unknown, session: CallSession) => void,
  ) {}

  enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.chain.then(async () => {
      if (this.ended) return;
      try {
        await work();
      } catch (err) {
        if (!this.ended) this.onError(err, this);
      }
    });
    this.chain = next;
    return next;
  }

  /** Resolves when Asterisk reports the playback finished, or the call ends first. */
  waitForPlayback(playbackId: string): Promise<void> {
    return new Promise((resolve) => this.playbackWaiters.set(playbackId, resolve));
  }

  playbackFinished(playbackId: string): void {
    this.playbackWaiters.get(playbackId)?.();
    this.playbackWaiters.delete(playbackId);
  }

  digitReceived(digit: string): void {
    this.digitListener?.(digit);
  }

  /** Resolves when the recording of that name finishes or fails, or the call ends first. */
  waitForRecording(name: string): Promise<RecordingResult> {
    return new Promise((resolve) => this.recordingWaiters.set(name, resolve));
  }

  recordingDone(name: string, result: RecordingResult): void {
    this.recordingWaiters.get(name)?.(result);
    this.recordingWaiters.delete(name);
  }

  /** Runs once the channel is gone (at once if it already is). */
  onEnd(listener: () => void): void {
    if (this.ended) listener();
    else this.endListeners.push(listener);
  }

  after(ms: number, work: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.enqueue(work);
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  /** The channel is gone: stop timers and let anything waiting on it go. */
  end(): void {
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const release of this.playbackWaiters.values()) release();
    this.playbackWaiters.clear();
    for (const release of this.recordingWaiters.values()) release({ state: 'hangup' });
    this.recordingWaiters.clear();
    this.digitListener = null;
    for (const listener of this.endListeners.splice(0)) listener();
  }
}

export interface RecordingResult {
  state: 'done' | 'failed' | 'hangup';
  durationSeconds?: number;
  cause?: string;
}
